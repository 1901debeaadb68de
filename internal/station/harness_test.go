package station_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/station"
)

// env is the station service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *station.Service
	acc   *account.Service

	root, S, C1, C2, D1, T, C9                   org.Unit
	leader, office, dept1, comm1, comm2, leader9 access.Actor
	specialist                                   access.Actor
}

// start is 2022-06-15 10:00 in China Standard Time.
var start = time.Date(2022, 6, 15, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c, svc: &station.Service{DB: d, Audit: log, Now: c.Now},
		acc: &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	e.root = root
	e.S = e.unit(root, org.Subdistrict, "pinghu")
	e.C1 = e.unit(e.S, org.Community, "c1")
	e.C2 = e.unit(e.S, org.Community, "c2")
	e.D1 = e.unit(e.S, org.Department, "d1")
	e.T = e.unit(root, org.Subdistrict, "other")
	e.C9 = e.unit(e.T, org.Community, "c9")
	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.dept1 = e.user("dept1", access.Dept, e.D1)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.comm2 = e.user("comm2", access.Community, e.C2)
	e.leader9 = e.user("leader9", access.Leader, e.T)
	e.specialist = e.user("spec", access.Specialist, e.S)
	return e
}

func (e *env) unit(parent org.Unit, kind org.Kind, code string) org.Unit {
	e.t.Helper()
	u, err := org.Insert(e.ctx, e.d.W, org.Unit{Kind: kind, Name: "单位 " + code, Code: code, Active: true, CreatedAt: e.clock.Now()}, parent)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func (e *env) user(username string, role access.Role, unit org.Unit) access.Actor {
	e.t.Helper()
	pw := "Lakeside-lamp-2022!"
	u, err := e.acc.CreateAs(e.ctx, access.System("test"), account.Input{Username: &username, DisplayName: &username,
		Role: &role, UnitID: &unit.ID, Password: &pw})
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	return access.Actor{UserID: u.ID, Username: u.Username, Name: username, Role: role, UnitID: u.UnitID, ScopePath: unit.Path}
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// input is a valid station of community c: a 暖蜂驿站 in Pinghu.
func (e *env) input(c org.Unit) station.Input {
	return station.Input{Name: "暖蜂驿站", Kind: station.WarmBee, CommunityID: c.ID, Address: "平湖街道平湖大街1号",
		Lng: 114.1235, Lat: 22.6812, AreaM2: 30, Hours: "08:00-20:00", Services: []string{"饮水", "充电", "休息"},
		Groups: []station.Group{station.Couriers, station.SanitationWorkers}, OpenedOn: "2022-03-01"}
}

func (e *env) create(a access.Actor, in station.Input) station.Station {
	e.t.Helper()
	st, err := e.svc.Create(e.ctx, a, in)
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return st
}

func (e *env) record(a access.Actor, id int64, day, service string, n int) {
	e.t.Helper()
	if _, err := e.svc.AddRecord(e.ctx, a, id, station.RecordInput{Day: day, Service: service, Count: &n}); err != nil {
		e.t.Fatalf("record: %v", err)
	}
}
