package supervision

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Figures are the counts of notices as of a moment; each drills down to
// List with the same Figure and AsOf.
type Figures struct {
	Open    int `json:"open"`
	OnTime  int `json:"on_time"`
	Late    int `json:"late"`
	Overdue int `json:"overdue"`
}

// UnitFigures are the figures of one receiver unit.
type UnitFigures struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Figures
}

// Stats are the figures of the actor's scope as of a date, in total and
// by receiver unit.
type Stats struct {
	AsOf   string        `json:"as_of"`
	Total  Figures       `json:"total"`
	ByUnit []UnitFigures `json:"by_unit"`
}

// figureSums counts every figure in one pass, as of the placeholder at
// (repeated, for the dialects' sake, as separate arguments).
const figureSums = `SUM(CASE WHEN (n.answered_at IS NULL OR n.answered_at > $1) AND (n.closed_at IS NULL OR n.closed_at > $1) THEN 1 ELSE 0 END),
	SUM(CASE WHEN n.answered_at <= $1 AND n.answered_at <= n.due_at THEN 1 ELSE 0 END),
	SUM(CASE WHEN n.answered_at <= $1 AND n.answered_at > n.due_at THEN 1 ELSE 0 END),
	SUM(CASE WHEN (n.answered_at IS NULL OR n.answered_at > $1) AND (n.closed_at IS NULL OR n.closed_at > $1) AND n.due_at < $1 THEN 1 ELSE 0 END)`

// Stats counts the notices in the actor's scope as of the end of the CST
// date asOf ("" is now), by receiver unit.
func (s *Service) Stats(ctx context.Context, a access.Actor, asOf string) (Stats, error) {
	at := s.now()
	if asOf != "" {
		t, ok := AsOfDate(asOf)
		if !ok {
			return Stats{}, errs.InvalidField("as_of", "err.bad_date")
		}
		at = t
	}
	out := Stats{AsOf: dateOf(at), ByUnit: []UnitFigures{}}
	var w db.Where
	w.And("n.issued_at <= ?", db.Micros(at)) // $1, which figureSums reads
	noticeScope(&w, a)
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT u.id, u.name, "+figureSums+noticeFrom+w.SQL()+
		" GROUP BY u.id, u.name, u.sort_order ORDER BY u.sort_order, u.id", w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "supervision stats")
	}
	defer rows.Close()
	for rows.Next() {
		var r UnitFigures
		if err := rows.Scan(&r.UnitID, &r.UnitName, &r.Open, &r.OnTime, &r.Late, &r.Overdue); err != nil {
			return out, errs.Wrap(err, "supervision stats scan")
		}
		out.Total.Open += r.Open
		out.Total.OnTime += r.OnTime
		out.Total.Late += r.Late
		out.Total.Overdue += r.Overdue
		out.ByUnit = append(out.ByUnit, r)
	}
	return out, errs.Wrap(rows.Err(), "supervision stats rows")
}

// Open counts the notices in the actor's scope unanswered as of asOf: the
// supervision_open figure of the project statistics.
func (s *Service) Open(ctx context.Context, a access.Actor, asOf time.Time) (int, error) {
	var w db.Where
	noticeScope(&w, a)
	figureCond(&w, FigureOpen, asOf.UTC())
	var n int
	err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+noticeFrom+w.SQL(), w.Args...).Scan(&n)
	return n, errs.Wrap(err, "supervision open")
}
