package volunteer

import (
	"context"
	"math"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

func zone() *time.Location { return i18n.Zone }

// Certificate is a volunteer's certificate of hours for a year: their
// name (never their numbers), the approved hours and the activities
// behind them, and the community that issues it.
type Certificate struct {
	VolunteerID   int64     `json:"volunteer_id"`
	Name          string    `json:"name"`
	CommunityName string    `json:"community_name"`
	Year          int       `json:"year"`
	Hours         float64   `json:"hours"`
	Activities    []Report  `json:"activities"`
	IssuedAt      time.Time `json:"issued_at"`
}

// MinYear and MaxYear bound a certificate's year.
const (
	MinYear = 2000
	MaxYear = 2100
)

// Certificate gathers the approved hours of a volunteer in the actor's
// scope on activities held in year.
func (s *Service) Certificate(ctx context.Context, a access.Actor, id int64, year int) (Certificate, error) {
	if year < MinYear || year > MaxYear {
		return Certificate{}, errs.InvalidField("year", "vol.err.year")
	}
	v, err := getVolunteer(ctx, s.DB.R, a, id)
	if err != nil {
		return Certificate{}, err
	}
	c := Certificate{VolunteerID: v.ID, Name: v.Name, CommunityName: v.CommunityName, Year: year, IssuedAt: s.now()}
	all, err := reports(ctx, s.DB.R, "h.volunteer_id = $1 AND h.status = 'approved'", id)
	if err != nil {
		return c, err
	}
	c.Activities = []Report{}
	minutes := 0
	for _, r := range all {
		if len(r.Day) >= 4 && r.Day[:4] == strconv.Itoa(year) {
			r.Mobile = ""
			c.Activities = append(c.Activities, r)
			minutes += int(math.Round(r.Hours * 60)) // summed in whole minutes, as stored, so the total is exact
		}
	}
	c.Hours = float64(minutes) / 60
	return c, nil
}

// maxLedger caps a ledger of hours, like the other ledgers.
const maxLedger = 100_000

// LedgerHours lists every report of hours on the activities f selects in
// the actor's scope, for the ledger (台账): mobiles masked.
func (s *Service) LedgerHours(ctx context.Context, a access.Actor, f ActivityFilter) ([]Report, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	w := whereFor(ctx, s, a, f)
	// #nosec G202 -- columns and FROM are constants, the conditions placeholders
	q := "SELECT " + reportColumns + reportFrom + " JOIN volunteer_teams t ON t.id = x.team_id JOIN units c ON c.id = t.community_id" +
		w.SQL() + " ORDER BY x.day, x.id, h.id LIMIT " + w.Next(maxLedger)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "hours ledger")
	}
	defer rows.Close()
	out := []Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, errs.Wrap(err, "hours ledger")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "hours ledger")
}

func whereFor(ctx context.Context, s *Service, a access.Actor, f ActivityFilter) *db.Where {
	var w db.Where
	s.activityWhere(ctx, &w, a, f)
	return &w
}
