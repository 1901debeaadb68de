package supervision_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/supervision"
)

// cst reads "2006-01-02 15:04" in China Standard Time.
func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// fakeTarget stands in for the projects module: targets by id, each with
// its title, unit and the units whose actors may see it.
type fakeTarget struct {
	kind    supervision.Kind
	targets map[int64]supervision.TargetInfo
	scope   map[int64]string // target id → path its viewers' scope must cover
}

func (f fakeTarget) Lookup(_ context.Context, a access.Actor, id int64) (supervision.TargetInfo, error) {
	t, ok := f.targets[id]
	if !ok || !a.Covers(f.scope[id]) {
		return supervision.TargetInfo{}, errs.E(errs.NotFound)
	}
	return t, nil
}

// env is the service over a fresh database with a small world:
//
//	root
//	├── S  sub-district: D1, D2 (departments), C1 (community)
//	└── T  sub-district: D9
//
// Project 1 belongs to D1, project 2 to D2 (both in S), project 9 to D9 (T).
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *supervision.Service
	acc   *account.Service

	S, D1, D2, C1, T, D9 org.Unit

	leader, office, dept1, dept1b, dept2, comm1, spec, auditor, office9 access.Actor
}

var start = cst("2022-06-06 09:00") // a Monday

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c,
		acc: &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	e.S = e.unit(root, org.Subdistrict, "s", 1)
	e.D1 = e.unit(e.S, org.Department, "d1", 1)
	e.D2 = e.unit(e.S, org.Department, "d2", 2)
	e.C1 = e.unit(e.S, org.Community, "c1", 3)
	e.T = e.unit(root, org.Subdistrict, "t", 2)
	e.D9 = e.unit(e.T, org.Department, "d9", 1)
	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.dept1 = e.user("dept1", access.Dept, e.D1)
	e.dept1b = e.user("dept1b", access.Dept, e.D1)
	e.dept2 = e.user("dept2", access.Dept, e.D2)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.spec = e.user("spec", access.Specialist, e.S)
	e.auditor = e.user("auditor", access.Auditor, root)
	e.office9 = e.user("office9", access.Office, e.T)
	projects := fakeTarget{kind: supervision.KindProject,
		targets: map[int64]supervision.TargetInfo{
			1: {Title: "甘坑立交", UnitID: e.D1.ID, Path: "/projects/1"},
			2: {Title: "外国语学校", UnitID: e.D2.ID, Path: "/projects/2"},
			9: {Title: "远方项目", UnitID: e.D9.ID, Path: "/projects/9"},
		},
		scope: map[int64]string{1: e.D1.Path, 2: e.D2.Path, 9: e.D9.Path}}
	e.svc = &supervision.Service{DB: d, Audit: log, Now: c.Now,
		Targets: map[supervision.Kind]supervision.Target{supervision.KindProject: projects}}
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
	a, err := account.ActorFor(e.ctx, e.d.R, u)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func (e *env) at(s string) { e.clock.Set(cst(s)) }

// in is a valid notice on project p due on deadline.
func in(p int64, deadline string) supervision.Input {
	return supervision.Input{TargetKind: supervision.KindProject, TargetID: p, Title: "加快征拆进度",
		Content: "请于期限前报送进展。", Deadline: deadline}
}

func (e *env) issue(a access.Actor, input supervision.Input) supervision.Notice {
	e.t.Helper()
	n, err := e.svc.Issue(e.ctx, a, input)
	if err != nil {
		e.t.Fatalf("issue %+v as %s: %v", input, a.Username, err)
	}
	return n
}

func (e *env) reply(a access.Actor, id int64) supervision.Notice {
	e.t.Helper()
	n, err := e.svc.Reply(e.ctx, a, id, "已协调完成。")
	if err != nil {
		e.t.Fatalf("reply %d as %s: %v", id, a.Username, err)
	}
	return n
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// written is what a refused call must leave alone.
func (e *env) written() string {
	return fmt.Sprintf("notices %d events %d audit %d updated %d", e.count("SELECT count(*) FROM supervision_notices"),
		e.count("SELECT count(*) FROM supervision_events"), e.count("SELECT count(*) FROM audit_log"),
		e.count("SELECT COALESCE(MAX(updated_at), 0) FROM supervision_notices"))
}

func wantCode(t testing.TB, what string, err error, code errs.Code, fields map[string]string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %s", what, code)
		return
	}
	x := errs.As(err)
	if x.Code != code {
		t.Errorf("%s: %v, want %s", what, err, code)
		return
	}
	if fields != nil && !maps.Equal(x.Fields, fields) {
		t.Errorf("%s: fields %v, want %v", what, x.Fields, fields)
	}
}

func ptr[T any](v T) *T { return &v }

func fmtInt(n int64) string { return fmt.Sprint(n) }
