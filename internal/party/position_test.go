package party_test

import (
	"math"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/party"
	"pinghu/internal/station"
)

func (e *env) position(u int64) party.PositionInput {
	return party.PositionInput{Name: "亚钢一号党群服务中心", Kind: party.MassCentre, UnitID: u, Address: "平湖街道亚钢一号",
		AreaM2: 300, Status: party.Open, OpenedOn: "2022-05-01", Lng: 114.12, Lat: 22.68}
}

func TestBadPositionWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, c := range []struct {
			name  string
			as    access.Actor
			edit  func(*party.PositionInput)
			field string
			msg   string
		}{
			{"unknown kind", e.office, func(in *party.PositionInput) { in.Kind = "station" }, "kind", "pty.err.position_kind"},
			{"unknown status", e.office, func(in *party.PositionInput) { in.Status = "closed" }, "status", "pty.err.position_status"},
			{"open with no day", e.office, func(in *party.PositionInput) { in.OpenedOn = "" }, "opened_on", "err.required"},
			{"opening tomorrow", e.office, func(in *party.PositionInput) { in.OpenedOn = "2022-07-16" }, "opened_on", "pty.err.future"},
			{"planned with a day", e.office, func(in *party.PositionInput) { in.Status = party.Planned }, "opened_on", "pty.err.opened_not_open"},
			{"swapped", e.office, func(in *party.PositionInput) { in.Lng, in.Lat = 22.68, 114.12 }, "lat", "stn.err.swapped"},
			{"outside China", e.office, func(in *party.PositionInput) { in.Lng = 2.35 }, "lng", "stn.err.outside_china"},
			{"no area", e.office, func(in *party.PositionInput) { in.AreaM2 = 0 }, "area_m2", "stn.err.area"},
			{"no number for the area", e.office, func(in *party.PositionInput) { in.AreaM2 = math.Inf(1) }, "area_m2", "stn.err.not_a_number"},
			{"no address", e.office, func(in *party.PositionInput) { in.Address = "" }, "address", "err.required"},
			{"another community's", e.comm2, func(in *party.PositionInput) {}, "unit_id", "err.unit_unknown"},
			{"a department's", e.office, func(in *party.PositionInput) { in.UnitID = e.D1.ID }, "unit_id", "err.unit_unknown"},
		} {
			in := e.position(e.C1.ID)
			c.edit(&in)
			_, err := e.svc.CreatePosition(e.Ctx, c.as, in)
			ee := errs.As(err)
			if ee == nil || ee.Code != errs.Invalid || ee.Fields[c.field] != c.msg {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.msg, c.field)
			}
		}
		if _, err := e.svc.CreatePosition(e.Ctx, e.dept1, e.position(e.C1.ID)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("department: %v", err)
		}
		if n := e.Count("SELECT count(*) FROM party_positions"); n != 0 {
			t.Errorf("%d positions written", n)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action LIKE 'party_position.%'"); n != 0 {
			t.Errorf("%d audit records written", n)
		}
	})
}

// The list holds the positions and the stations, each with its point, in
// the reader's scope.
func TestListPositionsWithStations(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p, err := e.svc.CreatePosition(e.Ctx, e.comm1, e.position(e.C1.ID))
		if err != nil {
			t.Fatal(err)
		}
		in := e.position(e.S.ID)
		in.Name, in.Status, in.OpenedOn = "万达商圈党群服务中心", party.UnderConstruction, ""
		if _, err := e.svc.CreatePosition(e.Ctx, e.office, in); err != nil {
			t.Fatal(err)
		}
		stations := &station.Service{DB: d, Audit: e.Audit, Now: e.Clock.Now}
		if _, err := stations.Create(e.Ctx, e.office, station.Input{Name: "暖蜂驿站", Kind: station.WarmBee, CommunityID: e.C2.ID,
			Address: "x", Lng: 114.1, Lat: 22.7, AreaM2: 20, Services: []string{"饮水"}, Groups: []station.Group{station.Couriers},
			OpenedOn: "2022-06-01"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			as    access.Actor
			f     party.PositionFilter
			names []string
		}{
			{e.office, party.PositionFilter{}, []string{"万达商圈党群服务中心", "亚钢一号党群服务中心", "暖蜂驿站"}},
			{e.comm1, party.PositionFilter{}, []string{"亚钢一号党群服务中心"}},
			{e.office, party.PositionFilter{Kind: party.StationKind}, []string{"暖蜂驿站"}},
			{e.office, party.PositionFilter{Status: party.Open}, []string{"亚钢一号党群服务中心", "暖蜂驿站"}},
			{e.office, party.PositionFilter{AsOf: "2022-04-30", Status: party.Open}, nil},
			{e.dept1, party.PositionFilter{}, nil},
			{e.leader9, party.PositionFilter{}, nil},
		} {
			l, err := e.svc.ListPositions(e.Ctx, c.as, c.f)
			if err != nil || l.Total != len(c.names) || len(l.Items) != len(c.names) {
				t.Errorf("%s %+v: %+v %v", c.as.Username, c.f, l, err)
				continue
			}
			for i, n := range c.names {
				if l.Items[i].Name != n || l.Items[i].Lng == 0 {
					t.Errorf("%s %+v: item %d %+v, want %s", c.as.Username, c.f, i, l.Items[i], n)
				}
			}
		}
		// The map's layer is the whole list, unpaged, in the scope.
		for _, c := range []struct {
			as   access.Actor
			unit int64
			n    int
		}{{e.office, 0, 3}, {e.office, e.C2.ID, 1}, {e.comm1, 0, 1}, {e.dept1, 0, 0}} {
			pts, err := e.svc.PositionPoints(e.Ctx, c.as, c.unit, "")
			if err != nil || len(pts) != c.n {
				t.Errorf("%s points in %d: %d, want %d (%v)", c.as.Username, c.unit, len(pts), c.n, err)
			}
		}
		if _, err := e.svc.UpdatePosition(e.Ctx, e.comm2, p.ID, e.position(e.C2.ID)); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another community edits: %v", err)
		}
		in = e.position(e.C1.ID)
		in.AreaM2 = 320
		if got, err := e.svc.UpdatePosition(e.Ctx, e.comm1, p.ID, in); err != nil || got.AreaM2 != 320 {
			t.Errorf("update: %+v %v", got, err)
		}
	})
}
