package appeal

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/errs"
)

// Row is one bar of a breakdown chart: the appeal figures of one group,
// with the same definitions as in Stats.
type Row struct {
	// Key identifies the group: a community's or department's id ("none"
	// for appeals without a department), a category code, or the Monday
	// (YYYY-MM-DD) of a week.
	Key string `json:"key"`
	// Label is the unit's or the category's name (the view translates a
	// category by its code), or the Monday of the week.
	Label      string `json:"label"`
	Collected  int    `json:"appeals_collected"`
	Resolved   int    `json:"appeals_resolved"`
	InProgress int    `json:"appeals_in_progress"`
	Rejected   int    `json:"appeals_rejected"`
	Overdue    int    `json:"appeals_overdue"`
}

// Groupings of Breakdown.
const (
	ByCommunity  = "community"
	ByDepartment = "department"
	ByCategory   = "category"
	ByWeek       = "week"
)

// Microseconds in a day, and China Standard Time's offset, for bucketing
// weeks in SQL with the same integer arithmetic on both databases.
const (
	dayMicros    = int64(24 * time.Hour / time.Microsecond)
	offsetMicros = int64(8 * time.Hour / time.Microsecond)
)

// groupings says, per grouping, the key, label and order of each appeal's
// group as columns of h0 (over p, e, c, d).
var groupings = map[string]string{
	ByCommunity:  ", e.community_id AS k, c.name AS label, c.sort_order AS ord",
	ByDepartment: ", COALESCE(p.department_id, 0) AS k, COALESCE(d.name, '') AS label, COALESCE(d.sort_order, 0) AS ord",
	ByCategory: ", p.category AS k, (SELECT name FROM appeal_categories WHERE code = p.category) AS label," +
		" (SELECT sort_order FROM appeal_categories WHERE code = p.category) AS ord",
	// The day number in CST counts from Thursday 1 January 1970; adding 3
	// before dividing by 7 makes weeks start on Monday.
	ByWeek: ", ((p.submitted_at + " + strconv.FormatInt(offsetMicros, 10) + ") / " + strconv.FormatInt(dayMicros, 10) +
		" + 3) / 7 AS k, '' AS label, 0 AS ord",
}

// breakdownFigures are the columns of a Row, in order.
var breakdownFigures = []string{FigureCollected, FigureResolved, FigureInProgress, FigureRejected, FigureOverdue}

// maxWeeks bounds the empty weeks filled in between those with appeals.
const maxWeeks = 1000

// Breakdown splits the appeal figures of Stats(q) by community, department
// (in charge now), category or week of collection, in one aggregate.
// Groups without appeals are left out, except weeks: a trend line needs
// its empty weeks, so those between the first and the last are filled in.
func (s *Service) Breakdown(ctx context.Context, a access.Actor, q StatsQuery, by string) ([]Row, error) {
	group, ok := groupings[by]
	if !ok {
		return nil, errs.InvalidField("by", "err.appeal_breakdown")
	}
	if err := q.validate(); err != nil {
		return nil, err
	}
	if q.AsOf.IsZero() {
		q.AsOf = s.now()
	}
	q.AsOf = q.AsOf.UTC().Truncate(time.Microsecond)
	groups, err := s.countFigures(ctx, a, q, group, breakdownFigures)
	if err != nil {
		return nil, err
	}
	out := []Row{}
	for _, g := range groups {
		r := Row{Key: g.key, Label: g.label, Collected: g.counts[FigureCollected], Resolved: g.counts[FigureResolved],
			InProgress: g.counts[FigureInProgress], Rejected: g.counts[FigureRejected], Overdue: g.counts[FigureOverdue]}
		switch by {
		case ByDepartment:
			if r.Key == "0" {
				r.Key = "none"
			}
		case ByWeek:
			week, err := strconv.ParseInt(r.Key, 10, 64)
			if err != nil {
				return nil, errs.Wrap(err, "appeal week")
			}
			r.Key = monday(week)
			r.Label = r.Key
		}
		out = append(out, r)
	}
	if by == ByWeek {
		out = fillWeeks(out)
	}
	return out, nil
}

// monday is the date of the Monday starting week number w (see groupings).
func monday(w int64) string {
	return time.Unix(0, 0).In(cst).AddDate(0, 0, int(w*7-3)).Format(time.DateOnly)
}

// fillWeeks adds the weeks without appeals between the first and the last
// of rows (in order, keyed by Monday).
func fillWeeks(rows []Row) []Row {
	if len(rows) < 2 {
		return rows
	}
	first, _ := parseDate(rows[0].Key)
	last, _ := parseDate(rows[len(rows)-1].Key)
	if last.Sub(first) > maxWeeks*7*24*time.Hour {
		return rows
	}
	out := []Row{}
	i := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 7) {
		key := d.Format(time.DateOnly)
		if i < len(rows) && rows[i].Key == key {
			out = append(out, rows[i])
			i++
			continue
		}
		out = append(out, Row{Key: key, Label: key})
	}
	return out
}

// DrillRow returns the Filter listing the appeals counted by figure in
// the row with key of Breakdown(q, by); as with Drill, pass the AsOf
// that Stats or Breakdown used.
func DrillRow(q StatsQuery, by, key, figure string) (Filter, error) {
	f, err := Drill(q, figure)
	if err != nil {
		return f, err
	}
	bad := errs.InvalidField("key", "err.appeal_breakdown_key")
	switch by {
	case ByCommunity, ByDepartment:
		if by == ByDepartment && key == "none" {
			f.Unassigned = true
			return f, nil
		}
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil || id <= 0 {
			return f, bad
		}
		if by == ByCommunity {
			f.CommunityID = id
		} else {
			f.DepartmentID = id
		}
	case ByCategory:
		if key == "" {
			return f, bad
		}
		f.Category = key
	case ByWeek:
		start, ok := parseDate(key)
		if !ok || start.Weekday() != time.Monday {
			return f, bad
		}
		from, to := key, start.AddDate(0, 0, 6).Format(time.DateOnly)
		if f.From == "" || f.From < from {
			f.From = from
		}
		if f.To == "" || f.To > to {
			f.To = to
		}
	default:
		return f, errs.InvalidField("by", "err.appeal_breakdown")
	}
	return f, nil
}
