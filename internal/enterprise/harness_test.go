package enterprise_test

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// testPassword satisfies the policy and contains none of the usernames.
const testPassword = "Lakeside-lamp-2022!"

// clock is the test's injected time.
type clock = dbtest.Clock

// start is 10:00 on 26 May 2022 in Pinghu, the first day of the visits.
var start = time.Date(2022, 5, 26, 2, 0, 0, 0, time.UTC)

// fixture is the tree and the people of every test:
//
//	root
//	├── dist          district
//	│   ├── ddept     department of the district
//	│   └── sub       subdistrict "pinghu"
//	│       ├── c1    community
//	│       ├── c2    community
//	│       ├── cOff  community, inactive
//	│       ├── d1    department
//	│       └── d2    department
//	└── sub2          another subdistrict
//	    └── c3        community
type fixture struct {
	root, dist, ddept, sub, c1, c2, cOff, d1, d2, sub2, c3 org.Unit

	leader, office, leader2, rootLeader        account.User
	dept1, dept2, deptSub, comm1, comm2, comm3 account.User
	spec1, spec2, spec3, expert, sysadmin      account.User
	secadmin, auditor, entUser                 account.User
	leaderOff, specOff                         account.User // inactive
}

type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	clock *clock
	svc   *enterprise.Service
	acc   *account.Service
	units *org.Service
	dir   string // the file store's directory
	f     fixture
	codes int // credit codes handed out
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c, dir: t.TempDir()}
	e.svc = &enterprise.Service{DB: d, Audit: log, Now: c.Now, Files: &enterprise.FileStore{Dir: e.dir}}
	e.acc = &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}
	e.units = &org.Service{DB: d, Audit: log, Now: c.Now}
	e.build()
	return e
}

func ptr[T any](v T) *T { return &v }

// build makes the fixture's units and accounts.
func (e *env) build() {
	f := &e.f
	var err error
	if f.root, err = org.FindByCode(e.ctx, e.d.R, "root"); err != nil {
		e.t.Fatal(err)
	}
	f.dist = e.unit(f.root, org.District, "dist")
	f.ddept = e.unit(f.dist, org.Department, "ddept")
	f.sub = e.unit(f.dist, org.Subdistrict, "pinghu")
	f.c1 = e.unit(f.sub, org.Community, "c1")
	f.c2 = e.unit(f.sub, org.Community, "c2")
	f.cOff = e.unit(f.sub, org.Community, "c-off")
	f.d1 = e.unit(f.sub, org.Department, "d1")
	f.d2 = e.unit(f.sub, org.Department, "d2")
	f.sub2 = e.unit(f.root, org.Subdistrict, "other")
	f.c3 = e.unit(f.sub2, org.Community, "c3")

	f.leader = e.user("leader", access.Leader, f.sub, true)
	f.office = e.user("office", access.Office, f.sub, true)
	f.leader2 = e.user("leader2", access.Leader, f.sub2, true)
	f.rootLeader = e.user("rootleader", access.Leader, f.root, true)
	f.dept1 = e.user("dept1", access.Dept, f.d1, true)
	f.dept2 = e.user("dept2", access.Dept, f.d2, true)
	f.deptSub = e.user("deptsub", access.Dept, f.sub, true)
	f.comm1 = e.user("comm1", access.Community, f.c1, true)
	f.comm2 = e.user("comm2", access.Community, f.c2, true)
	f.comm3 = e.user("comm3", access.Community, f.c3, true)
	f.spec1 = e.user("spec1", access.Specialist, f.sub, true)
	f.spec2 = e.user("spec2", access.Specialist, f.sub, true)
	f.spec3 = e.user("spec3", access.Specialist, f.sub, true)
	f.expert = e.user("expert", access.Expert, f.sub, true)
	f.sysadmin = e.user("sysadmin", access.Sysadmin, f.root, true)
	f.secadmin = e.user("secadmin", access.Secadmin, f.root, true)
	f.auditor = e.user("auditor", access.Auditor, f.root, true)
	f.entUser = e.user("entuser", access.Enterprise, f.sub, true)
	f.leaderOff = e.user("leader-off", access.Leader, f.sub, false)
	f.specOff = e.user("spec-off", access.Specialist, f.sub, false)

	// Deactivated last: a unit is created active under an active parent.
	if _, err := e.units.Update(e.ctx, e.admin(), f.cOff.ID, org.Input{Active: ptr(false)}); err != nil {
		e.t.Fatal(err)
	}
}

