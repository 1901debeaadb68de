package project_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/project"
	"pinghu/internal/testfix"
)

// env is the project service over one fresh database with a small world:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1, D2 departments)
//	└── T  another sub-district (C9)
type env struct {
	*testfix.Fixture
	svc *project.Service

	S, C1, C2, D1, D2, T, C9 org.Unit

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
	f := testfix.New(t, d, cstAt("2022-05-17"))
	e := &env{Fixture: f, svc: &project.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
	e.S = e.SortedUnit(e.Root, org.Subdistrict, "pinghu", 0)
	e.C1 = e.SortedUnit(e.S, org.Community, "c1", 1)
	e.C2 = e.SortedUnit(e.S, org.Community, "c2", 2)
	e.D1 = e.SortedUnit(e.S, org.Department, "d1", 1)
	e.D2 = e.SortedUnit(e.S, org.Department, "d2", 2)
	e.T = e.SortedUnit(e.Root, org.Subdistrict, "other", 1)
	e.C9 = e.SortedUnit(e.T, org.Community, "c9", 1)

	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept1 = e.User("dept1", access.Dept, e.D1)
	e.dept2 = e.User("dept2", access.Dept, e.D2)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.spec = e.User("spec", access.Specialist, e.S)
	e.expert = e.User("expert", access.Expert, e.S)
	e.auditor = e.User("auditor", access.Auditor, e.Root)
	e.leader9 = e.User("leader9", access.Leader, e.T)
	e.cadre = e.User("cadre", access.Community, e.C2)
	e.member = e.User("member", access.Community, e.C2)
	e.owner = e.User("owner", access.Dept, e.D2)
	return e
}

// count is the number of rows in table.
func (e *env) count(table string) int {
	e.TB.Helper()
	return e.Count("SELECT count(*) FROM " + table)
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
	e.TB.Helper()
	p, err := e.svc.Create(e.Ctx, e.leader, in)
	if err != nil {
		e.TB.Fatalf("create: %v", err)
	}
	return p
}
