package proposal_test

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
	"pinghu/internal/proposal"
)

// env is the proposal service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1, D2 departments)
//	└── T  sub-district (C9 community)
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *proposal.Service
	acc   *account.Service

	root, S, C1, C2, D1, D2, T, C9                      org.Unit
	leader, office, dept1, dept2, comm1, comm2, leader9 access.Actor
	auditor, specialist                                 access.Actor
}

var start = time.Date(2022, 4, 18, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c, svc: &proposal.Service{DB: d, Audit: log, Now: c.Now},
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
	e.D2 = e.unit(e.S, org.Department, "d2")
	e.T = e.unit(root, org.Subdistrict, "other")
	e.C9 = e.unit(e.T, org.Community, "c9")
	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.dept1 = e.user("dept1", access.Dept, e.D1)
	e.dept2 = e.user("dept2", access.Dept, e.D2)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.comm2 = e.user("comm2", access.Community, e.C2)
	e.leader9 = e.user("leader9", access.Leader, e.T)
	e.auditor = e.user("auditor", access.Auditor, root)
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

// resident submits a resident's proposal on community c.
func (e *env) resident(title string, c org.Unit) proposal.Proposal {
	e.t.Helper()
	p, err := e.svc.SubmitPublic(e.ctx, access.Actor{Username: "public"}, proposal.PublicInput{Name: "张小明", Mobile: "13800138000",
		Title: title, Body: "建议内容", CommunityID: c.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

func (e *env) act(a access.Actor, id int64, in proposal.ActInput) proposal.Proposal {
	e.t.Helper()
	p, err := e.svc.Act(e.ctx, a, id, in)
	if err != nil {
		e.t.Fatalf("%s %s: %v", a.Username, in.Action, err)
	}
	return p
}