// admin builds the tree: a sysadmin with the whole tree in scope.
func (e *env) admin() access.Actor {
	return access.Actor{Username: "tree-setup", Role: access.Sysadmin, UnitID: e.f.root.ID, ScopePath: e.f.root.Path}
}

func (e *env) unit(parent org.Unit, kind org.Kind, code string) org.Unit {
	e.t.Helper()
	u, err := e.units.Create(e.ctx, e.admin(), org.Input{ParentID: &parent.ID, Kind: &kind, Name: ptr("单位 " + code), Code: &code})
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

func (e *env) user(username string, role access.Role, unit org.Unit, active bool) account.User {
	e.t.Helper()
	u, err := e.acc.CreateAs(e.ctx, access.System("test"), account.Input{Username: &username, DisplayName: ptr("用户 " + username),
		Role: &role, UnitID: &unit.ID, Password: ptr(testPassword), Active: &active})
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	return u
}

// as is u acting, with the scope Authenticate would give.
func (e *env) as(u account.User) access.Actor {
	e.t.Helper()
	a, err := account.ActorFor(e.ctx, e.d.R, u)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// asEnterprise is the enterprise contact speaking for enterprise id.
func (e *env) asEnterprise(id int64) access.Actor {
	a := e.as(e.f.entUser)
	a.EnterpriseID = id
	return a
}

// code returns a fresh valid credit code.
func (e *env) code() string {
	e.codes++
	c, err := pii.MakeCreditCode(fmt.Sprintf("91440300MA5F%05d", e.codes))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// input is a complete creation input in community c.
func (e *env) input(name string, c org.Unit) enterprise.Input {
	return enterprise.Input{Name: ptr(name), CreditCode: ptr(e.code()), CommunityID: ptr(c.ID)}
}

// create registers an enterprise as the sub-district's leader (or, for
// the other sub-district's communities, its own leader).
func (e *env) create(name string, c org.Unit) enterprise.Enterprise {
	e.t.Helper()
	a := e.as(e.f.leader)
	if c.ID == e.f.c3.ID {
		a = e.as(e.f.leader2)
	}
	ent, err := e.svc.Create(e.ctx, a, e.input(name, c))
	if err != nil {
		e.t.Fatalf("create %s: %v", name, err)
	}
	return ent
}

// assign sets the 四个一 as the root leader, who sees everything.
func (e *env) assign(id int64, leader, dept, specialist int64) enterprise.Enterprise {
	e.t.Helper()
	ent, err := e.svc.Assign(e.ctx, e.as(e.f.rootLeader), id, enterprise.Assignment{LeaderID: &leader, DepartmentID: &dept, SpecialistID: &specialist})
	if err != nil {
		e.t.Fatalf("assign %d: %v", id, err)
	}
	return ent
}

// appeal inserts an appeal directly: the appeal module is not this
// package's, but scope and the timeline read its tables.
func (e *env) appeal(enterpriseID, departmentID int64, title string, at time.Time) int64 {
	e.t.Helper()
	var id int64
	var dept any
	if departmentID > 0 {
		dept = departmentID
	}
	err := e.d.W.QueryRowContext(e.ctx, `INSERT INTO appeals (enterprise_id, category, channel, title, state, department_id,
		submitted_at, response_due_at, resolution_due_at, updated_at) VALUES ($1, 'other', 'visit', $2, 'submitted', $3, $4, $4, $4, $4)
		RETURNING id`, enterpriseID, title, dept, db.Micros(at)).Scan(&id)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

// appealEvent inserts one event of an appeal.
func (e *env) appealEvent(appealID int64, action, note string, at time.Time) {
	e.t.Helper()
	_, err := e.d.W.ExecContext(e.ctx, `INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, note)
		VALUES ($1, $2, 'someone', 'dept', $3, 'a', 'b', $4)`, appealID, db.Micros(at), action, note)
	if err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

// counts is the number of rows of every table this package writes, to
// show that a refused change wrote nothing.
func (e *env) counts() string {
	e.t.Helper()
	var out string
	for _, table := range []string{"enterprises", "audit_log", "assignment_history", "enterprise_contacts",
		"enterprise_outputs", "visits", "visit_people", "attachments"} {
		out += fmt.Sprintf("%s=%d ", table, e.count("SELECT count(*) FROM "+table))
	}
	return out
}

// state is the stored form of one enterprise, to show that a refused
// change left it alone.
func (e *env) state(id int64) string {
	e.t.Helper()
	var s string
	err := e.d.R.QueryRowContext(e.ctx, `SELECT name || '|' || credit_code || '|' || CAST(community_id AS TEXT) || '|' ||
		address || '|' || industry || '|' || CAST(above_scale AS TEXT) || '|' || CAST(top100 AS TEXT) || '|' || status || '|' ||
		COALESCE(CAST(leader_id AS TEXT), '-') || '|' || COALESCE(CAST(department_id AS TEXT), '-') || '|' ||
		COALESCE(CAST(specialist_id AS TEXT), '-') || '|' || CAST(updated_at AS TEXT) FROM enterprises WHERE id = $1`, id).Scan(&s)
	if err != nil {
		e.t.Fatalf("enterprise %d: %v", id, err)
	}
	return s
}

// record is an audit record as these tests look at it.
type record struct {
	Action, Entity, EntityID, Actor string
	Before, After                   string
}

// records returns the audit records after seq n, oldest first.
func (e *env) records(after int) []record {
	e.t.Helper()
	rows, err := e.d.R.QueryContext(e.ctx, `SELECT action, entity, entity_id, actor, before_data, after_data
		FROM audit_log WHERE seq > $1 ORDER BY seq`, after)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []record
	for rows.Next() {
		var r record
		if err := rows.Scan(&r.Action, &r.Entity, &r.EntityID, &r.Actor, &r.Before, &r.After); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

func (e *env) auditSeq() int { return e.count("SELECT COALESCE(MAX(seq), 0) FROM audit_log") }

// wantFields checks that err is invalid input naming exactly these fields
// with these messages.
func wantFields(t *testing.T, what string, err error, want map[string]string) {
	t.Helper()
	if errs.CodeOf(err) != errs.Invalid {
		t.Errorf("%s: %v, want invalid %v", what, err, want)
		return
	}
	got := errs.As(err).Fields
	if len(got) != len(want) {
		t.Errorf("%s: fields %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: fields %v, want %v", what, got, want)
			return
		}
	}
}

func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if errs.CodeOf(err) != errs.NotFound {
		t.Errorf("%s: %v, want not found", what, err)
	}
}

func enterpriseIDs(list []enterprise.Enterprise) []int64 {
	out := []int64{}
	for _, x := range list {
		out = append(out, x.ID)
	}
	return out
}

func sorted(ids ...int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return out
}

// inTx runs fn in a write transaction, for the *Tx variants.
func (e *env) inTx(fn func(tx *sql.Tx) error) error { return e.d.Tx(e.ctx, fn) }

func orgInactiveInput() org.Input { return org.Input{Active: ptr(false)} }

func itoa(n int64) string { return fmt.Sprint(n) }
