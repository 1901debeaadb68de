package community

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/microproject"
	"pinghu/internal/station"
	"pinghu/internal/thinktank"
	"pinghu/internal/volunteer"
)

// Service answers the overview from the modules that own the figures.
type Service struct {
	DB         *db.DB
	Micro      *microproject.Service
	ThinkTank  *thinktank.Service
	Stations   *station.Service
	Volunteers *volunteer.Service
}

// Period is a run of whole days in China Standard Time, both included.
type Period struct {
	From, To string // YYYY-MM-DD
}

// ParsePeriod reads the days of a period; an empty from is the first day
// of to's year and an empty to is today. Errors name the field.
func ParsePeriod(from, to string, today time.Time) (Period, error) {
	f := errs.Fields{}
	p := Period{From: from, To: to}
	if p.To == "" {
		p.To = today.In(i18n.Zone).Format(time.DateOnly)
	}
	end, err := time.ParseInLocation(time.DateOnly, p.To, i18n.Zone)
	if err != nil {
		f.Add("to", "err.bad_date")
	}
	if p.From == "" && err == nil {
		p.From = p.To[:4] + "-01-01"
	}
	start, err2 := time.ParseInLocation(time.DateOnly, p.From, i18n.Zone)
	if err2 != nil {
		f.Add("from", "err.bad_date")
	}
	if err == nil && err2 == nil && end.Before(start) {
		f.Add("to", "cm.err.to_before_from")
	}
	return p, f.Err()
}

// bounds are the period as instants: [start, end).
func (p Period) bounds() (start, end time.Time) {
	start, _ = time.ParseInLocation(time.DateOnly, p.From, i18n.Zone)
	last, _ := time.ParseInLocation(time.DateOnly, p.To, i18n.Zone)
	return start, last.AddDate(0, 0, 1)
}

// Overview is the community governance figures of one period and unit.
// The JSON names are the contract of GET /api/v1/stats/community.
type Overview struct {
	From   string `json:"from"`
	To     string `json:"to"`
	UnitID int64  `json:"unit_id,omitempty"`
	// Communities are the active community units in the unit (or the
	// reader's scope).
	Communities int `json:"communities"`
	// Experts are the think tank's experts appointed on the period's last
	// day; consultations those requested in the period.
	Experts               int                        `json:"experts"`
	ExpertsByField        map[string]int             `json:"experts_by_field"`
	Consultations         int                        `json:"consultations"`
	ConsultationsAnswered int                        `json:"consultations_answered"`
	ConsultationsByField  map[string]int             `json:"consultations_by_field"`
	MeanResponseHours     float64                    `json:"mean_response_hours"`
	MeanRating            float64                    `json:"mean_rating"`
	Microprojects         microproject.MicroFigures  `json:"microprojects"`
	Stations              station.Figures            `json:"stations"`
	VolunteerActivities   int                        `json:"volunteer_activities"`
	VolunteerHours        float64                    `json:"volunteer_hours"`
	Volunteers            int                        `json:"volunteers"`
	VolunteerByType       map[string]volunteer.Count `json:"volunteer_by_type"`
	VolunteerByCommunity  map[string]volunteer.Count `json:"volunteer_by_community"`
}

// Overview counts every figure of the period in the reader's scope,
// within unitID's subtree when it is not 0. A unit the reader does not
// see is not found, whatever the modules would count for it.
func (s *Service) Overview(ctx context.Context, a access.Actor, p Period, unitID int64) (Overview, error) {
	out := Overview{From: p.From, To: p.To, UnitID: unitID}
	if !Sees(a) {
		return out, errs.E(errs.NotFound)
	}
	pattern := a.ScopePattern()
	if unitID > 0 {
		var path string
		err := s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", unitID).Scan(&path)
		if err != nil || !a.Covers(path) {
			return out, errs.E(errs.NotFound)
		}
		pattern = path + "%"
	}
	if err := s.DB.R.QueryRowContext(ctx,
		"SELECT count(*) FROM units WHERE kind = 'community' AND active AND path LIKE $1 AND path LIKE $2",
		pattern, a.ScopePattern()).Scan(&out.Communities); err != nil {
		return out, errs.Wrap(err, "community count")
	}
	start, end := p.bounds()
	mp, err := s.Micro.CommunityFigures(ctx, a, start, end, unitID)
	if err != nil {
		return out, err
	}
	out.Microprojects = mp
	tt, err := s.ThinkTank.CommunityFigures(ctx, a, start, end, unitID)
	if err != nil {
		return out, err
	}
	out.Experts, out.ExpertsByField = tt.Experts, tt.ByField
	out.Consultations, out.ConsultationsAnswered, out.ConsultationsByField = tt.Consultations, tt.Answered, tt.ConsultationsByField
	out.MeanResponseHours, out.MeanRating = tt.MeanResponseHours, tt.MeanRating
	// The stations read both ends as days included: the last instant of
	// the period names its last day.
	st, err := s.Stations.CommunityFigures(ctx, a, start, end.Add(-time.Microsecond), unitID)
	if err != nil {
		return out, err
	}
	out.Stations = st
	vo, err := s.Volunteers.CommunityFigures(ctx, a, start, end, unitID)
	if err != nil {
		return out, err
	}
	out.VolunteerActivities, out.VolunteerHours, out.Volunteers = vo.Activities, vo.Hours, vo.Volunteers
	out.VolunteerByType, out.VolunteerByCommunity = vo.ByType, vo.ByCommunity
	return out, nil
}

// Sees tells whether a reader has the overview: the leaders and the office
// for the sub-district, a community for its own. The others hold none of
// these records in their scope and get not found, as on every dashboard.
func Sees(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		return a.HasScope()
	}
	return false
}
