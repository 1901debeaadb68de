package api

import (
	"net/http"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// statsRoutes are the enterprise service's figures: the same numbers as
// the dashboard page, for other systems (the district's big screen, a
// monthly report).
func (a *API) statsRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/stats/enterprise-service", s, a.enterpriseServiceStats),
		rt(http.MethodGet, "/stats/enterprise-service/breakdown", s, a.enterpriseServiceBreakdown),
	}
}

// statsRoles may read the figures: those who work on enterprises within
// a scope. The officers, experts and enterprises get 404, as for the
// dashboard page; an enterprise follows its own appeals in their list.
var statsRoles = []access.Role{access.Leader, access.Office, access.Community, access.Dept, access.Specialist}

func mayReadStats(a access.Actor) bool {
	for _, r := range statsRoles {
		if a.Role == r {
			return true
		}
	}
	return false
}

// statsQuery reads from, to, as_of and unit_id. Dates are YYYY-MM-DD in
// China Standard Time; as_of means the end of that day (appeal.AsOfDate).
func statsQuery(p *params) appeal.StatsQuery {
	q := appeal.StatsQuery{UnitID: p.id("unit_id")}
	if from := p.day("from"); !from.IsZero() {
		q.From = from.Format(time.DateOnly)
	}
	if to := p.day("to"); !to.IsZero() {
		q.To = to.Format(time.DateOnly)
	}
	p.asOf(&q.AsOf, appeal.AsOfDate)
	return q
}

// enterpriseServiceStats answers the figures of appeal.Stats for the
// caller's scope: counts, and rates as fractions (null when nothing was
// due). Every count of appeals can be listed with GET /appeals and the
// same parameters plus figure=<name>.
func (a *API) enterpriseServiceStats(w http.ResponseWriter, r *http.Request) {
	actor := edge.Actor(r)
	if !mayReadStats(actor) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	p := query(r)
	q := statsQuery(p)
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	st, err := a.Appeals.Stats(r.Context(), actor, q)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, st)
}

// breakdownAnswer is one breakdown of the appeal figures.
type breakdownAnswer struct {
	By   string       `json:"by"`
	AsOf time.Time    `json:"as_of"`
	Rows []appeal.Row `json:"rows"`
}

// enterpriseServiceBreakdown splits the appeal figures by community,
// department, category or week, as the dashboard's charts do.
func (a *API) enterpriseServiceBreakdown(w http.ResponseWriter, r *http.Request) {
	actor := edge.Actor(r)
	if !mayReadStats(actor) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	p := query(r)
	q := statsQuery(p)
	by := p.raw("by")
	if by == "" {
		p.f.Add("by", "err.required")
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	if q.AsOf.IsZero() {
		// One moment for every row, reported with them.
		q.AsOf = a.Now().UTC().Truncate(time.Microsecond)
	}
	rows, err := a.Appeals.Breakdown(r.Context(), actor, q, by)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, breakdownAnswer{By: by, AsOf: q.AsOf, Rows: rows})
}
