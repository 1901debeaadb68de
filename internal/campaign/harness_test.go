package campaign_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
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

// env is the campaign service over a fresh database with a small world:
//
//	root
//	├── S  sub-district (leader, office, spec)
//	│   ├── C1 community (comm1, staff1a, staff1b)
//	│   ├── C2 community (comm2, staff2)
//	│   └── D1 department (dept1)
//	└── T  sub-district "other" (leader9)
type env struct {
	*testfix.Fixture
	svc *campaign.Service

	S, C1, C2, D1, T org.Unit

	leader, office, comm1, comm2, dept1, spec, sysadmin, auditor, leader9 access.Actor
	staff1a, staff1b, staff2                                              access.Actor
}

var start = cst("2022-05-10 09:00")

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f, svc: &campaign.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
	e.S = e.SortedUnit(e.Root, org.Subdistrict, "pinghu", 0)
	e.C1 = e.SortedUnit(e.S, org.Community, "c1", 1)
	e.C2 = e.SortedUnit(e.S, org.Community, "c2", 2)
	e.D1 = e.SortedUnit(e.S, org.Department, "d1", 3)
	e.T = e.SortedUnit(e.Root, org.Subdistrict, "other", 1)

	e.leader = e.User("leader", access.Leader, e.S)
	e.office = e.User("office", access.Office, e.S)
	e.comm1 = e.User("comm1", access.Community, e.C1)
	e.comm2 = e.User("comm2", access.Community, e.C2)
	e.dept1 = e.User("dept1", access.Dept, e.D1)
	e.spec = e.User("spec", access.Specialist, e.S)
	e.sysadmin = e.User("sysadmin", access.Sysadmin, e.Root)
	e.auditor = e.User("auditor", access.Auditor, e.Root)
	e.leader9 = e.User("leader9", access.Leader, e.T)
	e.staff1a = e.User("staff1a", access.Community, e.C1)
	e.staff1b = e.User("staff1b", access.Community, e.C1)
	e.staff2 = e.User("staff2", access.Community, e.C2)
	return e
}

// campaign2022 creates the 2022 campaign of S with the default phases.
func (e *env) campaign2022() campaign.Campaign {
	e.TB.Helper()
	c, err := e.svc.Create(e.Ctx, e.office, campaign.Input{Name: "能力作风提升年", Year: 2022, UnitID: e.S.ID})
	if err != nil {
		e.TB.Fatal(err)
	}
	return c
}

// meeting creates a study session of C1 on 2022-05-20 09:00–11:00, with
// staff1a, staff1b and staff2 invited (C1 invited as a unit).
func (e *env) meeting(c campaign.Campaign) campaign.Activity {
	e.TB.Helper()
	v, err := e.svc.CreateActivity(e.Ctx, e.comm1, campaign.ActivityInput{CampaignID: c.ID, Kind: campaign.Study,
		Title: "专题学习会", Place: "党群服务中心", Date: "2022-05-20", Start: "09:00", End: "11:00",
		UnitIDs: []int64{e.C1.ID}, UserIDs: []int64{e.staff2.UserID, e.spec.UserID}, InviteUnitIDs: []int64{e.C1.ID}})
	if err != nil {
		e.TB.Fatal(err)
	}
	return v
}

// wantCode fails unless err has the code (and, when field is given, names it).
func wantCode(t *testing.T, err error, code errs.Code, field string) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Fatalf("error %v, want %s", err, code)
	}
	if field != "" {
		if _, ok := errs.As(err).Fields[field]; !ok {
			t.Fatalf("error %v names no field %q", err, field)
		}
	}
}
