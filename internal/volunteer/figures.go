package volunteer

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Count is the activities and the approved hours behind one figure.
type Count struct {
	Activities int     `json:"activities"`
	Hours      float64 `json:"hours"`
}

// Figures are the volunteer figures of a period for the community
// dashboard. Activities are those starting in [From, To); Hours the
// approved hours reported on them. ByType is keyed by the activity type,
// ByUnit by the name of an organising member organisation (an activity
// organised by several counts for each of them), ByCommunity by the
// community's name. Volunteers is how many volunteers were registered by
// the end of the period. Each figure's list is Activities with the filter
// of the same period and the figure's key (type, organiser, unit_id).
type Figures struct {
	From        time.Time        `json:"from"`
	To          time.Time        `json:"to"`
	Activities  int              `json:"activities"`
	Hours       float64          `json:"hours"`
	ByType      map[string]Count `json:"by_type"`
	ByUnit      map[string]Count `json:"by_unit"`
	ByCommunity map[string]Count `json:"by_community"`
	Volunteers  int              `json:"volunteers"`
}

// approvedJoin adds hh.minutes, the approved minutes of each activity.
const approvedJoin = ` LEFT JOIN (SELECT activity_id, sum(minutes) AS minutes FROM volunteer_hours WHERE status = 'approved'
	GROUP BY activity_id) hh ON hh.activity_id = x.id`

// CommunityFigures counts the activities and approved hours of [from, to)
// in the actor's scope; unitID > 0 narrows them to that unit's subtree,
// still within the scope. They are counted by the same conditions as
// Activities, so a figure equals the total of the list behind it.
func (s *Service) CommunityFigures(ctx context.Context, a access.Actor, from, to time.Time, unitID int64) (Figures, error) {
	out := Figures{From: from, To: to, ByType: map[string]Count{}, ByUnit: map[string]Count{}, ByCommunity: map[string]Count{}}
	var w db.Where
	s.activityWhere(ctx, &w, a, ActivityFilter{UnitID: unitID, From: from, To: to})
	var minutes int64
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*), COALESCE(sum(hh.minutes), 0)"+activityFrom+approvedJoin+w.SQL(), w.Args...).
		Scan(&out.Activities, &minutes); err != nil {
		return out, errs.Wrap(err, "volunteer figures")
	}
	out.Hours = float64(minutes) / 60
	for _, g := range []struct {
		key, join string
		into      map[string]Count
	}{
		{"x.kind", "", out.ByType},
		{"c.name", "", out.ByCommunity},
		{"o.name", " JOIN volunteer_activity_orgs ao ON ao.activity_id = x.id JOIN volunteer_team_orgs o ON o.id = ao.org_id", out.ByUnit},
	} {
		// #nosec G202 -- key and join are constants of this function, the conditions placeholders
		q := "SELECT " + g.key + ", count(*), COALESCE(sum(hh.minutes), 0)" + activityFrom + g.join + approvedJoin + w.SQL() + " GROUP BY " + g.key
		if err := group(ctx, s.DB, q, w.Args, g.into); err != nil {
			return out, err
		}
	}
	var v db.Where
	volunteerScope(&v, a)
	if unitID > 0 {
		unitFilter(ctx, s.DB.R, &v, unitID)
	}
	if !to.IsZero() {
		v.And("v.registered_on < ?", to.In(zone()).Format(time.DateOnly))
	}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+volunteerFrom+v.SQL(), v.Args...).Scan(&out.Volunteers); err != nil {
		return out, errs.Wrap(err, "volunteer figures")
	}
	return out, nil
}

func group(ctx context.Context, d *db.DB, q string, args []any, into map[string]Count) error {
	rows, err := d.R.QueryContext(ctx, q, args...)
	if err != nil {
		return errs.Wrap(err, "volunteer figures")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var c Count
		var minutes int64
		if err := rows.Scan(&k, &c.Activities, &minutes); err != nil {
			return errs.Wrap(err, "volunteer figures")
		}
		c.Hours = float64(minutes) / 60
		into[k] = c
	}
	return errs.Wrap(rows.Err(), "volunteer figures")
}
