package thinktank_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/org"
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
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *thinktank.Service
	acc   *account.Service

	S, C1, C2, D1, T, C9                       org.Unit
	E1, E2                                     int64
	leader, office, dept, comm1, comm2, ent1   access.Actor
	ent2, exp1, exp2, leader9, specialist, aud access.Actor
}

// start is in the second half of 2022, within the demo's terms.
var start = time.Date(2022, 7, 4, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	files := &enterprise.Service{DB: d, Audit: log, Now: c.Now, Files: &enterprise.FileStore{Dir: t.TempDir()}}
	e := &env{t: t, ctx: ctx, d: d, clock: c, svc: &thinktank.Service{DB: d, Audit: log, Now: c.Now, Files: files},
		acc: &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}}
	files.ConsultationVisible = e.svc.Visible
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	e.S = e.unit(root, org.Subdistrict, "pinghu")
	e.C1 = e.unit(e.S, org.Community, "c1")
	e.C2 = e.unit(e.S, org.Community, "c2")
	e.D1 = e.unit(e.S, org.Department, "d1")
	e.T = e.unit(root, org.Subdistrict, "other")
	e.C9 = e.unit(e.T, org.Community, "c9")
	e.E1 = e.enterprise("企业一", "91440300MA5XXXXX11", e.C1)
	e.E2 = e.enterprise("企业二", "91440300MA5XXXXX22", e.C2)
	e.leader = e.user("leader", access.Leader, e.S, 0)
	e.office = e.user("office", access.Office, e.S, 0)
	e.dept = e.user("dept", access.Dept, e.D1, 0)
	e.comm1 = e.user("comm1", access.Community, e.C1, 0)
	e.comm2 = e.user("comm2", access.Community, e.C2, 0)
	e.ent1 = e.user("ent1", access.Enterprise, e.C1, e.E1)
	e.ent2 = e.user("ent2", access.Enterprise, e.C2, e.E2)
	e.exp1 = e.user("exp1", access.Expert, e.C1, 0)
	e.exp2 = e.user("exp2", access.Expert, e.C1, 0)
	e.leader9 = e.user("leader9", access.Leader, e.T, 0)
	e.specialist = e.user("spec", access.Specialist, e.S, 0)
	e.aud = e.user("auditor", access.Auditor, root, 0)
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

func (e *env) enterprise(name, code string, c org.Unit) int64 {
	e.t.Helper()
	var id int64
	if err := e.d.W.QueryRowContext(e.ctx, `INSERT INTO enterprises (name, credit_code, community_id, created_at, updated_at)
		VALUES ($1, $2, $3, 0, 0) RETURNING id`, name, code, c.ID).Scan(&id); err != nil {
		e.t.Fatal(err)
	}
	return id
}

func (e *env) user(username string, role access.Role, unit org.Unit, enterpriseID int64) access.Actor {
	e.t.Helper()
	pw := "Lakeside-lamp-2022!"
	in := account.Input{Username: &username, DisplayName: &username, Role: &role, UnitID: &unit.ID, Password: &pw}
	if enterpriseID > 0 {
		in.EnterpriseID = &enterpriseID
	}
	u, err := e.acc.CreateAs(e.ctx, access.System("test"), in)
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	return access.Actor{UserID: u.ID, Username: u.Username, Name: username, Role: role, UnitID: u.UnitID, ScopePath: unit.Path,
		EnterpriseID: enterpriseID}
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

// expert appoints an expert from 2022-06-23 to 2025-06-22 in c.
func (e *env) expert(name string, f thinktank.Field, c org.Unit, user access.Actor) thinktank.Expert {
	e.t.Helper()
	x, err := e.svc.CreateExpert(e.ctx, e.leader, thinktank.ExpertInput{Name: name, Field: f, Organisation: "深圳某研究院",
		Title: "高级工程师", CommunityID: c.ID, AppointedFrom: "2022-06-23", AppointedTo: "2025-06-22", Mobile: "13800138000",
		UserID: user.UserID})
	if err != nil {
		e.t.Fatalf("expert %s: %v", name, err)
	}
	return x
}

func (e *env) request(a access.Actor, topic string, f thinktank.Field, c org.Unit) thinktank.Consultation {
	e.t.Helper()
	k, err := e.svc.Request(e.ctx, a, thinktank.Input{Topic: topic, Description: "情况说明", Field: f, CommunityID: c.ID})
	if err != nil {
		e.t.Fatalf("%s request: %v", a.Username, err)
	}
	return k
}

func (e *env) act(a access.Actor, id int64, in thinktank.ActInput) thinktank.Consultation {
	e.t.Helper()
	k, err := e.svc.Act(e.ctx, a, id, in)
	if err != nil {
		e.t.Fatalf("%s %s: %v", a.Username, in.Action, err)
	}
	return k
}
