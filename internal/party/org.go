package party

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// fromInput is the organisation in (already validated) describes.
func fromInput(in OrgInput) Org {
	return Org{Name: in.Name, UnitID: in.UnitID, ParentID: in.ParentID, Level: in.Level, Sector: in.Sector,
		Formation: in.Formation, FoundedOn: in.FoundedOn, Secretary: in.Secretary, MemberCount: in.MemberCount,
		Address: in.Address, Lng: in.Lng, Lat: in.Lat, Status: Active}
}

// Create registers an organisation, its history starting with its
// founding. Any invalid field is named and nothing is written.
func (s *Service) Create(ctx context.Context, a access.Actor, in OrgInput) (Org, error) {
	if !Writes(a) {
		return Org{}, errs.E(errs.NotFound)
	}
	f := in.validate(s.today())
	o := fromInput(in)
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		resolve(ctx, tx, a, f, in, 0, &o)
		if err := f.Err(); err != nil {
			return err
		}
		o.CreatedAt = s.now()
		o.UpdatedAt = o.CreatedAt
		if err := insertOrg(ctx, tx, &o, a.UserID); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, o.ID, EventSetUp, o.FoundedOn, 0, "", a.UserID, o.CreatedAt.UnixMicro()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "party_org.create", Entity: "party_org", EntityID: o.ID, After: o.auditView()})
	})
	if err != nil {
		return Org{}, err
	}
	return o, nil
}

// Update replaces an active organisation's details. Its sector and
// formation must still fit what it covers: a single-built one covers one
// enterprise, and a sector that covers no enterprises covers none.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in OrgInput) (Org, error) {
	var out Org
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getOrg(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !writes(a, was.unitPath) {
			return errs.E(errs.NotFound)
		}
		f := in.validate(s.today())
		if was.Status != Active {
			f.Add("status", "pty.err.not_active")
		}
		o := fromInput(in)
		resolve(ctx, tx, a, f, in, id, &o)
		if f["sector"] == "" && f["formation"] == "" && was.Covers > 0 {
			checkCoverFits(ctx, tx, f, id, o)
		}
		checkHistoryFits(ctx, tx, f, id, o)
		if err := f.Err(); err != nil {
			return err
		}
		o.ID, o.CreatedAt, o.UpdatedAt, o.Covers = was.ID, was.CreatedAt, s.now(), was.Covers
		if !o.UpdatedAt.After(was.UpdatedAt) {
			o.UpdatedAt = was.UpdatedAt.Add(time.Microsecond)
		}
		if err := updateOrg(ctx, tx, o, was); err != nil {
			return err
		}
		out = o
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "party_org.update", Entity: "party_org", EntityID: id,
			Before: was.auditView(), After: o.auditView()})
	})
	return out, err
}

// Get reads one organisation in the actor's scope.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Org, error) {
	return getOrg(ctx, s.DB.R, a, id)
}

// History is an organisation's events, oldest first.
func (s *Service) History(ctx context.Context, a access.Actor, id int64) ([]Event, error) {
	if _, err := getOrg(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT e.kind, e.day, COALESCE(e.other_id, 0), COALESCE(o.name, ''), e.note
		FROM party_org_events e LEFT JOIN party_orgs o ON o.id = e.other_id WHERE e.org_id = $1 ORDER BY e.day, e.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "party history")
	}
	defer func() { _ = rows.Close() }()
	out := []Event{}
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.Kind, &e.Day, &e.OtherID, &e.OtherName, &e.Note); err != nil {
			return nil, errs.Wrap(err, "party history scan")
		}
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "party history")
}

// checkHistoryFits names what an edit to o would contradict in what it
// covered: a founding after a coverage began, or a unit that no longer
// holds what it covers now.
func checkHistoryFits(ctx context.Context, q db.Querier, f errs.Fields, id int64, o Org) {
	if f["founded_on"] == "" && count(ctx, q, "SELECT count(*) FROM party_coverage WHERE org_id = $1 AND from_day < $2", id, o.FoundedOn) > 0 {
		f.Add("founded_on", "pty.err.after_coverage")
	}
	if f["unit_id"] == "" && o.unitPath != "" && count(ctx, q, `SELECT count(*) FROM party_coverage k
		LEFT JOIN enterprises e ON e.id = k.enterprise_id LEFT JOIN social_orgs so ON so.id = k.social_org_id
		JOIN units c ON c.id = COALESCE(e.community_id, so.community_id)
		WHERE k.org_id = $1 AND k.until_day IS NULL AND c.path NOT LIKE $2`, id, o.unitPath+"%") > 0 {
		f.Add("unit_id", "pty.err.coverage_outside")
	}
}
