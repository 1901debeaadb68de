package appeal_test

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/appeal"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// clock is the test's injected time.
type clock = dbtest.Clock

// cst reads "2006-01-02 15:04" in China Standard Time.
func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

// endOf is the end of a CST date: midnight at the start of the next day,
// where working-day deadlines fall.
func endOf(date string) time.Time { return cst(date+" 00:00").AddDate(0, 0, 1) }

// env is the appeal service over one fresh database with a small world:
//
//	root
//	├── S  sub-district "pinghu"
//	│   ├── C1 community  (E1, E2, E4, E5)
//	│   ├── C2 community  (E3)
//	│   ├── D1 department (sort 1)
//	│   ├── D2 department (sort 2)
//	│   └── D3 department (inactive)
//	└── T  sub-district "other"
//	    ├── C9 community  (E9)
//	    └── D9 department
//
// Enterprises: E1 (C1, D1, spec1, above-scale), E2 (C1, D2, spec2,
// above-scale), E3 (C2, D1, spec1), E4 (C1, no department, no specialist,
// above-scale), E5 (C1, above-scale, moved out), E9 (C9, D9, above-scale).
type env struct {
	t     testing.TB
	ctx   context.Context
	d     *db.DB
	clock *clock
	svc   *appeal.Service
	acc   *account.Service

	root, S, C1, C2, D1, D2, D3, T, C9, D9 org.Unit
	E1, E2, E3, E4, E5, E9                 int64

	// Actors, one per role and place.
	leader, office, dept1, dept2, comm1, comm2, spec1, spec2, ent1, ent2, ent4 access.Actor
	sysadmin, secadmin, auditor, expert, leader9, dept9                        access.Actor
}

var start = cst("2022-05-23 10:00") // a Monday

func newEnv(t testing.TB, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	e := &env{t: t, ctx: ctx, d: d, clock: c,
		svc: &appeal.Service{DB: d, Audit: log, Now: c.Now, Calendar: &calendar.Service{DB: d, Audit: log, Now: c.Now}},
		acc: &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}},
	}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	e.root = root
	e.S = e.unit(root, org.Subdistrict, "pinghu", 0, true)
	e.C1 = e.unit(e.S, org.Community, "c1", 1, true)
	e.C2 = e.unit(e.S, org.Community, "c2", 2, true)
	e.D1 = e.unit(e.S, org.Department, "d1", 1, true)
	e.D2 = e.unit(e.S, org.Department, "d2", 2, true)
	e.D3 = e.unit(e.S, org.Department, "d3", 3, false)
	e.T = e.unit(root, org.Subdistrict, "other", 1, true)
	e.C9 = e.unit(e.T, org.Community, "c9", 1, true)
	e.D9 = e.unit(e.T, org.Department, "d9", 1, true)

	e.leader = e.user("leader", access.Leader, e.S, 0)
	e.office = e.user("office", access.Office, e.S, 0)
	e.dept1 = e.user("dept1", access.Dept, e.D1, 0)
	e.dept2 = e.user("dept2", access.Dept, e.D2, 0)
	e.comm1 = e.user("comm1", access.Community, e.C1, 0)
	e.comm2 = e.user("comm2", access.Community, e.C2, 0)
	e.spec1 = e.user("spec1", access.Specialist, e.S, 0)
	e.spec2 = e.user("spec2", access.Specialist, e.S, 0)
	e.sysadmin = e.user("sysadmin", access.Sysadmin, root, 0)
	e.secadmin = e.user("secadmin", access.Secadmin, root, 0)
	e.auditor = e.user("auditor", access.Auditor, root, 0)
	e.expert = e.user("expert", access.Expert, e.S, 0)
	e.leader9 = e.user("leader9", access.Leader, e.T, 0)
	e.dept9 = e.user("dept9", access.Dept, e.D9, 0)

	e.E1 = e.enterprise(1, "一号精密", e.C1, e.D1.ID, e.spec1.UserID, true, "operating")
	e.E2 = e.enterprise(2, "二号电子", e.C1, e.D2.ID, e.spec2.UserID, true, "operating")
	e.E3 = e.enterprise(3, "三号物流", e.C2, e.D1.ID, e.spec1.UserID, false, "operating")
	e.E4 = e.enterprise(4, "四号材料", e.C1, 0, 0, true, "operating")
	e.E5 = e.enterprise(5, "五号机械", e.C1, 0, 0, true, "moved_out")
	e.E9 = e.enterprise(9, "九号远方", e.C9, e.D9.ID, 0, true, "operating")

	e.ent1 = e.user("ent1", access.Enterprise, e.C1, e.E1)
	e.ent2 = e.user("ent2", access.Enterprise, e.C1, e.E2)
	e.ent4 = e.user("ent4", access.Enterprise, e.C1, e.E4)
	return e
}

