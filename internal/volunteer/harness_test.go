package volunteer_test

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
	"pinghu/internal/volunteer"
)

// env is the volunteer service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *volunteer.Service
	acc   *account.Service

	root, S, C1, C2, D1, T, C9                 org.Unit
	leader, office, dept1, comm1, comm2, lead9 access.Actor
	spec                                       access.Actor
}

var start = time.Date(2022, 6, 1, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c, svc: &volunteer.Service{DB: d, Audit: log, Now: c.Now},
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
	e.T = e.unit(root, org.Subdistrict, "other")
	e.C9 = e.unit(e.T, org.Community, "c9")
	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.dept1 = e.user("dept1", access.Dept, e.D1)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.comm2 = e.user("comm2", access.Community, e.C2)
	e.lead9 = e.user("lead9", access.Leader, e.T)
	e.spec = e.user("spec", access.Specialist, e.D1)
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

// written counts every row this package and the audit log write, to
// check that a refusal wrote nothing.
func (e *env) written() [7]int {
	var out [7]int
	for i, table := range []string{"volunteers", "volunteer_teams", "volunteer_team_orgs", "volunteer_activities", "volunteer_signups",
		"volunteer_hours", "audit_log"} {
		out[i] = e.count("SELECT count(*) FROM " + table)
	}
	return out
}

func (e *env) volunteer(a access.Actor, name, mobile string, c org.Unit, user int64) volunteer.Volunteer {
	e.t.Helper()
	v, err := e.svc.Create(e.ctx, a, volunteer.Input{Name: name, Mobile: mobile, CommunityID: c.ID, Organisation: "驻社区单位",
		Skills: "交通劝导", RegisteredOn: "2022-03-01", UserID: user})
	if err != nil {
		e.t.Fatalf("volunteer %s: %v", name, err)
	}
	return v
}

func (e *env) team(a access.Actor, c org.Unit, coordinator int64, vols ...int64) volunteer.Team {
	e.t.Helper()
	t, err := e.svc.CreateTeam(e.ctx, a, volunteer.TeamInput{Name: "共融志愿服务队 " + c.Code, CommunityID: c.ID, CoordinatorID: coordinator,
		Orgs: []volunteer.OrgInput{{Name: "社区党委", Kind: volunteer.CommunityParty}, {Name: "园区党委", Kind: volunteer.ParkParty},
			{Name: "交警中队", Kind: volunteer.StationedUnit}}, VolunteerIDs: vols})
	if err != nil {
		e.t.Fatalf("team: %v", err)
	}
	return t
}

// activity plans a two-hour activity, 09:00–11:00 on 2022-06-10,
// organised by the team's first two organisations.
func (e *env) activity(a access.Actor, t volunteer.Team, kind volunteer.Kind, capacity int) volunteer.Activity {
	e.t.Helper()
	x, err := e.svc.CreateActivity(e.ctx, a, volunteer.ActivityInput{TeamID: t.ID, Kind: kind, Title: "路口交通劝导", Day: "2022-06-10",
		Start: "09:00", End: "11:00", Place: "平湖大街路口", Capacity: capacity, OrgIDs: []int64{t.Orgs[0].ID, t.Orgs[1].ID}})
	if err != nil {
		e.t.Fatalf("activity: %v", err)
	}
	return x
}
