package volunteer_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/org"
	"pinghu/internal/testfix"
	"pinghu/internal/volunteer"
)

// env is the volunteer service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
type env struct {
	*testfix.Fixture
	svc *volunteer.Service

	S, C1, C2, D1, T, C9                       org.Unit
	leader, office, dept1, comm1, comm2, lead9 access.Actor
	spec                                       access.Actor
}

var start = time.Date(2022, 6, 1, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f, svc: &volunteer.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
	e.S = e.Unit(e.Root, org.Subdistrict, "pinghu")
	e.C1 = e.Unit(e.S, org.Community, "c1")
	e.C2 = e.Unit(e.S, org.Community, "c2")
	e.D1 = e.Unit(e.S, org.Department, "d1")
	e.T = e.Unit(e.Root, org.Subdistrict, "other")
	e.C9 = e.Unit(e.T, org.Community, "c9")
	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.dept1 = e.User("dept1", access.Dept, e.D1)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.lead9 = e.User("lead9", access.Leader, e.T)
	e.spec = e.User("spec", access.Specialist, e.D1)
	return e
}

// written counts every row this package and the audit log write, to
// check that a refusal wrote nothing.
func (e *env) written() [7]int {
	var out [7]int
	for i, table := range []string{"volunteers", "volunteer_teams", "volunteer_team_orgs", "volunteer_activities", "volunteer_signups",
		"volunteer_hours", "audit_log"} {
		out[i] = e.Count("SELECT count(*) FROM " + table)
	}
	return out
}

func (e *env) volunteer(a access.Actor, name, mobile string, c org.Unit, user int64) volunteer.Volunteer {
	e.TB.Helper()
	v, err := e.svc.Create(e.Ctx, a, volunteer.Input{Name: name, Mobile: mobile, CommunityID: c.ID, Organisation: "驻社区单位",
		Skills: "交通劝导", RegisteredOn: "2022-03-01", UserID: user})
	if err != nil {
		e.TB.Fatalf("volunteer %s: %v", name, err)
	}
	return v
}

func (e *env) team(a access.Actor, c org.Unit, coordinator int64, vols ...int64) volunteer.Team {
	e.TB.Helper()
	t, err := e.svc.CreateTeam(e.Ctx, a, volunteer.TeamInput{Name: "共融志愿服务队 " + c.Code, CommunityID: c.ID, CoordinatorID: coordinator,
		Orgs: []volunteer.OrgInput{{Name: "社区党委", Kind: volunteer.CommunityParty}, {Name: "园区党委", Kind: volunteer.ParkParty},
			{Name: "交警中队", Kind: volunteer.StationedUnit}}, VolunteerIDs: vols})
	if err != nil {
		e.TB.Fatalf("team: %v", err)
	}
	return t
}

// activity plans a two-hour activity, 09:00–11:00 on 2022-06-10,
// organised by the team's first two organisations.
func (e *env) activity(a access.Actor, t volunteer.Team, kind volunteer.Kind, capacity int) volunteer.Activity {
	e.TB.Helper()
	x, err := e.svc.CreateActivity(e.Ctx, a, volunteer.ActivityInput{TeamID: t.ID, Kind: kind, Title: "路口交通劝导", Day: "2022-06-10",
		Start: "09:00", End: "11:00", Place: "平湖大街路口", Capacity: capacity, OrgIDs: []int64{t.Orgs[0].ID, t.Orgs[1].ID}})
	if err != nil {
		e.TB.Fatalf("activity: %v", err)
	}
	return x
}
