package party

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Every query of organisations names the tables alike: p = party_orgs,
// u = its unit, pp = its parent; the scope is written against u.
const orgFrom = ` FROM party_orgs p
	JOIN units u ON u.id = p.unit_id
	LEFT JOIN party_orgs pp ON pp.id = p.parent_id`

// coversNow counts what an organisation covers today (no end set).
const coversNow = `(SELECT count(*) FROM party_coverage k WHERE k.org_id = p.id AND k.until_day IS NULL)`

const orgColumns = `p.id, p.name, p.unit_id, u.name, u.path, COALESCE(p.parent_id, 0), COALESCE(pp.name, ''), p.level, p.sector,
	p.formation, p.founded_on, p.secretary, p.member_count, p.status, COALESCE(p.ended_on, ''), COALESCE(p.merged_into_id, 0),
	p.address, p.lng, p.lat, ` + coversNow + `, p.created_at, p.updated_at`

func scanOrg(row interface{ Scan(...any) error }) (Org, error) {
	var o Org
	var created, updated int64
	var lng, lat sql.NullFloat64
	err := row.Scan(&o.ID, &o.Name, &o.UnitID, &o.UnitName, &o.unitPath, &o.ParentID, &o.ParentName, &o.Level, &o.Sector,
		&o.Formation, &o.FoundedOn, &o.Secretary, &o.MemberCount, &o.Status, &o.EndedOn, &o.MergedIntoID,
		&o.Address, &lng, &lat, &o.Covers, &created, &updated)
	if lng.Valid && lat.Valid {
		o.Lng, o.Lat = &lng.Float64, &lat.Float64
	}
	o.CreatedAt, o.UpdatedAt = db.Time(created), db.Time(updated)
	return o, err
}

// getOrg reads one organisation the actor may see; any other is not
// found, whether it exists or not.
func getOrg(ctx context.Context, q db.Querier, a access.Actor, id int64) (Org, error) {
	var w db.Where
	w.And("p.id = ?", id)
	scopeUnit(&w, a, "u")
	// #nosec G202 -- columns and FROM are constants, the conditions placeholders
	o, err := scanOrg(q.QueryRowContext(ctx, "SELECT "+orgColumns+orgFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return o, errs.E(errs.NotFound)
	}
	return o, errs.Wrap(err, "party org get")
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func nullDay(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullFloat(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func insertOrg(ctx context.Context, q db.Querier, o *Org, by int64) error {
	err := q.QueryRowContext(ctx, `INSERT INTO party_orgs (name, unit_id, parent_id, level, sector, formation, founded_on,
		secretary, member_count, status, address, lng, lat, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		o.Name, o.UnitID, nullID(o.ParentID), string(o.Level), string(o.Sector), string(o.Formation), o.FoundedOn,
		o.Secretary, o.MemberCount, string(o.Status), o.Address, nullFloat(o.Lng), nullFloat(o.Lat), nullID(by),
		db.Micros(o.CreatedAt)).Scan(&o.ID)
	return errs.Wrap(err, "party org insert")
}

// updateOrg writes o only if it is still at the version it was read in.
func updateOrg(ctx context.Context, q db.Querier, o Org, was Org) error {
	res, err := q.ExecContext(ctx, `UPDATE party_orgs SET name = $1, unit_id = $2, parent_id = $3, level = $4, sector = $5,
		formation = $6, founded_on = $7, secretary = $8, member_count = $9, status = $10, ended_on = $11, merged_into_id = $12,
		address = $13, lng = $14, lat = $15, updated_at = $16 WHERE id = $17 AND updated_at = $18`,
		o.Name, o.UnitID, nullID(o.ParentID), string(o.Level), string(o.Sector), string(o.Formation), o.FoundedOn,
		o.Secretary, o.MemberCount, string(o.Status), nullDay(o.EndedOn), nullID(o.MergedIntoID), o.Address,
		nullFloat(o.Lng), nullFloat(o.Lat), db.Micros(o.UpdatedAt), o.ID, db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "party org update")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "pty.err.changed")
	}
	return nil
}

func addEvent(ctx context.Context, q db.Querier, orgID int64, kind, day string, otherID int64, note string, by int64, at int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO party_org_events (org_id, kind, day, other_id, note, recorded_by, recorded_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, orgID, kind, day, nullID(otherID), note, nullID(by), at)
	return errs.Wrap(err, "party event insert")
}
