package station

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

const stationColumns = `s.id, s.name, s.kind, s.community_id, c.name, c.path, s.address, s.lng, s.lat, s.area_m2, s.hours,
	s.services, s.groups_served, s.new_employment, COALESCE(s.managing_unit_id, 0), COALESCE(m.name, ''), COALESCE(m.path, ''),
	s.managing_unit, s.funding, s.opened_on, s.created_at, s.updated_at`

// scanStation reads stationColumns and then extra.
func scanStation(row interface{ Scan(...any) error }, extra ...any) (Station, error) {
	var st Station
	var services, groups, unitName string
	var created, updated int64
	err := row.Scan(append([]any{&st.ID, &st.Name, &st.Kind, &st.CommunityID, &st.CommunityName, &st.communityPath,
		&st.Address, &st.Lng, &st.Lat, &st.AreaM2, &st.Hours, &services, &groups, &st.NewEmployment,
		&st.ManagingUnitID, &unitName, &st.managingUnitPath, &st.managingUnitGiven, &st.Funding, &st.OpenedOn,
		&created, &updated}, extra...)...)
	st.CreatedAt, st.UpdatedAt = db.Time(created), db.Time(updated)
	st.Services, st.Groups = splitServices(services), splitGroups(groups)
	st.ManagingUnitName = unitName
	if st.ManagingUnitName == "" {
		st.ManagingUnitName = st.managingUnitGiven
	}
	return st, err
}

// Services are stored one a line: a service's name may hold a comma.
func joinServices(s []string) string { return strings.Join(s, "\n") }

func splitServices(s string) []string {
	out := []string{}
	for _, x := range strings.Split(s, "\n") {
		if x != "" {
			out = append(out, x)
		}
	}
	return out
}

func joinGroups(g []Group) string {
	parts := make([]string, len(g))
	for i, x := range g {
		parts[i] = string(x)
	}
	return strings.Join(parts, ",")
}

func splitGroups(s string) []Group {
	out := []Group{}
	for _, x := range strings.Split(s, ",") {
		if x != "" {
			out = append(out, Group(x))
		}
	}
	return out
}

// getInScope reads one station the actor may see; any other is not
// found, whether it exists or not.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Station, error) {
	var w db.Where
	w.And("s.id = ?", id)
	scope(&w, a)
	st, err := scanStation(q.QueryRowContext(ctx, "SELECT "+stationColumns+stationFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return st, errs.E(errs.NotFound)
	}
	return st, errs.Wrap(err, "station get")
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func insert(ctx context.Context, q db.Querier, st *Station, by int64) error {
	err := q.QueryRowContext(ctx, `INSERT INTO stations (name, kind, community_id, address, lng, lat, area_m2, hours, services,
		groups_served, new_employment, managing_unit_id, managing_unit, funding, opened_on, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17) RETURNING id`,
		st.Name, string(st.Kind), st.CommunityID, st.Address, st.Lng, st.Lat, st.AreaM2, st.Hours, joinServices(st.Services),
		joinGroups(st.Groups), st.NewEmployment, nullID(st.ManagingUnitID), st.managingUnitGiven, st.Funding, st.OpenedOn,
		nullID(by), db.Micros(st.CreatedAt)).Scan(&st.ID)
	return errs.Wrap(err, "station insert")
}

// update writes st only if it is still at the version it was read in.
func update(ctx context.Context, q db.Querier, st Station, was Station) error {
	res, err := q.ExecContext(ctx, `UPDATE stations SET name = $1, kind = $2, community_id = $3, address = $4, lng = $5, lat = $6,
		area_m2 = $7, hours = $8, services = $9, groups_served = $10, new_employment = $11, managing_unit_id = $12,
		managing_unit = $13, funding = $14, opened_on = $15, updated_at = $16 WHERE id = $17 AND updated_at = $18`,
		st.Name, string(st.Kind), st.CommunityID, st.Address, st.Lng, st.Lat, st.AreaM2, st.Hours, joinServices(st.Services),
		joinGroups(st.Groups), st.NewEmployment, nullID(st.ManagingUnitID), st.managingUnitGiven, st.Funding, st.OpenedOn,
		db.Micros(st.UpdatedAt), st.ID, db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "station update")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "stn.err.changed")
	}
	return nil
}