// unit inserts a unit directly, without audit: fixtures are not use cases.
func (e *env) unit(parent org.Unit, kind org.Kind, code string, sort int, active bool) org.Unit {
	e.t.Helper()
	u, err := org.Insert(e.ctx, e.d.W, org.Unit{Kind: kind, Name: "单位 " + code, Code: code, SortOrder: sort,
		Active: active, CreatedAt: e.clock.Now()}, parent)
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

// user creates an account and returns it acting, with the scope
// Authenticate would give; enterprise > 0 makes it speak for that
// enterprise.
func (e *env) user(username string, role access.Role, unit org.Unit, enterprise int64) access.Actor {
	e.t.Helper()
	pw := "Lakeside-lamp-2022!"
	u, err := e.acc.CreateAs(e.ctx, access.System("test"), account.Input{Username: &username, DisplayName: &username,
		Role: &role, UnitID: &unit.ID, Password: &pw})
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	if enterprise > 0 {
		e.exec("UPDATE users SET enterprise_id = $1 WHERE id = $2", enterprise, u.ID)
	}
	path, err := org.ActivePath(e.ctx, e.d.R, u.UnitID)
	if err != nil {
		e.t.Fatal(err)
	}
	return access.Actor{UserID: u.ID, Username: u.Username, Role: role, UnitID: u.UnitID, ScopePath: path, EnterpriseID: enterprise}
}

// enterprise inserts an enterprise with a valid credit code.
func (e *env) enterprise(n int, name string, community org.Unit, department, specialist int64, aboveScale bool, status string) int64 {
	e.t.Helper()
	code, err := pii.MakeCreditCode(fmt.Sprintf("914403000000000%02d", n))
	if err != nil {
		e.t.Fatal(err)
	}
	var id int64
	now := db.Micros(e.clock.Now())
	err = e.d.W.QueryRowContext(e.ctx, `INSERT INTO enterprises (name, credit_code, community_id, department_id, specialist_id,
		above_scale, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		name, code, community.ID, nullID(department), nullID(specialist), aboveScale, status, now).Scan(&id)
	if err != nil {
		e.t.Fatalf("enterprise %s: %v", name, err)
	}
	return id
}

// visit records a visit directly, as package enterprise would.
func (e *env) visit(enterprise int64, date string) int64 {
	e.t.Helper()
	var id int64
	err := e.d.W.QueryRowContext(e.ctx, `INSERT INTO visits (enterprise_id, visit_date, form, created_at)
		VALUES ($1, $2, 'on_site', $3) RETURNING id`, enterprise, date, db.Micros(e.clock.Now())).Scan(&id)
	if err != nil {
		e.t.Fatal(err)
	}
	return id
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func (e *env) exec(q string, args ...any) {
	e.t.Helper()
	if _, err := e.d.W.ExecContext(e.ctx, q, args...); err != nil {
		e.t.Fatalf("%s: %v", q, err)
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

// written is what a refused call must leave alone: the number of appeals,
// events and audit records, and every appeal's row.
func (e *env) written() string {
	e.t.Helper()
	rows, err := e.d.R.QueryContext(e.ctx, `SELECT id, state, COALESCE(department_id, 0), resolution_due_at,
		COALESCE(accepted_at, 0), COALESCE(resolved_at, 0), COALESCE(closed_at, 0), supervised, COALESCE(solved, ''),
		COALESCE(satisfaction, ''), resolution_note, reject_reason, reject_note, updated_at FROM appeals ORDER BY id`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	s := fmt.Sprintf("events %d audit %d", e.count("SELECT count(*) FROM appeal_events"), e.count("SELECT count(*) FROM audit_log"))
	for rows.Next() {
		var v [14]any
		ptrs := make([]any, len(v))
		for i := range v {
			ptrs[i] = &v[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			e.t.Fatal(err)
		}
		s += fmt.Sprintf("\n%v", v)
	}
	return s
}

func ptr[T any](v T) *T { return &v }

// in is a valid input for an appeal of enterprise, raised by staff.
func in(enterprise int64) appeal.Input {
	return appeal.Input{EnterpriseID: enterprise, Category: "space_land", Channel: appeal.ChannelHotline,
		Title: "厂房漏水需协调维修", Description: "雨季厂房屋顶漏水，影响生产。"}
}

// create raises an appeal, failing the test on an error.
func (e *env) create(a access.Actor, input appeal.Input) appeal.Appeal {
	e.t.Helper()
	p, err := e.svc.Create(e.ctx, a, input)
	if err != nil {
		e.t.Fatalf("create %+v as %s: %v", input, a.Username, err)
	}
	return p
}

// act applies an action, failing the test on an error.
func (e *env) act(a access.Actor, id int64, input appeal.ActionInput) appeal.Appeal {
	e.t.Helper()
	p, err := e.svc.Act(e.ctx, a, id, input)
	if err != nil {
		e.t.Fatalf("%s on %d as %s: %v", input.Action, id, a.Username, err)
	}
	return p
}

// at sets the clock to a CST time.
func (e *env) at(s string) { e.clock.Set(cst(s)) }

// ids lists the ids of appeals, sorted.
func ids(ps []appeal.Appeal) []int64 {
	out := []int64{}
	for _, p := range ps {
		out = append(out, p.ID)
	}
	slices.Sort(out)
	return out
}

// sorted returns ids sorted, never nil.
func sorted(ids ...int64) []int64 {
	out := append([]int64{}, ids...)
	slices.Sort(out)
	return out
}

// wantCode checks that err has code and, for invalid, exactly fields.
func wantCode(t testing.TB, what string, err error, code errs.Code, fields map[string]string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %s", what, code)
		return
	}
	e := errs.As(err)
	if e.Code != code {
		t.Errorf("%s: %v, want %s", what, err, code)
		return
	}
	if fields != nil && !maps.Equal(e.Fields, fields) {
		t.Errorf("%s: fields %v, want %v", what, e.Fields, fields)
	}
}

// tx runs fn in a transaction that is rolled back, for CreateTx checks.
func (e *env) tx(fn func(tx *sql.Tx) error) error {
	return e.d.Tx(e.ctx, fn)
}
