package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/redmap"
)

const mapPath = "/map"

// mapRoutes are the red map (红色版图): the page, the boundaries' page
// and their upload.
func (h *Web) mapRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: mapPath, Access: s, Handler: h.mapPage},
		{Method: "GET", Pattern: "/map/boundaries", Access: s, Handler: h.mapBoundaries},
		{Method: "POST", Pattern: "/map/boundaries", Access: s, Handler: h.mapBoundaryUpload, MaxBody: h.mapUploadBody()},
	}
}

// mapQuery is the map's URL: the layers ticked and the community zoomed
// to. "shown" marks a form sent with its boxes, so that no layer ticked
// means no layer, while a bare /map shows every layer.
type mapQuery struct {
	Layers      []string
	Shown       bool
	CommunityID int64
}

func readMapQuery(q url.Values) (mapQuery, redmap.Query) {
	mq := mapQuery{Layers: q["layer"], Shown: q.Get("shown") != "", CommunityID: queryID(q, "community_id")}
	rq := redmap.Query{CommunityID: mq.CommunityID}
	if mq.Shown || len(mq.Layers) > 0 {
		rq.Layers = append([]string{}, mq.Layers...)
	}
	return mq, rq
}

// href is the map's URL with the same layers, zoomed to community id (0:
// all).
func (mq mapQuery) href(layers []string, id int64) string {
	v := url.Values{}
	if mq.Shown || len(mq.Layers) > 0 {
		v.Set("shown", "1")
		for _, l := range layers {
			v.Add("layer", l)
		}
	}
	if id > 0 {
		v.Set("community_id", strconv.FormatInt(id, 10))
	}
	if len(v) == 0 {
		return mapPath
	}
	return mapPath + "?" + v.Encode()
}

// mapView is the red map page.
type mapView struct {
	Page
	ViewW, ViewH int
	Areas        []mapArea
	Layers       []mapLayer
	Tiles        []mapTile
	Communities  []redmap.Community
	CommunityID  int64
	Schematic    bool
	Empty        bool
	Unbounded    string // the communities in view without a boundary
	CanUpload    bool
	Errors       map[string]string
}

func (v mapView) LayerName(k string) string { return v.T("map.layer." + k) }

// Coord shows a coordinate with five decimals (about a metre).
func (mapView) Coord(v float64) string { return strconv.FormatFloat(v, 'f', 5, 64) }

func (h *Web) mapPage(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !redmap.Sees(a) {
		h.NotFound(w, r)
		return
	}
	mq, rq := readMapQuery(r.URL.Query())
	v := mapView{Page: h.page(r, "map.page"), ViewW: mapW, ViewH: mapH, CanUpload: redmap.Uploads(a), CommunityID: mq.CommunityID}
	m, err := h.Map.Draw(r.Context(), a, rq)
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	if fields != nil {
		// A bad layer or community is named above the map, which is then
		// drawn as it is by default.
		v.Errors, v.CommunityID = fields, 0
		if m, err = h.Map.Draw(r.Context(), a, redmap.Query{}); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	shown := []string{}
	for _, l := range m.Layers {
		if l.Shown {
			shown = append(shown, l.Key)
		}
	}
	var p projection
	v.Areas, v.Layers, p = drawMap(m, func(id int64) string { return mq.href(shown, id) })
	v.Communities, v.Schematic, v.Empty = m.Communities, m.Schematic, m.Empty
	if !m.Empty {
		v.Tiles = p.tiles(h.MapTileURL)
	}
	bounded := map[int64]bool{}
	for _, b := range m.Boundaries {
		bounded[b.CommunityID] = true
	}
	var missing []string
	for _, c := range m.Communities {
		if !bounded[c.ID] && (v.CommunityID == 0 || c.ID == v.CommunityID) {
			missing = append(missing, c.Name)
		}
	}
	v.Unbounded = strings.Join(missing, v.T("stn.sep"))
	h.render(w, r, status, "map", v)
}

// LayerShown reports whether the layer k is ticked, for the table's rows.
func (v mapView) LayerShown(k string) bool {
	for _, l := range v.Layers {
		if l.Key == k {
			return l.Shown
		}
	}
	return false
}
