package party

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// EndInput is a merger or a dissolution: the day, and for a merger the
// organisation it goes into.
type EndInput struct {
	Day    string `json:"day"` // YYYY-MM-DD
	IntoID int64  `json:"into_id"`
	Note   string `json:"note"`
}

// Dissolve ends an active organisation on a day: what it covers is no
// longer covered from that day. One with active organisations under it
// is refused; they are merged or dissolved first.
func (s *Service) Dissolve(ctx context.Context, a access.Actor, id int64, in EndInput) (Org, error) {
	return s.end(ctx, a, id, in, Dissolved)
}

// Merge ends an active organisation on a day by merging it into another
// active one: what it covers and the organisations under it go to the
// other from that day, on the other's rules (a single-built one covers one
// enterprise).
func (s *Service) Merge(ctx context.Context, a access.Actor, id int64, in EndInput) (Org, error) {
	return s.end(ctx, a, id, in, Merged)
}

func (s *Service) end(ctx context.Context, a access.Actor, id int64, in EndInput, to Status) (Org, error) {
	var out Org
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getOrg(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !writes(a, was.unitPath) {
			return errs.E(errs.NotFound)
		}
		f := errs.Fields{}
		checkText(f, "note", &in.Note, MaxNote, false)
		checkDay(f, "day", &in.Day, s.today())
		if f["day"] == "" && in.Day < was.FoundedOn {
			f.Add("day", "pty.err.before_founding")
		}
		if was.Status != Active {
			f.Add("status", "pty.err.not_active")
		}
		var into Org
		if to == Merged {
			into = s.checkInto(ctx, tx, a, f, was, in)
		} else if count(ctx, tx, "SELECT count(*) FROM party_orgs WHERE parent_id = $1 AND status = 'active'", id) > 0 {
			f.Add("status", "pty.err.has_children")
		}
		if err := f.Err(); err != nil {
			return err
		}
		o := was
		o.Status, o.EndedOn, o.UpdatedAt, o.Covers = to, in.Day, s.now(), 0
		if !o.UpdatedAt.After(was.UpdatedAt) {
			o.UpdatedAt = was.UpdatedAt.Add(time.Microsecond)
		}
		if to == Merged {
			o.MergedIntoID = into.ID
			if err := moveCoverage(ctx, tx, id, into.ID, in.Day, o.UpdatedAt.UnixMicro()); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE party_coverage SET until_day = $1 WHERE org_id = $2 AND until_day IS NULL", in.Day, id); err != nil {
			return errs.Wrap(err, "party end coverage")
		}
		if err := updateOrg(ctx, tx, o, was); err != nil {
			return err
		}
		kind := EventDissolved
		if to == Merged {
			kind = EventMerged
		}
		if err := addEvent(ctx, tx, id, kind, in.Day, o.MergedIntoID, in.Note, a.UserID, o.UpdatedAt.UnixMicro()); err != nil {
			return err
		}
		out = o
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "party_org." + string(to), Entity: "party_org", EntityID: id,
			Before: was.auditView(), After: o.auditView()})
	})
	return out, err
}

// checkInto reads the organisation a merger goes into and names what is
// wrong with it.
func (s *Service) checkInto(ctx context.Context, tx *sql.Tx, a access.Actor, f errs.Fields, was Org, in EndInput) Org {
	if in.IntoID <= 0 {
		f.Add("into_id", "err.required")
		return Org{}
	}
	into, err := getOrg(ctx, tx, a, in.IntoID)
	switch {
	case err != nil || in.IntoID == was.ID || into.Status != Active:
		f.Add("into_id", "pty.err.into")
	case below(ctx, tx, in.IntoID, was.ID):
		f.Add("into_id", "pty.err.parent_cycle")
	case count(ctx, tx, "SELECT count(*) FROM party_coverage WHERE org_id = $1 AND until_day IS NULL", was.ID) > 0:
		checkCoverFits(ctx, tx, intoFields(f), was.ID, into)
		if into.Formation == Single && into.Covers > 0 {
			f.Add("into_id", "pty.err.single_one")
		}
	}
	return into
}

// intoFields reports the fields of checkCoverFits on into_id, since the
// merger's target is what does not fit.
type intoFields errs.Fields

func (f intoFields) Add(_, msg string) { errs.Fields(f).Add("into_id", msg) }

// moveCoverage gives the target from day what the merged organisation
// covers and it does not, and moves the active organisations under the
// merged one under the target.
func moveCoverage(ctx context.Context, tx *sql.Tx, from, to int64, day string, at int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO party_coverage (org_id, enterprise_id, social_org_id, from_day, created_at)
		SELECT $1, k.enterprise_id, k.social_org_id, $2, $3 FROM party_coverage k WHERE k.org_id = $4 AND k.until_day IS NULL
		AND NOT EXISTS (SELECT 1 FROM party_coverage t WHERE t.org_id = $1 AND t.until_day IS NULL
			AND (t.enterprise_id = k.enterprise_id OR t.social_org_id = k.social_org_id))`, to, day, at, from); err != nil {
		return errs.Wrap(err, "party move coverage")
	}
	_, err := tx.ExecContext(ctx, "UPDATE party_orgs SET parent_id = $1 WHERE parent_id = $2 AND status = 'active'", to, from)
	return errs.Wrap(err, "party move children")
}
