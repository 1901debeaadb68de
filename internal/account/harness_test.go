package account_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// testPassword satisfies the policy and contains none of the usernames.
const testPassword = "Lakeside-lamp-2022!"

// clock is the test's injected time.
type clock = dbtest.Clock

var start = time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)

// testPolicy is the default policy with the address limit off, so that
// tests of other rules do not trip it.
var testPolicy = account.Policy{
	IdleTimeout:     30 * time.Minute,
	AbsoluteTimeout: 12 * time.Hour,
	MaxFailures:     3,
	LockFor:         15 * time.Minute,
	IPFailures:      0,
	IPWindow:        15 * time.Minute,
}

type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	clock *clock
	log   *audit.Log
	acc   *account.Service
	units *org.Service
	root  org.Unit
	// unitAdmin creates units: a sysadmin actor with the whole tree in scope.
	unitAdmin access.Actor
	// auth holds the authenticators the logins enrolled; secrets their
	// secrets, for tests that make codes of their own.
	auth    *dbtest.Authenticators
	secrets map[string]string
}

func newEnv(t *testing.T, d *db.DB, p account.Policy) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, ctx: ctx, d: d, clock: c, log: log, root: root,
		acc: &account.Service{DB: d, Audit: log, Now: c.Now, Policy: p,
			Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}},
		units:     &org.Service{DB: d, Audit: log, Now: c.Now},
		unitAdmin: access.Actor{Username: "unit-setup", Role: access.Sysadmin, UnitID: root.ID, ScopePath: root.Path},
		auth:      dbtest.NewAuthenticators(c), secrets: map[string]string{},
	}
}

func ptr[T any](v T) *T { return &v }

func (e *env) unit(parent org.Unit, kind org.Kind, code string) org.Unit {
	e.t.Helper()
	u, err := e.units.Create(e.ctx, e.unitAdmin, org.Input{ParentID: &parent.ID, Kind: &kind, Name: ptr("单位 " + code), Code: &code})
	if err != nil {
		e.t.Fatalf("unit %s: %v", code, err)
	}
	return u
}

// user creates an account as the system; a zero unit leaves it without one.
func (e *env) user(username string, role access.Role, unit org.Unit, phone string) account.User {
	e.t.Helper()
	in := account.Input{Username: &username, DisplayName: ptr("用户 " + username), Role: &role, Password: ptr(testPassword)}
	if unit.ID > 0 {
		in.UnitID = &unit.ID
	}
	if phone != "" {
		in.Phone = &phone
	}
	u, err := e.acc.CreateAs(e.ctx, access.System("test"), in)
	if err != nil {
		e.t.Fatalf("user %s: %v", username, err)
	}
	return u
}

// actor is u acting, with the scope Authenticate would give.
func (e *env) actor(u account.User) access.Actor {
	e.t.Helper()
	a, err := account.ActorFor(e.ctx, e.d.R, u)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// passwordLogin is a login with a password only, the whole login of an
// account without two-factor login.
func (e *env) passwordLogin(who access.Actor, username, password, kind string) (string, account.Session, account.User, error) {
	in, err := e.acc.Login(e.ctx, who, account.Credentials{Username: username, Password: password}, kind)
	if err == nil && in.Pending {
		e.t.Fatalf("login %s: pending a second factor", username)
	}
	return in.Token, in.Session, in.User, err
}

// login signs u in and returns the token and session: with a one-time
// code when the account has two-factor login, enrolling an authenticator
// through a web login the first time a role needs one.
func (e *env) login(username, kind string) (string, account.Session) {
	e.t.Helper()
	who := access.Actor{IP: "192.0.2.1"}
	c := account.Credentials{Username: username, Password: testPassword}
	if e.auth.Has(username) {
		c.Code = e.auth.Code(e.t, username)
	}
	in, err := e.acc.Login(e.ctx, who, c, kind)
	if errs.CodeOf(err) == errs.EnrolmentRequired {
		e.login(username, account.WebSession)
		return e.login(username, kind)
	}
	if err == nil && in.Pending {
		p, perr := e.acc.PendingLogin(e.ctx, in.Token)
		if perr != nil || !p.Enrol {
			e.t.Fatalf("login %s: pending %+v, %v; the test knows no authenticator of it", username, p, perr)
		}
		e.auth.Enrol(username, p.Enrolment.Secret)
		e.secrets[username] = p.Enrolment.Secret
		in, err = e.acc.FinishLogin(e.ctx, who, in.Token, e.auth.Code(e.t, username))
	}
	if err != nil {
		e.t.Fatalf("login %s: %v", username, err)
	}
	return in.Token, in.Session
}

// secret is the secret of the authenticator username's login enrolled.
func (e *env) secret(t *testing.T, username string) string {
	t.Helper()
	if e.secrets[username] == "" {
		t.Fatalf("%s enrolled no authenticator", username)
	}
	return e.secrets[username]
}

func (e *env) count(q string, args ...any) int {
	e.t.Helper()
	var n int
	if err := e.d.R.QueryRowContext(e.ctx, q, args...).Scan(&n); err != nil {
		e.t.Fatalf("%s: %v", q, err)
	}
	return n
}

func (e *env) auditCount() int { return e.count("SELECT count(*) FROM audit_log") }

func (e *env) sessions(userID int64) int {
	return e.count("SELECT count(*) FROM sessions WHERE user_id = $1", userID)
}

// record is an audit record as these tests look at it.
type record struct {
	Seq                      int64
	ActorID                  int64 // 0 when NULL
	Actor, Role, Action      string
	Entity, EntityID, Result string
	IP, Before, After        string
}

// records returns the audit records after the first n, oldest first.
func (e *env) records(n int) []record {
	e.t.Helper()
	rows, err := e.d.R.QueryContext(e.ctx, `SELECT seq, actor_id, actor, role, action, entity, entity_id, result, ip,
		before_data, after_data FROM audit_log ORDER BY seq`)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []record
	for i := 0; rows.Next(); i++ {
		var r record
		var actorID sql.NullInt64
		if err := rows.Scan(&r.Seq, &actorID, &r.Actor, &r.Role, &r.Action, &r.Entity, &r.EntityID, &r.Result, &r.IP,
			&r.Before, &r.After); err != nil {
			e.t.Fatal(err)
		}
		r.ActorID = actorID.Int64
		if i >= n {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// row is the stored state of one account, password hash included, to
// show that a refused change left it alone.
func (e *env) row(id int64) string {
	e.t.Helper()
	var s string
	err := e.d.R.QueryRowContext(e.ctx, `SELECT username || '|' || display_name || '|' || phone || '|' || role || '|' ||
		COALESCE(CAST(unit_id AS TEXT), '-') || '|' || password_hash || '|' || CAST(active AS TEXT) || '|' ||
		CAST(failed_logins AS TEXT) || '|' || COALESCE(CAST(locked_until AS TEXT), '-') || '|' || CAST(updated_at AS TEXT)
		FROM users WHERE id = $1`, id).Scan(&s)
	if err != nil {
		e.t.Fatalf("user %d: %v", id, err)
	}
	return s
}
