package project_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/project"
)

// env is the project service over one fresh database with a small world:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1, D2 departments)
//	└── T  another sub-district (C9)
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *project.Service
	acc   *account.Service

	root, S, C1, C2, D1, D2, T, C9 org.Unit

	leader, office, dept1, dept2, comm1, comm2, spec, expert, auditor, leader9 access.Actor
	// cadre and member are community staff of C2 who appear on projects
	// of C1 only by name.
	cadre, member, owner access.Actor
}

// cstAt is noon of a CST date.
func cstAt(date string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, date, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour).UTC()
}

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(cstAt("2022-05-17"))
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c,
		svc: &project.Service{DB: d, Audit: log, Now: c.Now},
		acc: &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}},
	}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	e.root = root
	e.S = e.unit(root, org.Subdistrict, "pinghu", 0)
	e.C1 = e.unit(e.S, org.Community, "c1", 1)
	e.C2 = e.unit(e.S, org.Community, "c2", 2)
	e.D1 = e.unit(e.S, org.Department, "d1", 1)
	e.D2 = e.unit(e.S, org.Department, "d2", 2)
	e.T = e.unit(root, org.Subdistrict, "other", 1)
	e.C9 = e.unit(e.T, org.Community, "c9", 1)

	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.dept1 = e.user("dept1", access.Dept, e.D1)
	e.dept2 = e.user("dept2", access.Dept, e.D2)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.comm2 = e.user("comm2", access.Community, e.C2)
	e.spec = e.user("spec", access.Specialist, e.S)
	e.expert = e.user("expert", access.Expert, e.S)
	e.auditor = e.user("auditor", access.Auditor, root)
	e.leader9 = e.user("leader9", access.Leader, e.T)
	e.cadre = e.user("cadre", access.Community, e.C2)
	e.member = e.user("member", access.Community, e.C2)
	e.owner = e.user("owner", access.Dept, e.D2)
	return e
}

func (e *env) unit(parent org.Unit, kind org.Kind, code string, sort int) org.Unit {
	e.t.Helper()
	u, err := org.Insert(e.ctx, e.d.W, org.Unit{Kind: kind, Name: "单位 " + code, Code: code, SortOrder: sort,
		Active: true, CreatedAt: e.clock.Now()}, parent)
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
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
	path, err := org.ActivePath(e.ctx, e.d.R, u.UnitID)
	if err != nil {
		e.t.Fatal(err)
	}
	return access.Actor{UserID: u.ID, Username: u.Username, Role: role, UnitID: u.UnitID, ScopePath: path}
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func ptr[T any](v T) *T { return &v }

// input is a valid key project led by C1 with D1 responsible, the cadre
// leading and the member on the team, from 2022-05-17 to 2022-12-31.
func (e *env) input() project.Input {
	return project.Input{Kind: ptr(project.KindKey), Name: ptr("清平高速甘坑立交"), Field: ptr("traffic"),
		Lists: ptr([]project.List{project.ListKey, project.ListSpecialAttention}), LeadUnitID: ptr(e.C1.ID),
		LeadCadreID: ptr(e.cadre.UserID), DepartmentIDs: ptr([]int64{e.D1.ID}), MemberIDs: ptr([]int64{e.member.UserID}),
		StartDate: ptr("2022-05-17"), TargetDate: ptr("2022-12-31"), Goals: ptr("年底前完成交通疏解")}
}

func (e *env) create(in project.Input) project.Project {
	e.t.Helper()
	p, err := e.svc.Create(e.ctx, e.leader, in)
	if err != nil {
		e.t.Fatalf("create: %v", err)
	}
	return p
}
