package campaign_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
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
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *dbtest.Clock
	svc   *campaign.Service
	acc   *account.Service

	root, S, C1, C2, D1, T org.Unit

	leader, office, comm1, comm2, dept1, spec, sysadmin, auditor, leader9 access.Actor
	staff1a, staff1b, staff2                                              access.Actor
}

var start = cst("2022-05-10 09:00")

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c,
		svc: &campaign.Service{DB: d, Audit: log, Now: c.Now},
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
	e.D1 = e.unit(e.S, org.Department, "d1", 3)
	e.T = e.unit(root, org.Subdistrict, "other", 1)

	e.leader = e.user("leader", access.Leader, e.S)
	e.office = e.user("office", access.Office, e.S)
	e.comm1 = e.user("comm1", access.Community, e.C1)
	e.comm2 = e.user("comm2", access.Community, e.C2)
	e.dept1 = e.user("dept1", access.Dept, e.D1)
	e.spec = e.user("spec", access.Specialist, e.S)
	e.sysadmin = e.user("sysadmin", access.Sysadmin, root)
	e.auditor = e.user("auditor", access.Auditor, root)
	e.leader9 = e.user("leader9", access.Leader, e.T)
	e.staff1a = e.user("staff1a", access.Community, e.C1)
	e.staff1b = e.user("staff1b", access.Community, e.C1)
	e.staff2 = e.user("staff2", access.Community, e.C2)
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

// campaign2022 creates the 2022 campaign of S with the default phases.
func (e *env) campaign2022() campaign.Campaign {
	e.t.Helper()
	c, err := e.svc.Create(e.ctx, e.office, campaign.Input{Name: "能力作风提升年", Year: 2022, UnitID: e.S.ID})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// meeting creates a study session of C1 on 2022-05-20 09:00–11:00, with
// staff1a, staff1b and staff2 invited (C1 invited as a unit).
func (e *env) meeting(c campaign.Campaign) campaign.Activity {
	e.t.Helper()
	v, err := e.svc.CreateActivity(e.ctx, e.comm1, campaign.ActivityInput{CampaignID: c.ID, Kind: campaign.Study,
		Title: "专题学习会", Place: "党群服务中心", Date: "2022-05-20", Start: "09:00", End: "11:00",
		UnitIDs: []int64{e.C1.ID}, UserIDs: []int64{e.staff2.UserID, e.spec.UserID}, InviteUnitIDs: []int64{e.C1.ID}})
	if err != nil {
		e.t.Fatal(err)
	}
	return v
}

// count reads one number.
func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
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
