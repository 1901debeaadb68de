package api

import (
	"net/http"

	"pinghu/internal/community"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// communityRoutes are the community governance figures, the same as the
// community dashboard's: micro-projects, the think tank, the stations and
// the volunteers of a period.
func (a *API) communityRoutes() []edge.Route {
	return []edge.Route{
		rt(http.MethodGet, "/stats/community", edge.Signed, a.communityStats),
	}
}

// communityStats answers community.Overview for from..to (days in China
// Standard Time, both included; from defaults to the first day of to's
// year, to to today) and unit_id (0: the whole scope).
func (a *API) communityStats(w http.ResponseWriter, r *http.Request) {
	// Those without the figures learn nothing, not even that a date is bad.
	if !community.Sees(edge.Actor(r)) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	p := query(r)
	unitID := p.id("unit_id")
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	period, err := community.ParsePeriod(p.raw("from"), p.raw("to"), a.Now())
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	o, err := a.Community.Overview(r.Context(), edge.Actor(r), period, unitID)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, o)
}
