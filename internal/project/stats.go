package project

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Stats are the project figures as of a date, over the projects the
// actor sees that had been recorded by the end of that date.
type Stats struct {
	AsOf              string         `json:"as_of"`
	Total             int            `json:"total"`
	ByList            map[List]int   `json:"by_list"`
	BranchLed         int            `json:"branch_led"`
	ByField           map[string]int `json:"by_field"`
	ByStatus          map[Status]int `json:"by_status"`
	MilestonesOverdue int            `json:"milestones_overdue"`
	SupervisionOpen   int            `json:"supervision_open"`
}

// Stats counts the projects as of asOf (YYYY-MM-DD; empty: today).
// Every figure has all its keys, zero included, so a client reads them
// without checking.
func (s *Service) Stats(ctx context.Context, a access.Actor, asOf string) (Stats, error) {
	if asOf == "" {
		asOf = s.today()
	}
	if !validDate(asOf) {
		return Stats{}, errs.InvalidField("as_of", "err.bad_date")
	}
	end := dayEnd(asOf)
	st := Stats{AsOf: asOf, ByList: map[List]int{}, ByField: map[string]int{}, ByStatus: map[Status]int{}}
	for _, l := range Lists {
		st.ByList[l] = 0
	}
	for _, x := range Statuses {
		st.ByStatus[x] = 0
	}
	fields, err := s.Fields(ctx)
	if err != nil {
		return st, err
	}
	for _, f := range fields {
		st.ByField[f.Code] = 0
	}
	var w db.Where
	readScope(&w, a)
	recordedBy(&w, asOf)
	ps, err := loadWhere(ctx, s.DB.R, w)
	if err != nil {
		return st, err
	}
	for _, p := range ps {
		p = decorate(p, asOf)
		st.Total++
		for _, l := range p.Lists {
			st.ByList[l]++
		}
		if p.Kind == KindBranchLed {
			st.BranchLed++
		}
		st.ByField[p.Field]++
		st.ByStatus[p.Status]++
		st.MilestonesOverdue += len(overdueOf(p, asOf))
	}
	if s.SupervisionOpen != nil {
		n, err := s.SupervisionOpen(ctx, a, end.Add(-time.Microsecond).UTC())
		if err != nil {
			return st, err
		}
		st.SupervisionOpen = n
	}
	return st, nil
}

// dayEnd is the first moment after the CST date day (YYYY-MM-DD, valid).
func dayEnd(day string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, day, i18n.Zone)
	return t.AddDate(0, 0, 1)
}

// recordedBy keeps the projects recorded by the end of the date asOf: a
// project entered later did not exist on that date, so neither the
// figures nor the lists as of it count it.
func recordedBy(w *db.Where, asOf string) {
	w.And("p.created_at < ?", db.Micros(dayEnd(asOf)))
}
