package redmap_test

import (
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/redmap"
)

// Each bad boundary file is named on its field and nothing is written:
// no boundary, no audit record.
func TestBadBoundaryWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		big := `{"type":"Polygon","coordinates":[[` + strings.Repeat("[114.1,22.6],", 400) + `[114.1,22.6]]]}`
		for _, c := range []struct {
			name, text, field, msg string
		}{
			{"not JSON", "PK\x03\x04 a zip file", "file", "map.err.not_geojson"},
			{"JSON but no GeoJSON", `{"name":"禾花"}`, "file", "map.err.not_geojson"},
			{"empty", "", "file", "map.err.not_geojson"},
			{"a line", `{"type":"LineString","coordinates":[[114.1,22.6],[114.2,22.7]]}`, "file", "map.err.geometry"},
			{"a point in a collection", `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[114.1,22.6]}}]}`, "file", "map.err.geometry"},
			{"no feature", `{"type":"FeatureCollection","features":[]}`, "file", "map.err.empty"},
			{"latitude first", square(22.65, 114.10, 0.01), "file", "map.err.swapped"},
			{"EPSG:3857 metres", `{"type":"Polygon","coordinates":[[[12701000,2591000],[12702000,2591000],[12702000,2592000],[12701000,2591000]]]}`, "file", "map.err.projected"},
			{"a projected crs named", `{"type":"Polygon","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"coordinates":[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.6]]]}`, "file", "map.err.crs"},
			{"outside China", square(2.35, 48.85, 0.01), "file", "map.err.outside_china"},
			{"unclosed ring", `{"type":"Polygon","coordinates":[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.7]]]}`, "file", "map.err.ring_open"},
			{"ring of three points", `{"type":"Polygon","coordinates":[[[114.1,22.6],[114.2,22.6],[114.1,22.6]]]}`, "file", "map.err.ring_short"},
			{"too large", big, "file", "map.err.too_large"},
		} {
			_, err := e.svc.Upload(e.Ctx, e.office, e.C1.ID, strings.NewReader(c.text))
			ee := errs.As(err)
			if ee == nil || ee.Code != errs.Invalid || ee.Fields[c.field] != c.msg {
				t.Errorf("%s: got %v %v, want %s on %s", c.name, err, ee, c.msg, c.field)
			}
		}
		// A valid file for a community the actor does not cover, or no
		// community at all, is refused on community_id.
		for _, c := range []struct {
			name string
			id   int64
		}{{"another sub-district's", e.C9.ID}, {"a department", e.D1.ID}, {"none", 0}} {
			_, err := e.svc.Upload(e.Ctx, e.office, c.id, strings.NewReader(square(114.10, 22.65, 0.01)))
			if ee := errs.As(err); ee == nil || ee.Fields["community_id"] == "" {
				t.Errorf("%s: %v", c.name, err)
			}
		}
		if n := e.Count("SELECT count(*) FROM map_boundaries"); n != 0 {
			t.Errorf("%d boundaries written", n)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action LIKE 'map.%'"); n != 0 {
			t.Errorf("%d audit records written", n)
		}
	})
}

// The forms a boundary comes in are all taken: a bare Polygon, a
// MultiPolygon, a Feature and a FeatureCollection, and an old-style crs
// naming WGS84.
func TestBoundaryForms(t *testing.T) {
	for _, c := range []struct{ name, text string }{
		{"polygon", `{"type":"Polygon","coordinates":[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.6]]]}`},
		{"multipolygon", `{"type":"MultiPolygon","coordinates":[[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.6]]],[[[114.3,22.6],[114.4,22.6],[114.4,22.7],[114.3,22.6]]]]}`},
		{"feature", square(114.1, 22.65, 0.02)},
		{"collection", `{"type":"FeatureCollection","features":[` + square(114.1, 22.65, 0.02) + `,` + square(114.13, 22.65, 0.02) + `]}`},
		{"crs84", `{"type":"Polygon","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}},"coordinates":[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.6]]]}`},
		{"with a hole", `{"type":"Polygon","coordinates":[[[114.1,22.6],[114.2,22.6],[114.2,22.7],[114.1,22.7],[114.1,22.6]],[[114.12,22.62],[114.13,22.62],[114.13,22.63],[114.12,22.62]]]}`},
	} {
		if _, err := redmap.Check([]byte(c.text), redmap.DefaultLimit); err != nil {
			t.Errorf("%s: %v", c.name, err)
		}
	}
}

// An upload replaces the community's boundary and keeps the one before
// it, each with its audit record; the map draws the current one.
func TestUploadReplacesWithHistory(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		first := e.upload(e.office, e.C1, square(114.10, 22.65, 0.02))
		e.Clock.Advance(time.Minute)
		second := e.upload(e.leader, e.C1, square(114.11, 22.66, 0.03))
		if second.ID == first.ID || second.SizeBytes == 0 {
			t.Fatalf("second upload: %+v", second)
		}
		if n := e.Count("SELECT count(*) FROM map_boundaries WHERE community_id = $1", e.C1.ID); n != 2 {
			t.Errorf("%d rows, want the history of 2", n)
		}
		if n := e.Count("SELECT count(*) FROM map_boundaries WHERE replaced_at IS NULL"); n != 1 {
			t.Errorf("%d current boundaries, want 1", n)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action = 'map.boundary.upload'"); n != 2 {
			t.Errorf("%d audit records, want 2", n)
		}
		bs, err := e.svc.Boundaries(e.Ctx, e.office)
		if err != nil || len(bs) != 1 || bs[0].ID != second.ID || bs[0].Bound.Min[0] != 114.11 {
			t.Fatalf("current: %+v %v", bs, err)
		}
		// The label point lies inside the square.
		if l := bs[0].Label; l[0] < 114.11 || l[0] > 114.14 || l[1] < 22.66 || l[1] > 22.69 {
			t.Errorf("label %v outside the boundary", l)
		}
	})
}

// Only the leaders and the office upload; anyone else gets not found
// and nothing is written.
func TestUploadRoles(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, c := range []struct {
			name string
			as   access.Actor
		}{{"community", e.comm1}, {"system administrator", e.admin}} {
			_, err := e.svc.Upload(e.Ctx, c.as, e.C1.ID, strings.NewReader(square(114.10, 22.65, 0.02)))
			if errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s: %v, want not found", c.name, err)
			}
		}
		if n := e.Count("SELECT count(*) FROM map_boundaries"); n != 0 {
			t.Errorf("%d boundaries written", n)
		}
	})
}
