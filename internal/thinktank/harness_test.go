package thinktank_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/org"
	"pinghu/internal/testfix"
	"pinghu/internal/thinktank"
)

// env is the think tank over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
//
// E1 is an enterprise of C1 with its account ent1; X1 and X2 are the
// expert accounts exp1 and exp2.
type env struct {
	*testfix.Fixture
	svc *thinktank.Service

	S, C1, C2, D1, T, C9                       org.Unit
	E1, E2                                     int64
	leader, office, dept, comm1, comm2, ent1   access.Actor
	ent2, exp1, exp2, leader9, specialist, aud access.Actor
}

// start is in the second half of 2022, within the demo's terms.
var start = time.Date(2022, 7, 4, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	files := &enterprise.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now, Files: &enterprise.FileStore{Dir: t.TempDir()}}
	e := &env{Fixture: f, svc: &thinktank.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now, Files: files}}
	files.ConsultationVisible = e.svc.Visible
	e.S = e.Unit(e.Root, org.Subdistrict, "pinghu")
	e.C1 = e.Unit(e.S, org.Community, "c1")
	e.C2 = e.Unit(e.S, org.Community, "c2")
	e.D1 = e.Unit(e.S, org.Department, "d1")
	e.T = e.Unit(e.Root, org.Subdistrict, "other")
	e.C9 = e.Unit(e.T, org.Community, "c9")
	e.E1 = e.enterprise("企业一", "91440300MA5XXXXX11", e.C1)
	e.E2 = e.enterprise("企业二", "91440300MA5XXXXX22", e.C2)
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept = e.User("dept", access.Dept, e.D1)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.ent1 = e.contact("ent1", e.C1, e.E1)
	e.ent2 = e.contact("ent2", e.C2, e.E2)
	e.exp1 = e.User("exp1", access.Expert, e.C1)
	e.exp2 = e.User("exp2", access.Expert, e.C1)
	e.leader9 = e.User("leader9", access.Leader, e.T)
	e.specialist = e.User("spec", access.Specialist, e.S)
	e.aud = e.User("auditor", access.Auditor, e.Root)
	return e
}

func (e *env) enterprise(name, code string, c org.Unit) int64 {
	e.TB.Helper()
	var id int64
	if err := e.DB.W.QueryRowContext(e.Ctx, `INSERT INTO enterprises (name, credit_code, community_id, created_at, updated_at)
		VALUES ($1, $2, $3, 0, 0) RETURNING id`, name, code, c.ID).Scan(&id); err != nil {
		e.TB.Fatal(err)
	}
	return id
}

// contact adds the account of enterprise ent's contact, in community c.
func (e *env) contact(username string, c org.Unit, ent int64) access.Actor {
	e.TB.Helper()
	role := access.Enterprise
	return e.Account(account.Input{Username: &username, DisplayName: &username, Role: &role, UnitID: &c.ID, EnterpriseID: &ent})
}

// expert appoints an expert from 2022-06-23 to 2025-06-22 in c.
func (e *env) expert(name string, f thinktank.Field, c org.Unit, user access.Actor) thinktank.Expert {
	e.TB.Helper()
	x, err := e.svc.CreateExpert(e.Ctx, e.leader, thinktank.ExpertInput{Name: name, Field: f, Organisation: "深圳某研究院",
		Title: "高级工程师", CommunityID: c.ID, AppointedFrom: "2022-06-23", AppointedTo: "2025-06-22", Mobile: "13800138000",
		UserID: user.UserID})
	if err != nil {
		e.TB.Fatalf("expert %s: %v", name, err)
	}
	return x
}

func (e *env) request(a access.Actor, topic string, f thinktank.Field, c org.Unit) thinktank.Consultation {
	e.TB.Helper()
	k, err := e.svc.Request(e.Ctx, a, thinktank.Input{Topic: topic, Description: "情况说明", Field: f, CommunityID: c.ID})
	if err != nil {
		e.TB.Fatalf("%s request: %v", a.Username, err)
	}
	return k
}

func (e *env) act(a access.Actor, id int64, in thinktank.ActInput) thinktank.Consultation {
	e.TB.Helper()
	k, err := e.svc.Act(e.Ctx, a, id, in)
	if err != nil {
		e.TB.Fatalf("%s %s: %v", a.Username, in.Action, err)
	}
	return k
}
