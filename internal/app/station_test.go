package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/demo"
	"pinghu/internal/i18n"
	"pinghu/internal/station"
)

// validateRFC7946 checks a FeatureCollection of Point features against
// the rules of RFC 7946 that a map client relies on, and our own: the
// top level is a FeatureCollection with a features array; each member is
// a Feature with a Point geometry of exactly two numbers, longitude first
// within [-180, 180] and latitude within [-90, 90] (§3.1.1, §4); no "crs"
// member anywhere (§4 removed it); properties an object; an id, if any, a
// string or a number (§3.2). Our stations are all in China, so the point
// must also lie in China's box — which also catches [lat, lng], since
// there the longitude is the larger number.
func validateRFC7946(body []byte) (int, error) {
	var fc map[string]any
	if err := json.Unmarshal(body, &fc); err != nil {
		return 0, fmt.Errorf("not JSON: %w", err)
	}
	if fc["type"] != "FeatureCollection" {
		return 0, fmt.Errorf("type = %v, want FeatureCollection", fc["type"])
	}
	if _, ok := fc["crs"]; ok {
		return 0, fmt.Errorf("a crs member (RFC 7946 §4)")
	}
	features, ok := fc["features"].([]any)
	if !ok {
		return 0, fmt.Errorf("features is not an array: %T", fc["features"])
	}
	for i, raw := range features {
		f, ok := raw.(map[string]any)
		if !ok {
			return 0, fmt.Errorf("feature %d is not an object", i)
		}
		if f["type"] != "Feature" {
			return 0, fmt.Errorf("feature %d: type = %v", i, f["type"])
		}
		if _, ok := f["crs"]; ok {
			return 0, fmt.Errorf("feature %d: a crs member", i)
		}
		switch f["id"].(type) {
		case nil, string, float64:
		default:
			return 0, fmt.Errorf("feature %d: id is neither a string nor a number", i)
		}
		props, ok := f["properties"].(map[string]any)
		if !ok {
			return 0, fmt.Errorf("feature %d: properties is not an object", i)
		}
		for _, k := range []string{"id", "name", "kind", "community", "services", "groups"} {
			if _, ok := props[k]; !ok {
				return 0, fmt.Errorf("feature %d: no property %s", i, k)
			}
		}
		g, ok := f["geometry"].(map[string]any)
		if !ok || g["type"] != "Point" {
			return 0, fmt.Errorf("feature %d: geometry is not a Point: %v", i, f["geometry"])
		}
		c, ok := g["coordinates"].([]any)
		if !ok || len(c) != 2 {
			return 0, fmt.Errorf("feature %d: coordinates are not a position of two numbers: %v", i, g["coordinates"])
		}
		lng, ok1 := c[0].(float64)
		lat, ok2 := c[1].(float64)
		switch {
		case !ok1 || !ok2:
			return 0, fmt.Errorf("feature %d: coordinates are not numbers: %v", i, c)
		case lng < -180 || lng > 180 || lat < -90 || lat > 90:
			return 0, fmt.Errorf("feature %d: [%v, %v] out of range", i, lng, lat)
		case lng <= lat:
			return 0, fmt.Errorf("feature %d: [%v, %v]: latitude first?", i, lng, lat)
		case lng < station.MinLng || lng > station.MaxLng || lat < station.MinLat || lat > station.MaxLat:
			return 0, fmt.Errorf("feature %d: [%v, %v] outside China", i, lng, lat)
		}
	}
	return len(features), nil
}

// The demo's year, both days included.
var (
	demo2022From = time.Date(2022, 1, 1, 0, 0, 0, 0, i18n.Zone)
	demo2022To   = time.Date(2022, 12, 31, 0, 0, 0, 0, i18n.Zone)
)

