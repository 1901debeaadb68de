package appeal

import (
	"context"
	"slices"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// StatsQuery selects what the enterprise-service figures describe.
type StatsQuery struct {
	// From and To select appeals by the date they were collected and
	// visits by their date: YYYY-MM-DD in China Standard Time, inclusive;
	// "" leaves that side open.
	From, To string
	// AsOf is the moment the figures describe, recomputed from the
	// appeals' events; zero is now. AsOfDate turns "2022-07-01" into the
	// end of that day.
	AsOf time.Time
	// UnitID narrows to a unit inside the actor's scope: a department's
	// appeals (and enterprises), or the enterprises of a community or
	// sub-district subtree; 0 is the actor's whole scope.
	UnitID int64
}

// Stats are the figures of the enterprise-service page. Each count of
// appeals is defined once, as the Filter that lists the appeals behind it
// (Drill); the page explains each figure with the catalog entries
// "appeal.figure.<json name>" and "appeal.figure.<json name>.help".
type Stats struct {
	// AsOf is the moment the figures describe.
	AsOf time.Time `json:"as_of"`
	// AboveScaleEnterprises: operating above-scale industrial enterprises
	// (规上工业企业) in scope, from the registry as it is now, whatever
	// the dates.
	AboveScaleEnterprises int `json:"above_scale_enterprises"`
	// EnterprisesVisited: distinct enterprises in scope with a visit dated
	// from From to To, and not after AsOf.
	EnterprisesVisited int `json:"enterprises_visited"`
	// AppealsCollected: appeals collected from From to To (by the time of
	// submission) that exist as of AsOf.
	AppealsCollected int `json:"appeals_collected"`
	// AppealsResolved (办结): collected appeals resolved or closed as of
	// AsOf. A reopened appeal counts again only once resolved again.
	AppealsResolved int `json:"appeals_resolved"`
	// AppealsInProgress: collected appeals still open as of AsOf:
	// submitted, accepted or in progress.
	AppealsInProgress int `json:"appeals_in_progress"`
	// AppealsRejected: collected appeals rejected as of AsOf for an
	// exclusion reason. Collected = resolved + in progress + rejected.
	AppealsRejected int `json:"appeals_rejected"`
	// AppealsOverdue: collected appeals open as of AsOf whose resolution
	// deadline then in force had passed.
	AppealsOverdue int `json:"appeals_overdue"`
	// ClosureRate (办结率) = AppealsResolved ÷ AppealsCollected.
	ClosureRate *float64 `json:"closure_rate"`
	// ResponseRate (响应率) = RespondedInTime ÷ ResponseDue: appeals first
	// signed for (accepted) within the response limit, among those due
	// for a response by AsOf (their response deadline has passed, or they
	// have been signed for).
	ResponseRate *float64 `json:"response_rate"`
	// OnTimeRate (按时办结率) = ResolvedOnTime ÷ AppealsResolved: resolved
	// appeals whose first resolution came by the resolution deadline then
	// in force. A late first resolution stays late after a reopening.
	OnTimeRate *float64 `json:"on_time_rate"`
	// ResolutionRate (解决率) = RatedSolved ÷ Rated: appeals the
	// enterprise rated "solved" among those it rated (closed as of AsOf).
	// "Partly solved" is not solved.
	ResolutionRate *float64 `json:"resolution_rate"`
	// SatisfactionRate (满意率) = RatedSatisfied ÷ Rated: rated
	// "satisfied" or "basically satisfied".
	SatisfactionRate *float64 `json:"satisfaction_rate"`

	// The parts of the rates that are not figures above, so that the page
	// can show "23 of 25" and link each part to its appeals.
	ResponseDue     int `json:"response_due"`
	RespondedInTime int `json:"responded_in_time"`
	ResolvedOnTime  int `json:"resolved_on_time"`
	Rated           int `json:"rated"`
	RatedSolved     int `json:"rated_solved"`
	RatedSatisfied  int `json:"rated_satisfied"`
}

// Names of the figures, as in Stats' JSON.
const (
	FigureAboveScale      = "above_scale_enterprises"
	FigureVisited         = "enterprises_visited"
	FigureCollected       = "appeals_collected"
	FigureResolved        = "appeals_resolved"
	FigureInProgress      = "appeals_in_progress"
	FigureRejected        = "appeals_rejected"
	FigureOverdue         = "appeals_overdue"
	FigureResponseDue     = "response_due"
	FigureRespondedInTime = "responded_in_time"
	FigureResolvedOnTime  = "resolved_on_time"
	FigureRated           = "rated"
	FigureRatedSolved     = "rated_solved"
	FigureRatedSatisfied  = "rated_satisfied"
)

// appealFigures defines every count of appeals as the history conditions
// that select its appeals among those collected (see Filter). Stats counts
// them and Drill lists them: one definition for both.
var appealFigures = []struct {
	name   string
	narrow func(f *Filter)
}{
	{FigureCollected, func(f *Filter) {}},
	{FigureResolved, func(f *Filter) { f.AsOfStates = []State{Resolved, Closed} }},
	{FigureInProgress, func(f *Filter) { f.AsOfStates = slices.Clone(openStates) }},
	{FigureRejected, func(f *Filter) { f.AsOfStates = []State{Rejected} }},
	{FigureOverdue, func(f *Filter) { f.Overdue = true }},
	{FigureResponseDue, func(f *Filter) { f.Response = ResponseDue }},
	{FigureRespondedInTime, func(f *Filter) { f.Response = ResponseInTime }},
	{FigureResolvedOnTime, func(f *Filter) { f.AsOfStates = []State{Resolved, Closed}; f.Resolution = ResolutionOnTime }},
	{FigureRated, func(f *Filter) { f.AsOfStates = []State{Closed} }},
	{FigureRatedSolved, func(f *Filter) { f.AsOfStates = []State{Closed}; f.Solved = []Solved{SolvedYes} }},
	{FigureRatedSatisfied, func(f *Filter) {
		f.AsOfStates = []State{Closed}
		f.Satisfactions = []Satisfaction{Satisfied, Basically}
	}},
}

// Rates names each rate's numerator and denominator figures, so that the
// page can link both parts of a rate to their appeals.
var Rates = map[string][2]string{
	"closure_rate":      {FigureResolved, FigureCollected},
	"response_rate":     {FigureRespondedInTime, FigureResponseDue},
	"on_time_rate":      {FigureResolvedOnTime, FigureResolved},
	"resolution_rate":   {FigureRatedSolved, FigureRated},
	"satisfaction_rate": {FigureRatedSatisfied, FigureRated},
}

// filter is the Filter of every appeal q collects, as of asOf.
func (q StatsQuery) filter(asOf time.Time) Filter {
	return Filter{From: q.From, To: q.To, UnitID: q.UnitID, AsOf: asOf}
}

// Drill returns the Filter whose List gives exactly the appeals counted by
// figure (one of the Figure names of appeals) in Stats(q). Pass the AsOf
// that Stats returned, so that list and figure describe the same moment.
// The two enterprise figures are not appeals: the enterprise registry
// lists them.
func Drill(q StatsQuery, figure string) (Filter, error) {
	for _, fig := range appealFigures {
		if fig.name == figure {
			f := q.filter(q.AsOf)
			fig.narrow(&f)
			return f, nil
		}
	}
	return Filter{}, errs.InvalidField("figure", "err.appeal_figure")
}

func (q StatsQuery) validate() error {
	f := errs.Fields{}
	checkDates(f, q.From, q.To)
	if q.UnitID < 0 {
		f.Add("unit_id", "err.unit_unknown")
	}
	return f.Err()
}

// Stats computes the figures for the actor's scope: every appeal figure in
// one SQL aggregate over the appeals' history as of q.AsOf, and one count
// for each enterprise figure.
func (s *Service) Stats(ctx context.Context, a access.Actor, q StatsQuery) (Stats, error) {
	if err := q.validate(); err != nil {
		return Stats{}, err
	}
	if q.AsOf.IsZero() {
		q.AsOf = s.now()
	}
	q.AsOf = q.AsOf.UTC().Truncate(time.Microsecond)
	out := Stats{AsOf: q.AsOf}
	var unit *scopeUnit
	if q.UnitID > 0 {
		u, err := unitInScope(ctx, s.DB.R, a, q.UnitID, "unit_id")
		if err != nil {
			return out, err
		}
		unit = &u
	}
	counts, err := s.countFigures(ctx, a, q, "", nil)
	if err != nil {
		return out, err
	}
	c := counts[0].counts
	out.AppealsCollected, out.AppealsResolved, out.AppealsInProgress = c[FigureCollected], c[FigureResolved], c[FigureInProgress]
	out.AppealsRejected, out.AppealsOverdue = c[FigureRejected], c[FigureOverdue]
	out.ResponseDue, out.RespondedInTime, out.ResolvedOnTime = c[FigureResponseDue], c[FigureRespondedInTime], c[FigureResolvedOnTime]
	out.Rated, out.RatedSolved, out.RatedSatisfied = c[FigureRated], c[FigureRatedSolved], c[FigureRatedSatisfied]
	out.ClosureRate = rate(out.AppealsResolved, out.AppealsCollected)
	out.ResponseRate = rate(out.RespondedInTime, out.ResponseDue)
	out.OnTimeRate = rate(out.ResolvedOnTime, out.AppealsResolved)
	out.ResolutionRate = rate(out.RatedSolved, out.Rated)
	out.SatisfactionRate = rate(out.RatedSatisfied, out.Rated)

	var w db.Where
	enterpriseScope(&w, a)
	if unit != nil {
		unit.narrowEnterprises(&w)
	}
	w.And("e.above_scale = ?", true)
	w.And("e.status = 'operating'")
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*) FROM enterprises e JOIN units c ON c.id = e.community_id"+w.SQL(),
		w.Args...).Scan(&out.AboveScaleEnterprises); err != nil {
		return out, errs.Wrap(err, "stats above-scale")
	}

	w = db.Where{}
	enterpriseScope(&w, a)
	if unit != nil {
		unit.narrowEnterprises(&w)
	}
	if q.From != "" {
		w.And("v.visit_date >= ?", q.From)
	}
	if q.To != "" {
		w.And("v.visit_date <= ?", q.To)
	}
	// A visit dated after AsOf had not happened yet.
	w.And("v.visit_date <= ?", dateOf(q.AsOf))
	if err := s.DB.R.QueryRowContext(ctx, `SELECT count(DISTINCT v.enterprise_id) FROM visits v
		JOIN enterprises e ON e.id = v.enterprise_id JOIN units c ON c.id = e.community_id`+w.SQL(),
		w.Args...).Scan(&out.EnterprisesVisited); err != nil {
		return out, errs.Wrap(err, "stats visited")
	}
	return out, nil
}

