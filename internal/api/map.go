package api

import (
	"encoding/json"
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/pii"
	"pinghu/internal/redmap"
)

// mapRoutes are the red map's GeoJSON and the boundary upload, whose
// body is the GeoJSON file itself, read only up to the configured limit.
func (a *API) mapRoutes() []edge.Route {
	s := edge.Signed
	put := rt(http.MethodPut, "/map/boundaries/{id}", s, a.putBoundary)
	if a.Map != nil {
		put.MaxBody = a.Map.MaxBytes() + 1
	}
	return []edge.Route{
		rt(http.MethodGet, "/map.geojson", s, a.mapFeed),
		put,
	}
}

// mapFeed is the map as GeoJSON: the boundaries in the caller's scope and
// the markers of the layers asked for (every layer without layer=).
func (a *API) mapFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := query(r)
	rq := redmap.Query{Layers: q["layer"], CommunityID: p.id("community_id")}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	m, err := a.Map.Draw(r.Context(), edge.Actor(r), rq)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	b, err := json.Marshal(m.GeoJSON())
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pii.MaskJSON(b))
}

// putBoundary replaces a community's boundary with the request body.
func (a *API) putBoundary(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	b, err := a.Map.Upload(r.Context(), edge.Actor(r), id, r.Body)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, b)
}
