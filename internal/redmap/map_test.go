package redmap_test

import (
	"context"
	"strconv"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/redmap"
)

func layer(t *testing.T, m redmap.Map, key string) redmap.Layer {
	t.Helper()
	for _, l := range m.Layers {
		if l.Key == key {
			return l
		}
	}
	t.Fatalf("no layer %s in %+v", key, m.Layers)
	return redmap.Layer{}
}

// The map holds every layer, ticked or not, and each actor sees its own
// scope: a community its community, a leader its sub-district, another
// sub-district's leader nothing of ours, a system administrator no map.
func TestDrawScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.upload(e.office, e.C1, square(114.10, 22.65, 0.02))
		e.upload(e.office, e.C2, square(114.12, 22.65, 0.02))
		e.station(e.C1, "一号", 114.105, 22.655)
		e.station(e.C1, "二号", 114.106, 22.656)
		e.station(e.C2, "三号", 114.125, 22.655)
		for _, c := range []struct {
			name       string
			as         access.Actor
			boundaries int
			stations   int
		}{
			{"leader", e.leader, 2, 3},
			{"office", e.office, 2, 3},
			{"community 1", e.comm1, 1, 2},
			{"community 2", e.comm2, 1, 1},
			{"another sub-district", e.leader9, 0, 0},
		} {
			m, err := e.svc.Draw(e.Ctx, c.as, redmap.Query{Layers: []string{redmap.LayerProjects}})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			st := layer(t, m, redmap.LayerStations)
			if len(m.Boundaries) != c.boundaries || len(st.Markers) != c.stations || st.Shown {
				t.Errorf("%s: %d boundaries, %d stations (shown %v); want %d, %d, hidden", c.name, len(m.Boundaries),
					len(st.Markers), st.Shown, c.boundaries, c.stations)
			}
			if !layer(t, m, redmap.LayerProjects).Shown {
				t.Errorf("%s: the ticked layer is not shown", c.name)
			}
		}
		if _, err := e.svc.Draw(e.Ctx, e.admin, redmap.Query{}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("system administrator: %v, want not found", err)
		}
		// Zooming to a community keeps its boundary and markers only; a
		// community outside the scope is refused by name.
		m, err := e.svc.Draw(e.Ctx, e.leader, redmap.Query{CommunityID: e.C2.ID})
		if err != nil || len(m.Boundaries) != 1 || len(layer(t, m, redmap.LayerStations).Markers) != 1 || m.Box.Min[0] != 114.12 {
			t.Errorf("zoomed: %+v %v", m, err)
		}
		for _, q := range []redmap.Query{{CommunityID: e.C9.ID}, {Layers: []string{"tanks"}}} {
			if _, err := e.svc.Draw(e.Ctx, e.comm1, q); errs.CodeOf(err) != errs.Invalid {
				t.Errorf("%+v: %v, want invalid", q, err)
			}
		}
		if _, err := e.svc.Draw(e.Ctx, e.comm1, redmap.Query{CommunityID: e.C2.ID}); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("a community zooming to its neighbour: %v", err)
		}
	})
}

// A record source draws records with a point at their point and counts
// the others in their community, at its label point; a record outside
// every community and without a point stays off the map.
func TestRecordSource(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.upload(e.office, e.C1, square(114.10, 22.65, 0.02))
		lng, lat := 114.105, 22.655
		e.svc.Sources = append(e.svc.Sources, redmap.RecordSource{Key: redmap.LayerPartyOrgs,
			Records: func(_ context.Context, _ access.Actor, _ int64) ([]redmap.Record, error) {
				return []redmap.Record{
					{ID: 1, Name: "有点的支部", UnitID: e.C1.ID, Lng: &lng, Lat: &lat, Href: "/x/1"},
					{ID: 2, Name: "无点的支部", UnitID: e.C1.ID},
					{ID: 3, Name: "另一个", UnitID: e.C1.ID},
					{ID: 4, Name: "社区二的", UnitID: e.C2.ID},
					{ID: 5, Name: "街道的", UnitID: e.S.ID},
				}, nil
			},
			ListHref: func(id int64) string { return "/list?unit_id=" + strconv.FormatInt(id, 10) }})
		m, err := e.svc.Draw(e.Ctx, e.leader, redmap.Query{})
		if err != nil {
			t.Fatal(err)
		}
		l := layer(t, m, redmap.LayerPartyOrgs)
		var point, c1, c2 *redmap.Marker
		for i, mk := range l.Markers {
			switch {
			case mk.AtPoint:
				point = &l.Markers[i]
			case mk.CommunityID == e.C1.ID:
				c1 = &l.Markers[i]
			case mk.CommunityID == e.C2.ID:
				c2 = &l.Markers[i]
			}
		}
		if len(l.Markers) != 3 || point == nil || c1 == nil || c2 == nil || l.Total != 4 {
			t.Fatalf("markers: %+v", l.Markers)
		}
		if point.Lng != lng || c1.Count != 2 || !c1.Placed() || c1.Href != "/list?unit_id="+strconv.FormatInt(e.C1.ID, 10) {
			t.Errorf("point %+v, community 1 %+v", point, c1)
		}
		// 社区二 has no boundary: its count is listed, not placed.
		if c2.Count != 1 || c2.Placed() {
			t.Errorf("community 2 %+v", c2)
		}
	})
}
