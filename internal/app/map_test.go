package app_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/app"
	"pinghu/internal/db"
)

// markersOn counts the markers of each layer in a map page's SVG, and
// says whether each layer's group is shown.
func markersOn(t *testing.T, page string) (count map[string]int, shown map[string]bool) {
	t.Helper()
	count, shown = map[string]int{}, map[string]bool{}
	groups := regexp.MustCompile(`<g class="map-layer map-([a-z_]+)" data-layer="([a-z_]+)"( display="none")?>`).FindAllStringSubmatch(page, -1)
	for _, g := range groups {
		shown[g[2]] = g[3] == ""
		count[g[2]] = 0
	}
	for _, m := range regexp.MustCompile(`data-marker="([a-z_]+)"`).FindAllStringSubmatch(page, -1) {
		count[m[1]]++
	}
	return count, shown
}

func intOf(t *testing.T, e *env, q string) int {
	t.Helper()
	n, err := strconv.Atoi(firstOf(t, e, q))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The red map on the demo draws every layer over the twelve schematic
// boundaries, says they are schematic, and needs nothing from outside.
func TestMapOnTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("leader")
		r := b.get("/map")
		if r.Status != http.StatusOK {
			t.Fatalf("/map: %d %s", r.Status, snippet(r.Body))
		}
		count, shown := markersOn(t, r.Body)
		stations := intOf(t, e, "SELECT count(*) FROM stations")
		microCommunities := intOf(t, e, "SELECT count(DISTINCT community_id) FROM microprojects")
		projectCommunities := intOf(t, e, `SELECT count(DISTINCT c.id) FROM projects p JOIN units lu ON lu.id = p.lead_unit_id
			JOIN units c ON c.kind = 'community' AND lu.path LIKE c.path || '%'`)
		// Party organisations at their points, or else counted in their
		// community; positions at theirs (the stations among them stay on
		// the stations' layer).
		located := intOf(t, e, "SELECT count(*) FROM party_orgs WHERE status = 'active' AND lng IS NOT NULL")
		unlocated := intOf(t, e, `SELECT count(DISTINCT c.id) FROM party_orgs p JOIN units u ON u.id = p.unit_id
			JOIN units c ON c.kind = 'community' AND u.path LIKE c.path || '%' WHERE p.status = 'active' AND p.lng IS NULL`)
		positions := intOf(t, e, "SELECT count(*) FROM party_positions")
		for layer, want := range map[string]int{"stations": stations, "projects": projectCommunities, "microprojects": microCommunities,
			"party_orgs": located + unlocated, "positions": positions} {
			if count[layer] != want || !shown[layer] || want == 0 {
				t.Errorf("%s: %d markers (shown %v), want %d", layer, count[layer], shown[layer], want)
			}
		}
		if n := strings.Count(r.Body, `class="map-area `); n != 12 {
			t.Errorf("%d community areas, want 12", n)
		}
		if !strings.Contains(r.Body, "示意边界，非测绘成果") {
			t.Error("the demo's boundaries are not said to be schematic")
		}
		if strings.Contains(r.Body, "<image") || strings.Contains(r.Body, "http://") || strings.Contains(r.Body, "https://") {
			t.Error("the offline map refers to something outside")
		}
		// The micro-projects' counts add up to every micro-project.
		sum := 0
		for _, m := range regexp.MustCompile(`microprojects\?unit_id=\d+" class="map-marker" data-marker="microprojects">\s*<circle[^>]*><title>[^<]*</title></circle><text[^>]*>(\d+)</text>`).FindAllStringSubmatch(r.Body, -1) {
			n, _ := strconv.Atoi(m[1])
			sum += n
		}
		if want := intOf(t, e, "SELECT count(*) FROM microprojects"); sum != want {
			t.Errorf("micro-project counts add up to %d, want %d", sum, want)
		}

		// Ticked layers survive in the address; the others are drawn hidden.
		_, shown = markersOn(t, b.get("/map?shown=1&layer=stations").Body)
		if !shown["stations"] || shown["projects"] || shown["microprojects"] {
			t.Errorf("only stations ticked: %v", shown)
		}
		if r := b.get("/map?layer=tanks"); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "未知的图层") {
			t.Errorf("unknown layer: %d", r.Status)
		}

		// A community sees its own community only, even when it asks for
		// another's.
		c := e.browser().login("community")
		r = c.get("/map")
		if n := strings.Count(r.Body, `class="map-area `); n != 1 || !strings.Contains(r.Body, "禾花社区") {
			t.Errorf("the community sees %d areas", n)
		}
		count, _ = markersOn(t, r.Body)
		hehua := e.unit("PH-HEHUA").ID
		if want := intOf(t, e, "SELECT count(*) FROM stations WHERE community_id = "+strconv.FormatInt(hehua, 10)); count["stations"] != want {
			t.Errorf("the community sees %d stations, want %d", count["stations"], want)
		}
		other := strconv.FormatInt(e.unit("PH-PINGHU").ID, 10)
		if r := c.get("/map?community_id=" + other); r.Status != http.StatusUnprocessableEntity || strings.Count(r.Body, `class="map-area `) != 1 {
			t.Errorf("a community zooming to another: %d", r.Status)
		}
		// Zooming keeps one community.
		r = b.get("/map?community_id=" + other)
		if n := strings.Count(r.Body, `class="map-area `); r.Status != http.StatusOK || n != 1 {
			t.Errorf("zoomed to 平湖: %d, %d areas", r.Status, n)
		}
	})
}

