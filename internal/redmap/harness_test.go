package redmap_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
	"pinghu/internal/project"
	"pinghu/internal/redmap"
	"pinghu/internal/station"
	"pinghu/internal/testfix"
)

// env is the map service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
type env struct {
	*testfix.Fixture
	svc      *redmap.Service
	stations *station.Service

	S, C1, C2, D1, T, C9                         org.Unit
	leader, office, comm1, comm2, leader9, admin access.Actor
}

var start = time.Date(2022, 6, 15, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f}
	e.stations = &station.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}
	e.svc = &redmap.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now, Limit: 4096, Sources: []redmap.Source{
		redmap.StationSource{S: e.stations},
		redmap.ProjectSource{S: &project.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}},
		redmap.MicroprojectSource{S: &microproject.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}},
	}}
	e.S = e.Unit(e.Root, org.Subdistrict, "pinghu")
	e.C1 = e.Unit(e.S, org.Community, "c1")
	e.C2 = e.Unit(e.S, org.Community, "c2")
	e.D1 = e.Unit(e.S, org.Department, "d1")
	e.T = e.Unit(e.Root, org.Subdistrict, "other")
	e.C9 = e.Unit(e.T, org.Community, "c9")
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.leader9 = e.User("leader9", access.Leader, e.T)
	e.admin = e.User("admin2", access.Sysadmin, e.S)
	return e
}

// square is a Polygon feature: the square of side d degrees whose
// south-west corner is (lng, lat).
func square(lng, lat, d float64) string {
	return fmt.Sprintf(`{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[%g,%g],[%g,%g],[%g,%g],[%g,%g],[%g,%g]]]}}`,
		lng, lat, lng+d, lat, lng+d, lat+d, lng, lat+d, lng, lat)
}

func (e *env) upload(a access.Actor, c org.Unit, text string) redmap.Boundary {
	e.TB.Helper()
	b, err := e.svc.Upload(e.Ctx, a, c.ID, strings.NewReader(text))
	if err != nil {
		e.TB.Fatalf("upload: %v", err)
	}
	return b
}

func (e *env) station(c org.Unit, name string, lng, lat float64) station.Station {
	e.TB.Helper()
	st, err := e.stations.Create(e.Ctx, e.office, station.Input{Name: name, Kind: station.WarmBee, CommunityID: c.ID,
		Address: "平湖大街1号", Lng: lng, Lat: lat, AreaM2: 20, Services: []string{"饮水"},
		Groups: []station.Group{station.Couriers}, OpenedOn: "2022-03-01"})
	if err != nil {
		e.TB.Fatalf("station: %v", err)
	}
	return st
}
