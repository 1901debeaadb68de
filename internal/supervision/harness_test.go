package supervision_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/supervision"
	"pinghu/internal/testfix"
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
	*testfix.Fixture
	svc *supervision.Service

	S, D1, D2, C1, T, D9 org.Unit

	leader, office, dept1, dept1b, dept2, comm1, spec, auditor, office9 access.Actor
}

var start = cst("2022-06-06 09:00") // a Monday

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f}
	e.S = e.SortedUnit(e.Root, org.Subdistrict, "s", 1)
	e.D1 = e.SortedUnit(e.S, org.Department, "d1", 1)
	e.D2 = e.SortedUnit(e.S, org.Department, "d2", 2)
	e.C1 = e.SortedUnit(e.S, org.Community, "c1", 3)
	e.T = e.SortedUnit(e.Root, org.Subdistrict, "t", 2)
	e.D9 = e.SortedUnit(e.T, org.Department, "d9", 1)
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept1 = e.User("dept1", access.Dept, e.D1)
	e.dept1b = e.User("dept1b", access.Dept, e.D1)
	e.dept2 = e.User("dept2", access.Dept, e.D2)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.spec = e.User("spec", access.Specialist, e.S)
	e.auditor = e.User("auditor", access.Auditor, e.Root)
	e.office9 = e.User("office9", access.Office, e.T)
	projects := fakeTarget{kind: supervision.KindProject,
		targets: map[int64]supervision.TargetInfo{
			1: {Title: "甘坑立交", UnitID: e.D1.ID, Path: "/projects/1"},
			2: {Title: "外国语学校", UnitID: e.D2.ID, Path: "/projects/2"},
			9: {Title: "远方项目", UnitID: e.D9.ID, Path: "/projects/9"},
		},
		scope: map[int64]string{1: e.D1.Path, 2: e.D2.Path, 9: e.D9.Path}}
	e.svc = &supervision.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now,
		Targets: map[supervision.Kind]supervision.Target{supervision.KindProject: projects}}
	return e
}

func (e *env) at(s string) { e.Clock.Set(cst(s)) }

// in is a valid notice on project p due on deadline.
func in(p int64, deadline string) supervision.Input {
	return supervision.Input{TargetKind: supervision.KindProject, TargetID: p, Title: "加快征拆进度",
		Content: "请于期限前报送进展。", Deadline: deadline}
}

func (e *env) issue(a access.Actor, input supervision.Input) supervision.Notice {
	e.TB.Helper()
	n, err := e.svc.Issue(e.Ctx, a, input)
	if err != nil {
		e.TB.Fatalf("issue %+v as %s: %v", input, a.Username, err)
	}
	return n
}

func (e *env) reply(a access.Actor, id int64) supervision.Notice {
	e.TB.Helper()
	n, err := e.svc.Reply(e.Ctx, a, id, "已协调完成。")
	if err != nil {
		e.TB.Fatalf("reply %d as %s: %v", id, a.Username, err)
	}
	return n
}

// written is what a refused call must leave alone.
func (e *env) written() string {
	return fmt.Sprintf("notices %d events %d audit %d updated %d", e.Count("SELECT count(*) FROM supervision_notices"),
		e.Count("SELECT count(*) FROM supervision_events"), e.Count("SELECT count(*) FROM audit_log"),
		e.Count("SELECT COALESCE(MAX(updated_at), 0) FROM supervision_notices"))
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
