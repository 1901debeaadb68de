package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"pinghu/internal/pii"
	"pinghu/internal/proposal"
	"pinghu/internal/station"
)

// The public station pages: where residents, couriers, riders and drivers
// find a station near them. They show places and services only.

type publicStationsView struct {
	stationDict
	Filter      url.Values
	FilterErrs  map[string]string
	Kinds       []station.Kind
	Communities []proposal.Place
	Items       []station.Station
	Pager       Pager
	FeedHref    string
}

func (v publicStationsView) Filtered() bool { return len(v.Filter) > 0 }

func (h *Web) publicStations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := publicStationsView{stationDict: stationDict{h.page(r, "stn.page.public")}, Filter: filterValues(q, "q", "kind", "unit_id"),
		Kinds: station.Kinds}
	v.FeedHref = "/p/stations.geojson"
	if k := v.Filter.Get("kind"); k != "" {
		v.FeedHref += "?kind=" + url.QueryEscape(k)
	}
	f := station.Filter{Query: strings.TrimSpace(q.Get("q")), Kind: station.Kind(strings.TrimSpace(q.Get("kind"))),
		UnitID: queryID(q, "unit_id"), Sort: "community", Page: queryPage(r)}
	var err error
	if v.Communities, err = h.Proposals.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, err := h.Stations.PublicList(r.Context(), f)
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	v.FilterErrs = fields
	v.Items = l.Items
	v.Pager = newPager("/p/stations", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	h.render(w, r, status, "stations_public", v)
}

// publicStationFeed is the GeoJSON (RFC 7946) of every station, a layer
// at a time with ?kind=, for the public map and anyone's map software.
func (h *Web) publicStationFeed(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	fc, err := h.Stations.PublicFeed(r.Context(), station.FeedFilter{Kind: station.Kind(strings.TrimSpace(q.Get("kind"))),
		UnitID: queryID(q, "unit_id")})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	b, err := json.Marshal(fc)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(pii.MaskJSON(b))
}