// uploadBoundary posts a boundary file through the page's form.
func uploadBoundary(t *testing.T, b *browser, community int64, file []byte) resp {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("community_id", strconv.FormatInt(community, 10))
	fw, _ := w.CreateFormFile("file", "boundary.geojson")
	_, _ = fw.Write(file)
	_ = w.Close()
	return b.postMultipart("/map/boundaries", w.FormDataContentType(), body.Bytes())
}

// A boundary upload replaces the schematic one; a bad file is named on
// its field and nothing is written.
func TestMapBoundaryUpload(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("office")
		hehua := e.unit("PH-HEHUA").ID
		before := intOf(t, e, "SELECT count(*) FROM map_boundaries")
		for _, c := range []struct{ name, file, msg string }{
			{"not GeoJSON", "<kml></kml>", "不是有效的 GeoJSON 文件"},
			{"a line", `{"type":"LineString","coordinates":[[114.1,22.6],[114.2,22.7]]}`, "只接受面要素"},
			{"swapped", `{"type":"Polygon","coordinates":[[[22.6,114.1],[22.6,114.2],[22.7,114.2],[22.6,114.1]]]}`, "填反"},
			{"metres", `{"type":"Polygon","coordinates":[[[12701000,2591000],[12702000,2591000],[12702000,2592000],[12701000,2591000]]]}`, "EPSG:3857"},
			{"too large", `{"type":"Polygon","coordinates":[[` + strings.Repeat("[114.1,22.6],", 200_000) + `[114.1,22.6]]]}`, "大小上限"},
		} {
			r := uploadBoundary(t, b, hehua, []byte(c.file))
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, c.msg) || !strings.Contains(r.Body, `id="file-err"`) {
				t.Errorf("%s: %d %s", c.name, r.Status, snippet(r.Body))
			}
		}
		if n := intOf(t, e, "SELECT count(*) FROM map_boundaries"); n != before {
			t.Errorf("%d boundaries after refusals, want %d", n, before)
		}
		good := `{"type":"Polygon","coordinates":[[[114.11,22.67],[114.13,22.67],[114.13,22.685],[114.11,22.685],[114.11,22.67]]]}`
		if r := uploadBoundary(t, b, hehua, []byte(good)); r.Status != http.StatusSeeOther {
			t.Fatalf("good file: %d %s", r.Status, snippet(r.Body))
		}
		if n := intOf(t, e, "SELECT count(*) FROM map_boundaries WHERE replaced_at IS NULL AND schematic = FALSE"); n != 1 {
			t.Errorf("%d uploaded current boundaries, want 1", n)
		}
		if n := intOf(t, e, "SELECT count(*) FROM map_boundaries"); n != before+1 {
			t.Errorf("%d boundaries, want the history of %d", n, before+1)
		}
		if r := b.get("/map/boundaries"); !strings.Contains(r.Body, "禾花社区") || !strings.Contains(r.Body, "上传") {
			t.Errorf("boundaries page: %s", snippet(r.Body))
		}
		// The community cannot upload.
		if r := uploadBoundary(t, e.browser().login("community"), hehua, []byte(good)); r.Status != http.StatusNotFound {
			t.Errorf("community upload: %d", r.Status)
		}
	})
}

