package api

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/microproject"
)

// microprojectRoutes are the livelihood micro-projects (民生微实事) for
// signed-in staff. Residents propose, object and rate on the public pages,
// not through the API.
func (a *API) microprojectRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/microprojects", s, a.listMicroprojects),
		rt(http.MethodPost, "/microprojects", s, a.createMicroproject),
		rt(http.MethodGet, "/microprojects/{id}", s, a.getMicroproject),
		rt(http.MethodPost, "/microprojects/{id}/actions", s, a.actOnMicroproject),
	}
}

// microprojectFilter reads the list's parameters; unit_id, from and to
// give the list behind a figure of the community dashboard.
func microprojectFilter(p *params) (microproject.Filter, error) {
	f := microproject.Filter{Query: p.text("q"), UnitID: p.id("unit_id"), Year: p.int("year", 0),
		Stage:    microproject.Stage(p.oneOf("stage", "mp.err.stage", func(s string) bool { return microproject.Stage(s).Valid() })),
		Kind:     microproject.Kind(p.oneOf("kind", "mp.err.kind", func(s string) bool { return microproject.Kind(s).Valid() })),
		Category: microproject.Category(p.oneOf("category", "mp.err.category", func(s string) bool { return microproject.Category(s).Valid() })),
		Sort:     p.oneOf("sort", "mp.err.sort", func(s string) bool { return slices.Contains(microproject.SortKeys, s) }),
		From:     p.day("from"), To: p.day("to"), Page: p.page()}
	// A date range is inclusive for people: "to" is the end of its day.
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	return f, p.err()
}

func (a *API) listMicroprojects(w http.ResponseWriter, r *http.Request) {
	f, err := microprojectFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Microprojects.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// microprojectDetail is a project with the actions the caller may take.
type microprojectDetail struct {
	microproject.Project
	AllowedActions []microproject.Action `json:"allowed_actions"`
}

func (a *API) writeMicroproject(w http.ResponseWriter, r *http.Request, status int, p microproject.Project) {
	edge.WriteJSON(w, status, microprojectDetail{Project: p, AllowedActions: a.Microprojects.Allowed(edge.Actor(r), p)})
}

func (a *API) createMicroproject(w http.ResponseWriter, r *http.Request) {
	var in microproject.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Microprojects.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/microprojects/"+strconv.FormatInt(p.ID, 10))
	p, err = a.Microprojects.Get(r.Context(), edge.Actor(r), p.ID)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeMicroproject(w, r, http.StatusCreated, p)
}

func (a *API) getMicroproject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Microprojects.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeMicroproject(w, r, http.StatusOK, p)
}

// actOnMicroproject applies one stage action; one the stage does not
// allow is 409 with the actions allowed instead, and a rule of the money,
// the quorum or the publication is 422 with its figures in the message.
func (a *API) actOnMicroproject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in microproject.ActInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Microprojects.Act(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeMicroproject(w, r, http.StatusOK, p)
}
