package station

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Figures are the station figures of a period for the community
// dashboard, in the actor's scope: the stations open on the period's last
// day (opened on or before it), by kind, how many of them are
// new-employment sites, and the people their records count as served in
// the period. Each figure's list is List with FiguresFilter's filter
// (plus kind or new_employment for the breakdowns); Served is the sum of
// that list's Served column.
type Figures struct {
	Total              int            `json:"total"`
	ByKind             map[string]int `json:"by_kind"`
	NewEmploymentSites int            `json:"new_employment_sites"`
	Served             int            `json:"served"`
}

// FiguresFilter is the list filter behind the figures of [from, to], both
// days included (China Standard Time); a zero time leaves that end open.
func FiguresFilter(from, to time.Time, unitID int64) Filter {
	f := Filter{UnitID: unitID}
	if !from.IsZero() {
		f.From = from.In(i18n.Zone).Format(time.DateOnly)
	}
	if !to.IsZero() {
		f.To = to.In(i18n.Zone).Format(time.DateOnly)
	}
	return f
}

// CommunityFigures counts the figures of [from, to] (days in China
// Standard Time, both included) for unitID's subtree, or for everything
// the actor sees when unitID is 0; a unit outside the scope counts
// nothing. They are counted by the conditions of the lists, so a figure
// always equals the total of the list behind it.
func (s *Service) CommunityFigures(ctx context.Context, a access.Actor, from, to time.Time, unitID int64) (Figures, error) {
	out := Figures{ByKind: map[string]int{}}
	f := FiguresFilter(from, to, unitID)
	var w db.Where
	s.where(&w, &a, f)
	// #nosec G202 -- FROM is a constant, the conditions placeholders
	rows, err := s.DB.R.QueryContext(ctx, "SELECT s.kind, count(*), COALESCE(sum(CASE WHEN s.new_employment THEN 1 ELSE 0 END), 0)"+
		stationFrom+w.SQL()+" GROUP BY s.kind", w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "station figures")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var kind string
		var n, ne int
		if err := rows.Scan(&kind, &n, &ne); err != nil {
			return out, errs.Wrap(err, "station figures scan")
		}
		out.ByKind[kind] = n
		out.Total += n
		out.NewEmploymentSites += ne
	}
	if err := rows.Err(); err != nil {
		return out, errs.Wrap(err, "station figures")
	}
	var sw db.Where
	cond := "r.station_id = s.id"
	if f.From != "" {
		cond += " AND r.day >= " + sw.Next(f.From)
	}
	if f.To != "" {
		cond += " AND r.day <= " + sw.Next(f.To)
	}
	s.where(&sw, &a, f)
	// #nosec G202 -- FROM is a constant, the conditions placeholders
	q := "SELECT COALESCE(sum(r.served), 0)" + stationFrom + " JOIN station_records r ON " + cond + sw.SQL()
	err = s.DB.R.QueryRowContext(ctx, q, sw.Args...).Scan(&out.Served)
	return out, errs.Wrap(err, "station served")
}
