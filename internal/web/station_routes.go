package web

import (
	"context"
	"math"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/station"
)

// stationRoutes are the service stations' pages (驿站): the staff's list,
// form, page with its service records and monthly totals, and ledger; and
// the public list and GeoJSON feed under /p/, which need no login and
// show no personal information (a station is a place).
func (h *Web) stationRoutes() []edge.Route {
	s, pub := edge.Signed, edge.Public
	return []edge.Route{
		{Method: "GET", Pattern: "/stations", Access: s, Handler: h.stationList},
		{Method: "GET", Pattern: "/stations/new", Access: s, Handler: h.stationNew},
		{Method: "POST", Pattern: "/stations", Access: s, Handler: h.stationCreate},
		{Method: "GET", Pattern: "/stations/{id}", Access: s, Handler: h.stationDetail},
		{Method: "GET", Pattern: "/stations/{id}/edit", Access: s, Handler: h.stationEdit},
		{Method: "POST", Pattern: "/stations/{id}", Access: s, Handler: h.stationUpdate},
		{Method: "POST", Pattern: "/stations/{id}/records", Access: s, Handler: h.stationRecord},
		{Method: "GET", Pattern: "/ledgers/stations.xlsx", Access: s, Handler: h.ledgerStations, Cost: edge.Export},
		{Method: "GET", Pattern: "/p/stations", Access: pub, Handler: h.publicStations, Cost: edge.PublicRead},
		{Method: "GET", Pattern: "/p/stations.geojson", Access: pub, Handler: h.publicStationFeed, Cost: edge.PublicRead},
	}
}

// seesStations: the roles whose scope holds stations, for the menu.
func seesStations(a access.Actor) bool { return station.Sees(a) }

func stationPath(id int64) string { return "/stations/" + strconv.FormatInt(id, 10) }

// stationDict names the station values on the pages.
type stationDict struct{ Page }

func (d stationDict) KindName(k station.Kind) string   { return d.T("stn.kind." + string(k)) }
func (d stationDict) GroupName(g station.Group) string { return d.T("stn.group." + string(g)) }

// Coord shows a coordinate with six decimals (about 0.1 m).
func (stationDict) Coord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

// Area shows an area in m² without trailing zeros.
func (stationDict) Area(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// stationMap is the little map of a station's page: the sub-district's
// box and the station's point in it, drawn on the server. X and Y are in
// the SVG's 0–300 × 0–200 frame, north up; a point outside the box is
// pinned to its edge.
type stationMap struct{ X, Y float64 }

// The sub-district's box, WGS84 degrees.
const (
	mapWest, mapEast   = 114.08, 114.17
	mapSouth, mapNorth = 22.63, 22.72
)

func newStationMap(lng, lat float64) stationMap {
	x := (lng - mapWest) / (mapEast - mapWest) * 300
	y := (mapNorth - lat) / (mapNorth - mapSouth) * 200
	clamp := func(v, hi float64) float64 { return math.Round(math.Max(6, math.Min(hi-6, v))*10) / 10 }
	return stationMap{X: clamp(x, 300), Y: clamp(y, 200)}
}

// stationCards are the stations open today in the actor's scope and how
// many of them serve the new-employment groups, each opening its list.
func stationCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !seesStations(a) {
		return nil, nil
	}
	today := h.Now()
	fig, err := h.Stations.CommunityFigures(ctx, a, time.Time{}, today, 0)
	if err != nil {
		return nil, err
	}
	to := today.In(i18n.Zone).Format(time.DateOnly)
	return []Card{
		{TitleKey: "stn.card.total", Value: strconv.Itoa(fig.Total), Href: "/stations?to=" + to, NoteKey: "stn.card.note"},
		{TitleKey: "stn.card.new_employment", Value: strconv.Itoa(fig.NewEmploymentSites), Href: "/stations?new_employment=true&to=" + to,
			NoteKey: "stn.new_employment.hint"},
	}, nil
}
