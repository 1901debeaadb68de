package proposal_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/org"
	"pinghu/internal/proposal"
	"pinghu/internal/testfix"
)

// env is the proposal service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1, D2 departments)
//	└── T  sub-district (C9 community)
type env struct {
	*testfix.Fixture
	svc *proposal.Service

	S, C1, C2, D1, D2, T, C9                            org.Unit
	leader, office, dept1, dept2, comm1, comm2, leader9 access.Actor
	auditor, specialist                                 access.Actor
}

var start = time.Date(2022, 4, 18, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f, svc: &proposal.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
	e.S = e.Unit(e.Root, org.Subdistrict, "pinghu")
	e.C1 = e.Unit(e.S, org.Community, "c1")
	e.C2 = e.Unit(e.S, org.Community, "c2")
	e.D1 = e.Unit(e.S, org.Department, "d1")
	e.D2 = e.Unit(e.S, org.Department, "d2")
	e.T = e.Unit(e.Root, org.Subdistrict, "other")
	e.C9 = e.Unit(e.T, org.Community, "c9")
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept1 = e.User("dept1", access.Dept, e.D1)
	e.dept2 = e.User("dept2", access.Dept, e.D2)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.leader9 = e.User("leader9", access.Leader, e.T)
	e.auditor = e.User("auditor", access.Auditor, e.Root)
	e.specialist = e.User("spec", access.Specialist, e.S)
	return e
}

// resident submits a resident's proposal on community c.
func (e *env) resident(title string, c org.Unit) proposal.Proposal {
	e.TB.Helper()
	p, err := e.svc.SubmitPublic(e.Ctx, access.Actor{Username: "public"}, proposal.PublicInput{Name: "张小明", Mobile: "13800138000",
		Title: title, Body: "建议内容", CommunityID: c.ID})
	if err != nil {
		e.TB.Fatal(err)
	}
	return p
}

func (e *env) act(a access.Actor, id int64, in proposal.ActInput) proposal.Proposal {
	e.TB.Helper()
	p, err := e.svc.Act(e.Ctx, a, id, in)
	if err != nil {
		e.TB.Fatalf("%s %s: %v", a.Username, in.Action, err)
	}
	return p
}
