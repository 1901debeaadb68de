package party

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// MaxPoints bounds what one map draws of a layer; a sub-district holds a
// few hundred organisations and positions.
const MaxPoints = 5000

// OrgPoints are the active organisations in the actor's scope (within
// unitID's subtree when it is not 0) that have a WGS84 point, for a map
// layer: the whole layer, not a page.
func (s *Service) OrgPoints(ctx context.Context, a access.Actor, unitID int64) ([]Org, error) {
	var w db.Where
	s.orgWhere(&w, a, OrgFilter{Status: Active, UnitID: unitID, Located: true})
	// #nosec G202 -- columns, FROM and order are constants, the conditions placeholders
	q := "SELECT " + orgColumns + orgFrom + w.SQL() + " ORDER BY " + orgSorts["tree"] + " LIMIT " + w.Next(MaxPoints)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "party org points")
	}
	defer func() { _ = rows.Close() }()
	out := []Org{}
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, errs.Wrap(err, "party org points scan")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "party org points")
}

// PositionPoints are the positions and the stations open on asOf
// (YYYY-MM-DD; "" is today) in the actor's scope, within unitID's subtree
// when it is not 0, each with its WGS84 point: the whole layer.
func (s *Service) PositionPoints(ctx context.Context, a access.Actor, unitID int64, asOf string) ([]Position, error) {
	f := PositionFilter{UnitID: unitID, AsOf: asOf}
	if err := f.validate(); err != nil {
		return nil, err
	}
	var w db.Where
	s.positionWhere(&w, a, f)
	// #nosec G202 -- columns, FROM and order are constants, the conditions placeholders
	q := "SELECT " + positionColumns + positionsFrom + w.SQL() + " ORDER BY q.unit_path, q.name, q.id LIMIT " + w.Next(MaxPoints)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "party position points")
	}
	defer func() { _ = rows.Close() }()
	out := []Position{}
	for rows.Next() {
		p, err := scanPosition(rows)
		if err != nil {
			return nil, errs.Wrap(err, "party position points scan")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "party position points")
}