// groupCounts is one group's counts of the appeal figures.
type groupCounts struct {
	key, label string
	counts     map[string]int
}

// countFigures counts every appeal figure of q (whose AsOf is set) in one
// aggregate, per group when group is a SELECT expression list of h0
// defining k (the key), label and ord (the order), in a single group
// otherwise.
func (s *Service) countFigures(ctx context.Context, a access.Actor, q StatsQuery, group string, names []string) ([]groupCounts, error) {
	if names == nil {
		for _, fig := range appealFigures {
			names = append(names, fig.name)
		}
	}
	var w db.Where
	asOf := w.Next(db.Micros(q.AsOf))
	if err := s.baseWhere(ctx, &w, a, q.filter(q.AsOf), asOf); err != nil {
		return nil, err
	}
	sums := make([]string, len(names))
	for i, name := range names {
		f, err := Drill(q, name)
		if err != nil {
			return nil, err
		}
		sums[i] = "COALESCE(SUM(CASE WHEN " + all(f.historyConds(&w, asOf, q.AsOf)) + " THEN 1 ELSE 0 END), 0)"
	}
	var sql string
	if group == "" {
		sql = historyWith(w.SQL(), asOf, "") + "SELECT '', '', " + strings.Join(sums, ", ") + " FROM h"
	} else {
		sql = historyWith(w.SQL(), asOf, group) + "SELECT k, label, " + strings.Join(sums, ", ") +
			" FROM h GROUP BY k, label, ord ORDER BY ord, k"
	}
	rows, err := s.DB.R.QueryContext(ctx, sql, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "appeal figures")
	}
	defer rows.Close()
	var out []groupCounts
	for rows.Next() {
		g := groupCounts{counts: map[string]int{}}
		n := make([]int, len(names))
		dest := []any{&g.key, &g.label}
		for i := range n {
			dest = append(dest, &n[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, errs.Wrap(err, "appeal figures scan")
		}
		for i, name := range names {
			g.counts[name] = n[i]
		}
		out = append(out, g)
	}
	return out, errs.Wrap(rows.Err(), "appeal figures")
}

// rate is n ÷ d, or nil when nothing was due.
func rate(n, d int) *float64 {
	if d == 0 {
		return nil
	}
	r := float64(n) / float64(d)
	return &r
}
