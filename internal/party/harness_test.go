package party_test

import (
	"fmt"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/party"
	"pinghu/internal/testfix"
)

// env is the party service over a fresh database:
//
//	root
//	├── S  sub-district (C1, C2 communities; D1 department)
//	└── T  sub-district (C9 community)
type env struct {
	*testfix.Fixture
	svc *party.Service

	S, C1, C2, D1, T, C9                         org.Unit
	leader, office, dept1, comm1, comm2, leader9 access.Actor
	serial                                       int
}

// start is 2022-07-15 10:00 in China Standard Time.
var start = time.Date(2022, 7, 15, 2, 0, 0, 0, time.UTC)

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	f := testfix.New(t, d, start)
	e := &env{Fixture: f, svc: &party.Service{DB: d, Audit: f.Audit, Now: f.Clock.Now}}
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
	e.leader9 = e.User("leader9", access.Leader, e.T)
	return e
}

// enterprise adds an enterprise of community c with a status and
// ownership, straight into the registry.
func (e *env) enterprise(c org.Unit, status string, nonpublic bool) int64 {
	e.TB.Helper()
	e.serial++
	var id int64
	err := e.DB.W.QueryRowContext(e.Ctx, `INSERT INTO enterprises (name, credit_code, community_id, status, nonpublic, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 0, 0) RETURNING id`, fmt.Sprintf("企业%d", e.serial), fmt.Sprintf("CODE%014d", e.serial),
		c.ID, status, nonpublic).Scan(&id)
	if err != nil {
		e.TB.Fatal(err)
	}
	return id
}

// input is a valid organisation of unit u.
func (e *env) input(u org.Unit, level party.Level, sector party.Sector, formation party.Formation) party.OrgInput {
	return party.OrgInput{Name: "党组织 " + string(level) + " " + string(sector), UnitID: u.ID, Level: level, Sector: sector,
		Formation: formation, FoundedOn: "2020-05-01", Secretary: "张书记", MemberCount: 5}
}

func (e *env) create(a access.Actor, in party.OrgInput) party.Org {
	e.TB.Helper()
	o, err := e.svc.Create(e.Ctx, a, in)
	if err != nil {
		e.TB.Fatalf("create %s: %v", in.Name, err)
	}
	return o
}

func (e *env) cover(a access.Actor, orgID, enterpriseID int64, from string) {
	e.TB.Helper()
	if err := e.svc.Cover(e.Ctx, a, orgID, party.CoverInput{EnterpriseID: enterpriseID, From: from}); err != nil {
		e.TB.Fatalf("cover: %v", err)
	}
}

func ptr[T any](v T) *T { return &v }

// day is the noon of a day in China Standard Time.
func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t.Add(12 * time.Hour)
}
