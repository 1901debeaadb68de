package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/station"
)

// Every answer of the station routes, errors and the GeoJSON feed
// included, matches the OpenAPI document (the harness checks each one).
func TestStationsAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Stations = &station.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		s := e.unit(e.root.ID, org.Subdistrict, "s")
		c := e.unit(s.ID, org.Community, "c")
		other := e.unit(e.root.ID, org.Subdistrict, "t")
		e.user("office", access.Office, s.ID, "")
		e.user("comm", access.Community, c.ID, "")
		e.user("leader9", access.Leader, other.ID, "")
		office, comm, leader9 := e.login("office"), e.login("comm"), e.login("leader9")

		in := map[string]any{"name": "暖蜂驿站", "kind": "warm_bee", "community_id": c.ID, "address": "平湖大街1号",
			"lng": 22.68, "lat": 114.12, "area_m2": 30, "services": []string{"饮水", "充电"}, "groups": []string{"couriers"},
			"opened_on": "2022-02-01"}
		e.do(http.MethodPost, "/api/v1/stations", comm, in).wantError(http.StatusUnprocessableEntity, "invalid", "lng", "lat")
		e.do(http.MethodPost, "/api/v1/stations", comm, map[string]any{"area_m2": -1}).
			wantError(http.StatusUnprocessableEntity, "invalid", "name", "kind", "community_id", "address", "lng", "lat", "area_m2", "services", "groups", "opened_on")
		in["lng"], in["lat"] = 114.12, 22.68
		id := e.do(http.MethodPost, "/api/v1/stations", comm, in).want(http.StatusCreated).id()
		p := fmt.Sprintf("/api/v1/stations/%d", id)
		if n := len(e.do(http.MethodGet, "/api/v1/stations?kind=warm_bee&new_employment=true&to=2022-12-31&sort=-served", office, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("list: %d items", n)
		}
		e.do(http.MethodGet, "/api/v1/stations?kind=nope&to=2022-13-01", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "kind", "to")
		feed := e.do(http.MethodGet, "/api/v1/stations.geojson?kind=warm_bee", office, nil).want(http.StatusOK)
		if ct := feed.header.Get("Content-Type"); ct != "application/geo+json" {
			t.Errorf("feed content type %q", ct)
		}
		if fs, _ := feed.json["features"].([]any); len(fs) != 1 {
			t.Errorf("feed: %v", feed.json)
		}
		e.do(http.MethodGet, "/api/v1/stations.geojson?kind=nope", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "kind")
		e.do(http.MethodGet, p, leader9, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, p+"/records", comm, map[string]any{"day": "2022-02-20", "service": "饮水", "count": -3}).
			wantError(http.StatusUnprocessableEntity, "invalid", "count")
		e.do(http.MethodPost, p+"/records", comm, map[string]any{"day": "2022-02-20", "service": "饮水", "count": 12}).want(http.StatusCreated)
		e.do(http.MethodPost, p+"/records", office, map[string]any{"day": "2022-03-01", "service": "充电", "note": "单次"}).want(http.StatusCreated)
		e.do(http.MethodPost, p+"/records", leader9, map[string]any{"day": "2022-03-01", "service": "充电"}).wantError(http.StatusNotFound, "not_found")
		got := e.do(http.MethodGet, p, office, nil).want(http.StatusOK)
		if got.json["served"] != float64(13) || got.json["may_record"] != true {
			t.Errorf("detail: %v", got.json)
		}
	})
}