// The validator bites: each broken feed is refused.
func TestRFC7946ValidatorBites(t *testing.T) {
	ok := `{"type":"Feature","id":1,"geometry":{"type":"Point","coordinates":[114.1,22.6]},"properties":{"id":1,"name":"a","kind":"warm_bee","community":"c","services":[],"groups":[]}}`
	if n, err := validateRFC7946([]byte(`{"type":"FeatureCollection","features":[` + ok + `]}`)); err != nil || n != 1 {
		t.Fatalf("a valid feed: %d %v", n, err)
	}
	for name, body := range map[string]string{
		"latitude first": strings.Replace(ok, "[114.1,22.6]", "[22.6,114.1]", 1),
		"three numbers":  strings.Replace(ok, "[114.1,22.6]", "[114.1,22.6,0]", 1),
		"a string":       strings.Replace(ok, "[114.1,22.6]", `["114.1",22.6]`, 1),
		"no properties":  strings.Replace(ok, `"properties":{`, `"props":{`, 1),
		"a polygon":      strings.Replace(ok, `"Point"`, `"Polygon"`, 1),
		"outside China":  strings.Replace(ok, "[114.1,22.6]", "[2.35,48.85]", 1),
		"a crs":          strings.Replace(ok, `"type":"Feature",`, `"type":"Feature","crs":{},`, 1),
	} {
		if _, err := validateRFC7946([]byte(`{"type":"FeatureCollection","features":[` + body + `]}`)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// On the demo: every feed, signed-in and public, whole and by layer,
// validates; the sub-district has 29 new-employment sites in 2022; and a
// station with its coordinates swapped is refused with nothing written.
func TestStationsOnTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		total, _ := strconv.Atoi(firstOf(t, e, "SELECT count(*) FROM stations"))
		leader, community := e.token("leader"), e.token("community")
		for _, c := range []struct {
			name, path, token string
			want              int // features; -1: some
		}{
			{"leader", "/api/v1/stations.geojson", leader, total},
			{"leader, a layer", "/api/v1/stations.geojson?kind=warm_bee", leader, -1},
			{"community", "/api/v1/stations.geojson", community, -1},
			{"public", "/p/stations.geojson", "", total},
			{"public, a layer", "/p/stations.geojson?kind=drivers_home", "", -1},
		} {
			r := e.api("GET", c.path, c.token, nil)
			if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/geo+json" {
				t.Fatalf("%s: %d %s", c.name, r.Status, r.Header.Get("Content-Type"))
			}
			n, err := validateRFC7946([]byte(r.Body))
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			if (c.want >= 0 && n != c.want) || (c.want < 0 && (n == 0 || n >= total)) {
				t.Errorf("%s: %d features of %d", c.name, n, total)
			}
		}

		var list struct{ Total int }
		r := e.api("GET", "/api/v1/stations?new_employment=true&to=2022-12-31", leader, nil)
		if err := json.Unmarshal([]byte(r.Body), &list); err != nil || demo.NewEmploymentSites != 29 || list.Total != 29 {
			t.Errorf("new-employment sites = %d (%v), want 29", list.Total, err)
		}
		home := e.browser().login("leader").get("/").Body
		if !strings.Contains(home, `<span class="card-title">新就业群体服务站点</span><span class="card-value">29</span>`) {
			t.Errorf("the leader's home page has no card of 29 new-employment sites")
		}
		pinghu := e.unit("PH-PINGHU")
		fig, err := e.app.Stations.CommunityFigures(t.Context(), actorOf(t, e, "leader"), demo2022From, demo2022To, 0)
		if err != nil || fig.NewEmploymentSites != 29 || fig.Total != total || fig.Served == 0 {
			t.Errorf("sub-district figures: %+v %v", fig, err)
		}
		fig, err = e.app.Stations.CommunityFigures(t.Context(), actorOf(t, e, "leader"), demo2022From, demo2022To, pinghu.ID)
		for _, k := range []station.Kind{station.PartyCenter, station.TrafficKiosk, station.TrafficPolice, station.VolunteerU, station.WarmBee} {
			if err != nil || fig.ByKind[string(k)] == 0 {
				t.Errorf("平湖 has no %s: %+v %v", k, fig, err)
			}
		}

		bad := map[string]any{"name": "反了的驿站", "kind": "warm_bee", "community_id": e.unit("PH-HEHUA").ID, "address": "x",
			"lng": 22.68, "lat": 114.12, "area_m2": 10, "services": []string{"饮水"}, "groups": []string{"couriers"}, "opened_on": "2022-03-01"}
		r = e.api("POST", "/api/v1/stations", community, bad)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"lng"`) || !strings.Contains(r.Body, `"lat"`) || !strings.Contains(r.Body, "填反") {
			t.Errorf("swapped coordinates: %d %s", r.Status, r.Body)
		}
		if n, _ := strconv.Atoi(firstOf(t, e, "SELECT count(*) FROM stations")); n != total {
			t.Errorf("%d stations after a refused one, want %d", n, total)
		}

		// The same through the community's form, then right, then a record
		// and its month on the station's page.
		b := e.browser().login("community")
		form := url.Values{"name": {"禾花测试暖蜂驿站"}, "kind": {"warm_bee"}, "community_id": {strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)},
			"address": {"禾花路1号"}, "lng": {"22.676"}, "lat": {"114.12"}, "area_m2": {"25"}, "services": {"饮水\n充电"},
			"groups": {"delivery_riders", "residents"}, "opened_on": {"2022-05-01"}}
		if r := b.post("/stations", form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "似乎填反了") {
			t.Fatalf("swapped on the form: %d %s", r.Status, snippet(r.Body))
		}
		form.Set("lng", "114.12")
		form.Set("lat", "22.676")
		r = b.post("/stations", form)
		loc := r.Header.Get("Location")
		if r.Status != http.StatusSeeOther || !strings.HasPrefix(loc, "/stations/") {
			t.Fatalf("create on the form: %d %s", r.Status, snippet(r.Body))
		}
		path := strings.SplitN(loc, "?", 2)[0]
		if r := b.post(path+"/records", url.Values{"day": {"2022-06-01"}, "service": {"充电"}, "count": {"-2"}}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("a negative count: %d", r.Status)
		}
		if r := b.post(path+"/records", url.Values{"day": {"2022-06-01"}, "service": {"充电"}, "count": {"17"}}); r.Status != http.StatusSeeOther {
			t.Errorf("a record: %d %s", r.Status, snippet(r.Body))
		}
		// A single entry whose note holds a mobile number: masked on the page.
		if r := b.post(path+"/records", url.Values{"day": {"2022-06-02"}, "service": {"充电"}, "note": {"骑手13812345678借充电宝"}}); r.Status != http.StatusSeeOther {
			t.Errorf("a single entry: %d %s", r.Status, snippet(r.Body))
		}
		if page := b.get(path); page.Status != http.StatusOK || !strings.Contains(page.Body, "2022-06") || !strings.Contains(page.Body, ">18<") ||
			!strings.Contains(page.Body, "<svg") || !strings.Contains(page.Body, "138****5678") || strings.Contains(page.Body, "13812345678") {
			t.Errorf("the station's page: %d %s", page.Status, snippet(page.Body))
		}
		onList := b.get("/stations?new_employment=true&unit_id=" + strconv.FormatInt(e.unit("PH-HEHUA").ID, 10))
		if !strings.Contains(onList.Body, "禾花测试暖蜂驿站") {
			t.Errorf("the new station is not a new-employment site on the list")
		}
	})
}
