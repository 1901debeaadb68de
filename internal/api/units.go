package api

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/org"
)

func validKind(s string) bool { return slices.Contains(org.Kinds, org.Kind(s)) }

// listUnits is one page of the units in the caller's scope.
func (a *API) listUnits(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := org.Filter{
		ParentID: p.id("parent_id"),
		Kind:     org.Kind(p.oneOf("kind", "err.unit_kind", validKind)),
		Query:    p.text("q"),
		Active:   p.bool("active"),
		Page:     p.page(),
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Units.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}

func (a *API) createUnit(w http.ResponseWriter, r *http.Request) {
	var in org.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	u, err := a.Units.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/units/"+strconv.FormatInt(u.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, u)
}

func (a *API) getUnit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	u, err := a.Units.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, u)
}

func (a *API) updateUnit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in org.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	u, err := a.Units.Update(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, u)
}