// The map's GeoJSON holds the boundaries and the markers of the layers
// asked for; the boundary upload over the API refuses a bad file on its
// field and writes nothing.
func TestMapAPI(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		leader, office := e.token("leader"), e.token("office")
		r := e.api("GET", "/api/v1/map.geojson?layer=stations", leader, nil)
		if r.Status != http.StatusOK || r.Header.Get("Content-Type") != "application/geo+json" {
			t.Fatalf("map.geojson: %d %s", r.Status, snippet(r.Body))
		}
		var fc struct {
			Type     string
			Features []struct {
				Geometry struct {
					Type string
				}
				Properties map[string]any
			}
		}
		if err := json.Unmarshal([]byte(r.Body), &fc); err != nil || fc.Type != "FeatureCollection" {
			t.Fatalf("not a feature collection: %v", err)
		}
		kinds := map[string]int{}
		for _, f := range fc.Features {
			kinds[f.Geometry.Type+" "+f.Properties["kind"].(string)]++
			if l, ok := f.Properties["layer"]; ok && l != "stations" {
				t.Errorf("a %v marker when only stations were asked for", l)
			}
		}
		if kinds["Polygon boundary"] != 12 || kinds["Point marker"] != intOf(t, e, "SELECT count(*) FROM stations") {
			t.Errorf("features: %v", kinds)
		}
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		before := intOf(t, e, "SELECT count(*) FROM map_boundaries")
		put := func(token, body string) resp {
			req, _ := http.NewRequest("PUT", e.srv.URL+"/api/v1/map/boundaries/"+hehua, strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/geo+json")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return resp{Status: res.StatusCode, Body: string(b)}
		}
		if r := put(office, `{"type":"Point","coordinates":[114.1,22.6]}`); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"file"`) {
			t.Errorf("a point: %d %s", r.Status, r.Body)
		}
		if r := put(office, strings.Repeat(" ", 3<<20)); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"file"`) {
			t.Errorf("too large: %d %s", r.Status, snippet(r.Body))
		}
		if n := intOf(t, e, "SELECT count(*) FROM map_boundaries"); n != before {
			t.Errorf("%d boundaries after refusals, want %d", n, before)
		}
		good := `{"type":"Polygon","coordinates":[[[114.11,22.67],[114.13,22.67],[114.13,22.685],[114.11,22.685],[114.11,22.67]]]}`
		if r := put(office, good); r.Status != http.StatusOK || !strings.Contains(r.Body, `"schematic":false`) {
			t.Errorf("good: %d %s", r.Status, r.Body)
		}
		if r := put(e.token("community"), good); r.Status != http.StatusNotFound {
			t.Errorf("community: %d", r.Status)
		}
	})
}

// With a tile URL configured the map draws its tiles under the SVG and
// the pages' CSP lets images come from that host, and from no other.
func TestMapTileBackground(t *testing.T) {
	e := newEnv(t, db.SQLite)
	e.app.Config.MapTileURL = "https://tile.example/{z}/{x}/{y}.png"
	e.app.Web.MapTileURL = e.app.Config.MapTileURL
	e.srv = httptest.NewServer(e.app.Handler())
	t.Cleanup(e.srv.Close)
	r := e.browser().login("leader").get("/map")
	if !strings.Contains(r.Body, `<image href="https://tile.example/`) {
		t.Errorf("no tiles on the map: %s", snippet(r.Body))
	}
	csp := r.Header.Get("Content-Security-Policy")
	if !strings.Contains(csp, "img-src 'self' data: https://tile.example;") {
		t.Errorf("CSP %q does not allow the tile host", csp)
	}
}

// The map's settings are checked at start: a tile URL must be an http(s)
// template with {z}, {x} and {y}; the boundary limit at least 1 KiB.
func TestMapConfig(t *testing.T) {
	for _, c := range []struct {
		args []string
		ok   bool
	}{
		{nil, true},
		{[]string{"--map-tile-url", "https://tile.example/{z}/{x}/{y}.png"}, true},
		{[]string{"--map-tile-url", "https://tile.example/tiles.png"}, false},
		{[]string{"--map-tile-url", "javascript:alert(1)//{z}{x}{y}"}, false},
		{[]string{"--map-boundary-limit", "100"}, false},
		{[]string{"--map-boundary-limit", "5242880"}, true},
	} {
		cfg := app.Defaults()
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		cfg.ServeFlags(fs)
		err := cfg.Parse(fs, c.args)
		if (err == nil) != c.ok {
			t.Errorf("%v: %v", c.args, err)
		}
	}
	if d := app.Defaults(); d.MapTileURL != "" || d.MapBoundaryLimit != 2<<20 {
		t.Errorf("defaults: tile URL %q, limit %d; want none and 2 MiB", d.MapTileURL, d.MapBoundaryLimit)
	}
}
