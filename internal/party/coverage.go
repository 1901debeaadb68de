package party

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// CoverInput names one enterprise or one social organisation an
// organisation starts to cover, and the day it does.
type CoverInput struct {
	EnterpriseID int64  `json:"enterprise_id"`
	SocialOrgID  int64  `json:"social_org_id"`
	From         string `json:"from"` // YYYY-MM-DD
}

// coverAudit is a coverage change as the audit log records it.
type coverAudit struct {
	OrgID        int64  `json:"org_id"`
	EnterpriseID int64  `json:"enterprise_id,omitempty"`
	SocialOrgID  int64  `json:"social_org_id,omitempty"`
	From         string `json:"from,omitempty"`
	Until        string `json:"until,omitempty"`
}

// Cover records that the organisation covers an enterprise or a social
// organisation from a day. Refused, naming the field, with nothing
// written: an organisation that is not active; an enterprise covered by
// two single-built organisations, or a single-built organisation covering
// two; what lies outside the organisation's unit; an enterprise for an
// organisation of social organisations and the other way round.
func (s *Service) Cover(ctx context.Context, a access.Actor, id int64, in CoverInput) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, err := getOrg(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !writes(a, o.unitPath) {
			return errs.E(errs.NotFound)
		}
		f := errs.Fields{}
		checkDay(f, "from", &in.From, s.today())
		if f["from"] == "" && in.From < o.FoundedOn {
			f.Add("from", "pty.err.before_founding")
		}
		if o.Status != Active {
			f.Add("status", "pty.err.not_active")
		}
		s.checkCover(ctx, tx, f, o, in)
		if err := f.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO party_coverage (org_id, enterprise_id, social_org_id, from_day, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, nullID(in.EnterpriseID), nullID(in.SocialOrgID), in.From, s.now().UnixMicro()); err != nil {
			return errs.Wrap(err, "party cover")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "party_org.cover", Entity: "party_org", EntityID: id,
			After: coverAudit{OrgID: id, EnterpriseID: in.EnterpriseID, SocialOrgID: in.SocialOrgID, From: in.From}})
	})
}

// checkCover names what is wrong with what in names for o.
func (s *Service) checkCover(ctx context.Context, q db.Querier, f errs.Fields, o Org, in CoverInput) {
	switch {
	case (in.EnterpriseID > 0) == (in.SocialOrgID > 0):
		f.Add("enterprise_id", "pty.err.cover_one")
	case in.EnterpriseID > 0:
		var path string
		err := q.QueryRowContext(ctx, `SELECT c.path FROM enterprises e JOIN units c ON c.id = e.community_id WHERE e.id = $1`,
			in.EnterpriseID).Scan(&path)
		switch {
		case err != nil || !strings.HasPrefix(path, o.unitPath):
			f.Add("enterprise_id", "pty.err.enterprise_unknown")
		case !o.Sector.CoversEnterprises():
			f.Add("enterprise_id", "pty.err.cover_sector")
		case count(ctx, q, `SELECT count(*) FROM party_coverage WHERE org_id = $1 AND enterprise_id = $2 AND until_day IS NULL`,
			o.ID, in.EnterpriseID) > 0:
			f.Add("enterprise_id", "pty.err.already_covered")
		case o.Formation == Single && count(ctx, q, `SELECT count(*) FROM party_coverage WHERE org_id = $1 AND until_day IS NULL`, o.ID) > 0:
			f.Add("enterprise_id", "pty.err.single_one")
		case o.Formation == Single && count(ctx, q, `SELECT count(*) FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id
			WHERE k.enterprise_id = $1 AND k.until_day IS NULL AND p.formation = 'single'`, in.EnterpriseID) > 0:
			f.Add("enterprise_id", "pty.err.two_single")
		}
	default:
		var path string
		err := q.QueryRowContext(ctx, `SELECT c.path FROM social_orgs so JOIN units c ON c.id = so.community_id WHERE so.id = $1`,
			in.SocialOrgID).Scan(&path)
		switch {
		case err != nil || !strings.HasPrefix(path, o.unitPath):
			f.Add("social_org_id", "pty.err.social_org_unknown")
		case o.Sector != SocialOrgs:
			f.Add("social_org_id", "pty.err.cover_sector")
		case count(ctx, q, `SELECT count(*) FROM party_coverage WHERE org_id = $1 AND social_org_id = $2 AND until_day IS NULL`,
			o.ID, in.SocialOrgID) > 0:
			f.Add("social_org_id", "pty.err.already_covered")
		}
	}
}

