package station_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/org"
	"pinghu/internal/station"
	"pinghu/internal/testfix"
)

// env is the station service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
type env struct {
	*testfix.Fixture
	svc *station.Service

	S, C1, C2, D1, T, C9                         org.Unit
	leader, office, dept1, comm1, comm2, leader9 access.Actor
	specialist                                   access.Actor
}

// start is 2022-06-15 10:00 in China Standard Time.
var start = time.Date(2022, 6, 15, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f, svc: &station.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
	e.S = e.Unit(e.Root, org.Subdistrict, "pinghu")
	e.C1 = e.Unit(e.S, org.Community, "c1")
	e.C2 = e.Unit(e.S, org.Community, "c2")
	e.D1 = e.Unit(e.S, org.Department, "d1")
	e.T = e.Unit(e.Root, org.Subdistrict, "other")
	e.C9 = e.Unit(e.T, org.Community, "c9")
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept1 = e.User("dept1", access.Dept, e.D1)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.leader9 = e.User("leader9", access.Leader, e.T)
	e.specialist = e.User("spec", access.Specialist, e.S)
	return e
}

// input is a valid station of community c: a 暖蜂驿站 in Pinghu.
func (e *env) input(c org.Unit) station.Input {
	return station.Input{Name: "暖蜂驿站", Kind: station.WarmBee, CommunityID: c.ID, Address: "平湖街道平湖大街1号",
		Lng: 114.1235, Lat: 22.6812, AreaM2: 30, Hours: "08:00-20:00", Services: []string{"饮水", "充电", "休息"},
		Groups: []station.Group{station.Couriers, station.SanitationWorkers}, OpenedOn: "2022-03-01"}
}

func (e *env) create(a access.Actor, in station.Input) station.Station {
	e.TB.Helper()
	st, err := e.svc.Create(e.Ctx, a, in)
	if err != nil {
		e.TB.Fatalf("create: %v", err)
	}
	return st
}

func (e *env) record(a access.Actor, id int64, day, service string, n int) {
	e.TB.Helper()
	if _, err := e.svc.AddRecord(e.Ctx, a, id, station.RecordInput{Day: day, Service: service, Count: &n}); err != nil {
		e.TB.Fatalf("record: %v", err)
	}
}
