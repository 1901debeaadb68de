package microproject_test

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
)

// env is the micro-project service over a fresh database:
//
//	root
//	└── S  sub-district (C1, C2 communities; D1 department)
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *microproject.Service
	acc   *account.Service

	root, S, C1, C2, D1                      org.Unit
	leader, office, dept, comm1, comm2, spec access.Actor
}

var start = time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c, svc: &microproject.Service{DB: d, Audit: log, Now: c.Now},
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
	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.dept = e.user("dept", access.Dept, e.D1)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.comm2 = e.user("comm2", access.Community, e.C2)
	e.spec = e.user("spec", access.Specialist, e.S)
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

// snapshot is everything a refused action must leave alone.
func (e *env) snapshot() string {
	e.t.Helper()
	var s string
	for _, tbl := range []string{"microprojects", "microproject_events", "microproject_objections", "microproject_progress",
		"microproject_spending", "microproject_ratings", "microproject_settings", "audit_log"} {
		s += tbl + "=" + itoa(e.count("SELECT count(*) FROM "+tbl)) + " "
	}
	var stages string
	rows, err := e.d.R.QueryContext(e.ctx, "SELECT id, stage, budget, spent, updated_at FROM microprojects ORDER BY id")
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id, budget, spent, up int64
		var st string
		if err := rows.Scan(&id, &st, &budget, &spent, &up); err != nil {
			e.t.Fatal(err)
		}
		stages += itoa(int(id)) + st + itoa(int(budget)) + "/" + itoa(int(spent)) + "@" + itoa(int(up)) + ";"
	}
	return s + stages
}

func itoa(n int) string { return strconv.Itoa(n) }

// project records a project of community c by its community user.
func (e *env) project(a access.Actor, c org.Unit, kind microproject.Kind, budget int64) microproject.Project {
	e.t.Helper()
	p, err := e.svc.Create(e.ctx, a, microproject.Input{CommunityID: c.ID, Kind: kind, Category: microproject.Facilities,
		Title: "加装路灯", Description: "小区路灯不足", Location: "一巷", Budget: budget, Source: microproject.Visit,
		ProposerName: "张小明", ProposerMobile: "13800138000"})
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return p
}

func (e *env) act(a access.Actor, id int64, in microproject.ActInput) microproject.Project {
	e.t.Helper()
	p, err := e.svc.Act(e.ctx, a, id, in)
	if err != nil {
		e.t.Fatalf("%s %s: %v", a.Username, in.Action, err)
	}
	return p
}

// to moves a project of comm1 on to stage st along the workflow.
func (e *env) to(id int64, st microproject.Stage) microproject.Project {
	e.t.Helper()
	steps := []struct {
		at microproject.Stage
		in microproject.ActInput
	}{
		{microproject.Reviewed, microproject.ActInput{Action: microproject.Review}},
		{microproject.Voted, microproject.ActInput{Action: microproject.VoteOn, Vote: microproject.Vote{For: 9, Against: 1, Abstain: 1, Present: 11, CouncilSize: 15}}},
		{microproject.Published, microproject.ActInput{Action: microproject.Publish, Days: 5}},
		{microproject.Confirmed, microproject.ActInput{Action: microproject.Confirm}},
		{microproject.Implementing, microproject.ActInput{Action: microproject.Start}},
		{microproject.Accepted, microproject.ActInput{Action: microproject.Accept}},
	}
	p, err := e.svc.Get(e.ctx, e.comm1, id)
	if err != nil {
		e.t.Fatal(err)
	}
	prev := microproject.Collected
	for _, s := range steps {
		before := prev
		prev = s.at
		if p.Stage != before {
			continue
		}
		if s.in.Action == microproject.Confirm {
			e.clock.Advance(5*24*time.Hour + time.Minute)
		}
		p = e.act(e.comm1, id, s.in)
		if s.at == st {
			return p
		}
	}
	return p
}

func fmtArgs(args []any) string { return fmt.Sprint(args) }
