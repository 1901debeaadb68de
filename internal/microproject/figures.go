package microproject

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// MicroFigures are the micro-project figures of a period for the community
// dashboard: the projects collected (created) in it, by stage, with their
// budgets and spending in yuan, and each community's share. Each figure's
// list is List with CollectedIn's filter (and Stage, or UnitID, for a
// breakdown).
type MicroFigures struct {
	ByStage     map[string]int `json:"by_stage"`
	BudgetTotal int64          `json:"budget_total"`
	SpentTotal  int64          `json:"spent_total"`
	Count       int            `json:"count"`
	Communities []FundUse      `json:"communities"`
}

// CollectedIn is the filter of the projects collected in [from, to) in
// the unit's subtree (0: all the actor sees).
func CollectedIn(from, to time.Time, unitID int64) Filter {
	return Filter{From: from, To: to, UnitID: unitID}
}

// CommunityFigures counts the projects collected in [from, to) that the
// actor sees, in unitID's subtree when it is not 0. They are counted by
// the conditions of the list, so each figure equals the total of the list
// behind it. Communities holds, per community, the money of those
// projects (Fund and Remaining are left 0: a period need not be a year;
// FundUsage gives a year's).
func (s *Service) CommunityFigures(ctx context.Context, a access.Actor, from, to time.Time, unitID int64) (MicroFigures, error) {
	out := MicroFigures{ByStage: map[string]int{}, Communities: []FundUse{}}
	for _, st := range Stages {
		out.ByStage[string(st)] = 0
	}
	var w db.Where
	s.where(&w, a, CollectedIn(from, to, unitID))
	// #nosec G202 -- FROM is a constant, the conditions placeholders
	rows, err := s.DB.R.QueryContext(ctx, `SELECT p.community_id, c.name, p.stage, count(*), COALESCE(SUM(p.budget), 0), COALESCE(SUM(p.spent), 0)`+
		projectFrom+w.SQL()+" GROUP BY p.community_id, c.name, c.sort_order, p.stage ORDER BY c.sort_order, p.community_id", w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "microproject figures")
	}
	defer func() { _ = rows.Close() }()
	byID := map[int64]int{}
	for rows.Next() {
		var id int64
		var name, stage string
		var n int
		var budget, spent int64
		if err := rows.Scan(&id, &name, &stage, &n, &budget, &spent); err != nil {
			return out, errs.Wrap(err, "microproject figures")
		}
		out.ByStage[stage] += n
		out.Count += n
		out.BudgetTotal += budget
		out.SpentTotal += spent
		i, ok := byID[id]
		if !ok {
			i = len(out.Communities)
			byID[id] = i
			out.Communities = append(out.Communities, FundUse{CommunityID: id, CommunityName: name})
		}
		c := &out.Communities[i]
		c.Projects += n
		c.Spent += spent
		if Stage(stage).committed() {
			c.Committed += budget
		}
	}
	return out, errs.Wrap(rows.Err(), "microproject figures")
}

// FundUsage is each community's fund of a year against what its projects
// commit and spend, for the communities the actor sees.
func (s *Service) FundUsage(ctx context.Context, a access.Actor, year int) ([]FundUse, error) {
	if !reads(a) {
		return nil, errs.E(errs.NotFound)
	}
	if year < 2000 || year > 2100 {
		return nil, errs.InvalidField("year", "mp.err.year")
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT c.id, c.name,
		COALESCE(SUM(CASE WHEN p.stage <> $1 THEN p.budget ELSE 0 END), 0), COALESCE(SUM(p.spent), 0), count(p.id)
		FROM units c LEFT JOIN microprojects p ON p.community_id = c.id AND p.year = $2
		WHERE c.kind = 'community' AND c.active = TRUE AND c.path LIKE $3
		GROUP BY c.id, c.name, c.sort_order ORDER BY c.sort_order, c.id`, string(Rejected), year, readPattern(a))
	if err != nil {
		return nil, errs.Wrap(err, "microproject fund usage")
	}
	var out []FundUse
	func() {
		defer func() { _ = rows.Close() }()
		for rows.Next() {
			u := FundUse{Year: year}
			if err = rows.Scan(&u.CommunityID, &u.CommunityName, &u.Committed, &u.Spent, &u.Projects); err != nil {
				return
			}
			out = append(out, u)
		}
		err = rows.Err()
	}()
	if err != nil {
		return nil, errs.Wrap(err, "microproject fund usage")
	}
	funds, err := yearFunds(ctx, s.DB.R, year)
	if err != nil {
		return nil, err
	}
	for i := range out {
		fund, ok := funds[out[i].CommunityID]
		if !ok {
			fund = funds[0]
		}
		out[i].Fund, out[i].Remaining = fund, fund-out[i].Committed
	}
	return out, nil
}

// yearFunds reads a year's fund by community in one query: 0 holds the
// default (Longgang's when the year has no row), any other key a
// community's own.
func yearFunds(ctx context.Context, q db.Querier, year int) (map[int64]int64, error) {
	out := map[int64]int64{0: Longgang(year).Fund}
	rows, err := q.QueryContext(ctx, "SELECT unit_id, fund FROM microproject_settings WHERE year = $1", year)
	if err != nil {
		return nil, errs.Wrap(err, "microproject funds")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var unit, fund int64
		if err := rows.Scan(&unit, &fund); err != nil {
			return nil, errs.Wrap(err, "microproject funds")
		}
		out[unit] = fund
	}
	return out, errs.Wrap(rows.Err(), "microproject funds")
}
