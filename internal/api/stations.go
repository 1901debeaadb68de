package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/pii"
	"pinghu/internal/station"
)

// stationRoutes are the service stations (驿站), their records and their
// GeoJSON feed. The feed's path is a sibling of /stations/{id}, not a
// child, so the two patterns never compete.
func (a *API) stationRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/stations", s, a.listStations),
		rt(http.MethodPost, "/stations", s, a.createStation),
		rt(http.MethodGet, "/stations.geojson", s, a.stationFeed),
		rt(http.MethodGet, "/stations/{id}", s, a.getStation),
		rt(http.MethodPost, "/stations/{id}/records", s, a.addStationRecord),
	}
}

// stationFilter reads the list's parameters; from and to are days, both
// included, as the figures count them.
func stationFilter(p *params) (station.Filter, error) {
	f := station.Filter{Query: p.text("q"), UnitID: p.id("unit_id"), NewEmployment: p.bool("new_employment"),
		Kind:  station.Kind(p.oneOf("kind", "stn.err.kind", func(s string) bool { return station.Kind(s).Valid() })),
		Group: station.Group(p.oneOf("group", "stn.err.group", func(s string) bool { return station.Group(s).Valid() })),
		Sort:  p.oneOf("sort", "stn.err.sort", func(s string) bool { return slices.Contains(station.SortKeys, s) }),
		Page:  p.page()}
	if d := p.day("from"); !d.IsZero() {
		f.From = p.raw("from")
	}
	if d := p.day("to"); !d.IsZero() {
		f.To = p.raw("to")
	}
	return f, p.err()
}

func (a *API) listStations(w http.ResponseWriter, r *http.Request) {
	f, err := stationFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Stations.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// stationDetail is a station with its monthly totals and what the caller
// may do with it.
type stationDetail struct {
	station.Station
	Months    []station.Month `json:"months"`
	MayEdit   bool            `json:"may_edit"`
	MayRecord bool            `json:"may_record"`
}

func (a *API) writeStation(w http.ResponseWriter, r *http.Request, status int, id int64) {
	act := edge.Actor(r)
	st, err := a.Stations.Get(r.Context(), act, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	months, err := a.Stations.Months(r.Context(), act, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, status, stationDetail{Station: st, Months: months, MayEdit: station.MayEdit(act, st), MayRecord: station.MayRecord(act, st)})
}

func (a *API) createStation(w http.ResponseWriter, r *http.Request) {
	var in station.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	st, err := a.Stations.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/stations/"+strconv.FormatInt(st.ID, 10))
	a.writeStation(w, r, http.StatusCreated, st.ID)
}

func (a *API) getStation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeStation(w, r, http.StatusOK, id)
}

func (a *API) addStationRecord(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in station.RecordInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	rec, err := a.Stations.AddRecord(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, rec)
}

// stationFeed is the GeoJSON (RFC 7946) of the stations the caller sees,
// one layer (kind) or all, optionally within a unit's subtree.
func (a *API) stationFeed(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := station.FeedFilter{UnitID: p.id("unit_id"),
		Kind: station.Kind(p.oneOf("kind", "stn.err.kind", func(s string) bool { return station.Kind(s).Valid() }))}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	fc, err := a.Stations.Feed(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	b, err := json.Marshal(fc)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pii.MaskJSON(b))
}
