package thinktank

import (
	"context"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Figures are the think tank's figures of a period for the community
// dashboard, in the actor's scope and, when a unit is given, its subtree.
// Each figure is the total of a list: Experts of the experts list with
// active_on the period's last day (LastDay), Consultations of the
// consultations list with from and to, Answered of the same with
// answered=true, and the maps of either with field added.
type Figures struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Experts are those appointed and active on the period's last day.
	Experts int            `json:"experts"`
	ByField map[string]int `json:"by_field"`
	// Consultations are those requested in [From, To); Answered those of
	// them that have an answer.
	Consultations        int            `json:"consultations"`
	Answered             int            `json:"answered"`
	MeanResponseHours    float64        `json:"mean_response_hours"`
	MeanRating           float64        `json:"mean_rating"`
	ConsultationsByField map[string]int `json:"consultations_by_field"`
	// Fields break the consultations down by field, in the order of
	// Fields, those with none left out.
	Fields []FieldFigures `json:"fields"`
}

// FieldFigures are one field's consultations of the period. Response
// times run from the request to the answer, in hours.
type FieldFigures struct {
	Field               Field   `json:"field"`
	Consultations       int     `json:"consultations"`
	Answered            int     `json:"answered"`
	MedianResponseHours float64 `json:"median_response_hours"`
	MeanResponseHours   float64 `json:"mean_response_hours"`
	Rated               int     `json:"rated"`
	MeanRating          float64 `json:"mean_rating"`
}

// LastDay is the calendar day (China Standard Time) on which the experts
// of a period ending at to (excluded) are counted.
func LastDay(to time.Time) string {
	return to.Add(-time.Microsecond).In(i18n.Zone).Format(time.DateOnly)
}

// CommunityFigures counts the think tank's figures of [from, to) in the
// actor's scope; unitID 0 is everything the actor sees, otherwise that
// unit's subtree, which must be in the actor's scope (or it is not found).
func (s *Service) CommunityFigures(ctx context.Context, a access.Actor, from, to time.Time, unitID int64) (Figures, error) {
	out := Figures{From: from, To: to, ByField: map[string]int{}, ConsultationsByField: map[string]int{}, Fields: []FieldFigures{}}
	if unitID > 0 {
		var path string
		if err := s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", unitID).Scan(&path); err != nil || !a.Covers(path) {
			return out, errs.E(errs.NotFound)
		}
	}
	day := LastDay(to)
	var w db.Where
	expertScope(&w, a)
	if unitID > 0 {
		underUnit(&w, "xc.path", unitID)
	}
	w.And("x.appointed_from <= ? AND x.appointed_to >= ?", day, day)
	// #nosec G202 -- the FROM is a constant, the conditions placeholders
	rows, err := s.DB.R.QueryContext(ctx, "SELECT x.field, count(*)"+expertFrom+w.SQL()+" GROUP BY x.field", w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "expert figures")
	}
	for rows.Next() {
		var f string
		var n int
		if err := rows.Scan(&f, &n); err != nil {
			_ = rows.Close()
			return out, errs.Wrap(err, "expert figures")
		}
		out.ByField[f] = n
		out.Experts += n
	}
	if err := rows.Close(); err != nil {
		return out, errs.Wrap(err, "expert figures")
	}

	w = db.Where{}
	s.where(&w, a, Filter{UnitID: unitID, From: from, To: to})
	// One row per consultation is read: the median needs every response
	// time of a field. A community asks a few dozen questions a year.
	// #nosec G202 -- the FROM is a constant, the conditions placeholders
	rows, err = s.DB.R.QueryContext(ctx, "SELECT k.field, k.requested_at, k.answered_at, k.rating"+consultationFrom+w.SQL()+
		" ORDER BY k.field, k.id", w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "consultation figures")
	}
	type acc struct {
		n, rated, ratingSum int
		hours               []float64
	}
	byField := map[Field]*acc{}
	var allHours []float64
	ratingSum, rated := 0, 0
	for rows.Next() {
		var f Field
		var requested int64
		var answered *int64
		var rating *int
		if err := rows.Scan(&f, &requested, &answered, &rating); err != nil {
			_ = rows.Close()
			return out, errs.Wrap(err, "consultation figures")
		}
		x := byField[f]
		if x == nil {
			x = &acc{}
			byField[f] = x
		}
		x.n++
		out.Consultations++
		out.ConsultationsByField[string(f)]++
		if answered != nil {
			h := responseHours(db.Time(requested), db.Time(*answered))
			x.hours = append(x.hours, h)
			allHours = append(allHours, h)
			out.Answered++
		}
		if rating != nil {
			x.rated++
			x.ratingSum += *rating
			rated++
			ratingSum += *rating
		}
	}
	if err := rows.Close(); err != nil {
		return out, errs.Wrap(err, "consultation figures")
	}
	out.MeanResponseHours = mean(allHours)
	if rated > 0 {
		out.MeanRating = round1(float64(ratingSum) / float64(rated))
	}
	for _, f := range Fields {
		x := byField[f]
		if x == nil {
			continue
		}
		ff := FieldFigures{Field: f, Consultations: x.n, Answered: len(x.hours), MedianResponseHours: median(x.hours),
			MeanResponseHours: mean(x.hours), Rated: x.rated}
		if x.rated > 0 {
			ff.MeanRating = round1(float64(x.ratingSum) / float64(x.rated))
		}
		out.Fields = append(out.Fields, ff)
	}
	return out, nil
}

func round1(v float64) float64 {
	if v < 0 {
		return -round1(-v)
	}
	return float64(int64(v*10+0.5)) / 10
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	sum := 0.0
	for _, x := range xs {
		sum += x
	}
	return round1(sum / float64(len(xs)))
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return round1((s[m-1] + s[m]) / 2)
}