// checkCoverFits names what an edit to o would break in what it covers
// now: a sector that covers no enterprises (or none of the social
// organisations it holds), or a single-built formation over more than
// one enterprise, or over one another single-built organisation covers.
func checkCoverFits(ctx context.Context, q db.Querier, f adder, id int64, o Org) {
	ents := count(ctx, q, `SELECT count(*) FROM party_coverage WHERE org_id = $1 AND until_day IS NULL AND enterprise_id IS NOT NULL`, id)
	socs := count(ctx, q, `SELECT count(*) FROM party_coverage WHERE org_id = $1 AND until_day IS NULL AND social_org_id IS NOT NULL`, id)
	switch {
	case ents > 0 && !o.Sector.CoversEnterprises(), socs > 0 && o.Sector != SocialOrgs:
		f.Add("sector", "pty.err.cover_sector")
	case o.Formation == Single && ents > 1:
		f.Add("formation", "pty.err.single_one")
	case o.Formation == Single && count(ctx, q, `SELECT count(*) FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id
		WHERE k.until_day IS NULL AND p.formation = 'single' AND p.id <> $1 AND k.enterprise_id IN
		(SELECT enterprise_id FROM party_coverage WHERE org_id = $1 AND until_day IS NULL)`, id) > 0:
		f.Add("formation", "pty.err.two_single")
	}
}

// adder takes a field's error: errs.Fields, or a wrapper that reports
// them on another field.
type adder interface{ Add(field, msg string) }

// count reads one number; a failing query counts as nothing found, and
// the transaction's next write reports the database's trouble.
func count(ctx context.Context, q db.Querier, query string, args ...any) int {
	var n int
	_ = q.QueryRowContext(ctx, query, args...).Scan(&n)
	return n
}

// UncoverInput ends a coverage on a day.
type UncoverInput struct {
	Until string `json:"until"` // YYYY-MM-DD, the first day not covered
}

// Uncover ends the coverage coverID of the organisation on a day.
func (s *Service) Uncover(ctx context.Context, a access.Actor, id, coverID int64, in UncoverInput) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		o, err := getOrg(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !writes(a, o.unitPath) {
			return errs.E(errs.NotFound)
		}
		var from string
		var ent, soc sql.NullInt64
		err = tx.QueryRowContext(ctx, `SELECT from_day, enterprise_id, social_org_id FROM party_coverage
			WHERE id = $1 AND org_id = $2 AND until_day IS NULL`, coverID, id).Scan(&from, &ent, &soc)
		if errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound)
		} else if err != nil {
			return errs.Wrap(err, "party coverage get")
		}
		f := errs.Fields{}
		checkDay(f, "until", &in.Until, s.today())
		if f["until"] == "" && in.Until < from {
			f.Add("until", "pty.err.before_cover")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE party_coverage SET until_day = $1 WHERE id = $2", in.Until, coverID); err != nil {
			return errs.Wrap(err, "party uncover")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "party_org.uncover", Entity: "party_org", EntityID: id,
			After: coverAudit{OrgID: id, EnterpriseID: ent.Int64, SocialOrgID: soc.Int64, Until: in.Until}})
	})
}

// Coverage lists what the organisation covers and covered, the current
// first.
func (s *Service) Coverage(ctx context.Context, a access.Actor, id int64) ([]Covered, error) {
	if _, err := getOrg(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT k.id, COALESCE(k.enterprise_id, 0), COALESCE(k.social_org_id, 0),
		COALESCE(e.name, so.name, ''), COALESCE(c.name, ''), k.from_day, COALESCE(k.until_day, '')
		FROM party_coverage k
		LEFT JOIN enterprises e ON e.id = k.enterprise_id
		LEFT JOIN social_orgs so ON so.id = k.social_org_id
		LEFT JOIN units c ON c.id = COALESCE(e.community_id, so.community_id)
		WHERE k.org_id = $1 ORDER BY CASE WHEN k.until_day IS NULL THEN 0 ELSE 1 END, k.from_day, k.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "party coverage")
	}
	defer func() { _ = rows.Close() }()
	out := []Covered{}
	for rows.Next() {
		var c Covered
		if err := rows.Scan(&c.ID, &c.EnterpriseID, &c.SocialOrgID, &c.Name, &c.CommunityName, &c.From, &c.Until); err != nil {
			return nil, errs.Wrap(err, "party coverage scan")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "party coverage")
}
