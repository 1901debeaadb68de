package microproject_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
	"pinghu/internal/testfix"
)

// env is the micro-project service over a fresh database:
//
//	root
//	└── S  sub-district (C1, C2 communities; D1 department)
type env struct {
	*testfix.Fixture
	svc *microproject.Service

	S, C1, C2, D1                            org.Unit
	leader, office, dept, comm1, comm2, spec access.Actor
}

var start = time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f, svc: &microproject.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
	e.S = e.Unit(e.Root, org.Subdistrict, "pinghu")
	e.C1 = e.Unit(e.S, org.Community, "c1")
	e.C2 = e.Unit(e.S, org.Community, "c2")
	e.D1 = e.Unit(e.S, org.Department, "d1")
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept = e.User("dept", access.Dept, e.D1)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.spec = e.User("spec", access.Specialist, e.S)
	return e
}

// snapshot is everything a refused action must leave alone.
func (e *env) snapshot() string {
	e.TB.Helper()
	var s string
	for _, tbl := range []string{"microprojects", "microproject_events", "microproject_objections", "microproject_progress",
		"microproject_spending", "microproject_ratings", "microproject_settings", "audit_log"} {
		s += tbl + "=" + itoa(e.Count("SELECT count(*) FROM "+tbl)) + " "
	}
	var stages string
	rows, err := e.DB.R.QueryContext(e.Ctx, "SELECT id, stage, budget, spent, updated_at FROM microprojects ORDER BY id")
	if err != nil {
		e.TB.Fatal(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id, budget, spent, up int64
		var st string
		if err := rows.Scan(&id, &st, &budget, &spent, &up); err != nil {
			e.TB.Fatal(err)
		}
		stages += itoa(int(id)) + st + itoa(int(budget)) + "/" + itoa(int(spent)) + "@" + itoa(int(up)) + ";"
	}
	return s + stages
}

func itoa(n int) string { return strconv.Itoa(n) }

// project records a project of community c by its community user.
func (e *env) project(a access.Actor, c org.Unit, kind microproject.Kind, budget int64) microproject.Project {
	e.TB.Helper()
	p, err := e.svc.Create(e.Ctx, a, microproject.Input{CommunityID: c.ID, Kind: kind, Category: microproject.Facilities,
		Title: "加装路灯", Description: "小区路灯不足", Location: "一巷", Budget: budget, Source: microproject.Visit,
		ProposerName: "张小明", ProposerMobile: "13800138000"})
	if err != nil {
		e.TB.Fatalf("create: %v", err)
	}
	return p
}

func (e *env) act(a access.Actor, id int64, in microproject.ActInput) microproject.Project {
	e.TB.Helper()
	p, err := e.svc.Act(e.Ctx, a, id, in)
	if err != nil {
		e.TB.Fatalf("%s %s: %v", a.Username, in.Action, err)
	}
	return p
}

// to moves a project of comm1 on to stage st along the workflow.
func (e *env) to(id int64, st microproject.Stage) microproject.Project {
	e.TB.Helper()
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
	p, err := e.svc.Get(e.Ctx, e.comm1, id)
	if err != nil {
		e.TB.Fatal(err)
	}
	prev := microproject.Collected
	for _, s := range steps {
		before := prev
		prev = s.at
		if p.Stage != before {
			continue
		}
		if s.in.Action == microproject.Confirm {
			e.Clock.Advance(5*24*time.Hour + time.Minute)
		}
		p = e.act(e.comm1, id, s.in)
		if s.at == st {
			return p
		}
	}
	return p
}

func fmtArgs(args []any) string { return fmt.Sprint(args) }
