package account_test

import (
	"strconv"
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

// attempt is one login and what it must lead to.
type attempt struct {
	name     string
	ip       string
	username string
	password string
	kind     string
	code     errs.Code // "" for success
	message  string
	result   string // of the audit record
	actor    string // the record's actor
	userID   int64  // the record's actor and entity, 0 for none
}

// try makes the attempt and checks its answer and its one audit record.
func (e *env) try(t *testing.T, a attempt) (string, account.Session) {
	t.Helper()
	before := e.auditCount()
	kind := a.kind
	if kind == "" {
		kind = account.WebSession
	}
	tok, sess, u, err := e.passwordLogin(access.Actor{IP: a.ip}, a.username, a.password, kind)
	if a.code == "" {
		if err != nil || tok == "" || sess.UserID != a.userID || u.ID != a.userID || sess.Kind != kind {
			t.Fatalf("%s: token %q session %+v user %d, %v; want a session of user %d", a.name, tok, sess, u.ID, err, a.userID)
		}
	} else {
		er := errs.As(err)
		if err == nil || er.Code != a.code || er.Message != a.message || tok != "" {
			t.Fatalf("%s: token %q, %v; want %s %s", a.name, tok, err, a.code, a.message)
		}
	}
	rs := e.records(before)
	if len(rs) != 1 {
		t.Fatalf("%s: %d audit records, want exactly 1", a.name, len(rs))
	}
	r := rs[0]
	wantEntity := ""
	if a.userID != 0 {
		wantEntity = strconv.FormatInt(a.userID, 10)
	}
	if r.Action != "login" || r.Entity != "user" || r.Result != a.result || r.Actor != a.actor || r.ActorID != a.userID ||
		r.EntityID != wantEntity || r.IP != a.ip {
		t.Errorf("%s: audit record %+v; want result %q by %q (%d) from %q", a.name, r, a.result, a.actor, a.userID, a.ip)
	}
	return tok, sess
}

func TestLogin(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		c1 := e.unit(e.unit(e.root, "subdistrict", "s"), "community", "c1")
		zhang := e.user("zhang", access.Community, c1, "")
		li := e.user("lisi", access.Community, c1, "")
		if _, err := e.acc.Update(e.ctx, e.actor(e.user("sysroot", access.Sysadmin, e.root, "")), li.ID, account.Input{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		const ip = "198.51.100.7"
		for _, a := range []attempt{
			{"right password", ip, "zhang", testPassword, "", "", "", audit.OK, "zhang", zhang.ID},
			{"an API session", ip, "zhang", testPassword, account.APISession, "", "", audit.OK, "zhang", zhang.ID},
			{"username typed in capitals with spaces", ip, "  ZHANG ", testPassword, "", "", "", audit.OK, "zhang", zhang.ID},
			{"wrong password", ip, "zhang", testPassword + "x", "", errs.Unauthenticated, "err.login_failed", audit.Failure, "zhang", zhang.ID},
			{"empty password", ip, "zhang", "", "", errs.Unauthenticated, "err.login_failed", audit.Failure, "zhang", zhang.ID},
			{"unknown user", ip, "nobody", testPassword, "", errs.Unauthenticated, "err.login_failed", audit.Failure, "nobody", 0},
			{"inactive user, right password", ip, "lisi", testPassword, "", errs.Unauthenticated, "err.login_failed", "inactive", "lisi", li.ID},
			{"inactive user, wrong password", ip, "lisi", "not-the-password-1", "", errs.Unauthenticated, "err.login_failed", audit.Failure, "lisi", li.ID},
			{"right password again", "", "zhang", testPassword, "", "", "", audit.OK, "zhang", zhang.ID},
		} {
			e.clock.Advance(time.Second)
			tok, sess := e.try(t, a)
			if a.code != "" {
				continue
			}
			// The session is stored under the token's hash, with the
			// policy's absolute timeout, and the token signs in.
			if sess.ID == tok || len(sess.ID) != 64 || !sess.CreatedAt.Equal(e.clock.Now()) || !sess.LastSeenAt.Equal(e.clock.Now()) ||
				!sess.ExpiresAt.Equal(e.clock.Now().Add(testPolicy.AbsoluteTimeout)) || sess.IP != a.ip {
				t.Errorf("%s: session %+v", a.name, sess)
			}
			if n := e.count("SELECT count(*) FROM sessions WHERE id = $1 AND kind = $2", sess.ID, sess.Kind); n != 1 {
				t.Errorf("%s: session not stored", a.name)
			}
			if act, _, err := e.acc.Authenticate(e.ctx, tok, sess.Kind); err != nil || act.UserID != a.userID {
				t.Errorf("%s: the new token does not authenticate: %v", a.name, err)
			}
		}
		if n := e.count("SELECT count(*) FROM sessions"); n != 4 {
			t.Errorf("%d sessions, want one per successful login (4)", n)
		}
	})
}

func TestLockout(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy) // 3 failures lock for 15 minutes
		zhang := e.user("zhang", access.Community, e.root, "")
		wrong := "Not-the-password-7"
		ok := attempt{"right password", "", "zhang", testPassword, "", "", "", audit.OK, "zhang", zhang.ID}
		bad := attempt{"wrong password", "", "zhang", wrong, "", errs.Unauthenticated, "err.login_failed", audit.Failure, "zhang", zhang.ID}
		locked := attempt{"locked", "", "zhang", testPassword, "", errs.Unauthenticated, "err.login_locked", "locked", "zhang", zhang.ID}
		lockedWrong := locked
		lockedWrong.password = wrong
		stored := func() account.User {
			u, err := account.GetByID(e.ctx, d.R, zhang.ID)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}

		// Failures below the limit are forgotten by a success.
		e.try(t, bad)
		e.try(t, bad)
		if u := stored(); u.FailedLogins != 2 || !u.LockedUntil.IsZero() {
			t.Fatalf("after 2 failures: %d failures, locked until %v", u.FailedLogins, u.LockedUntil)
		}
		e.try(t, ok)
		if u := stored(); u.FailedLogins != 0 {
			t.Fatalf("a success left %d failures", u.FailedLogins)
		}

		// The third failure in a row locks.
		e.try(t, bad)
		e.try(t, bad)
		lockedAt := e.clock.Now()
		before := e.auditCount()
		e.try(t, bad)
		if r := e.records(before)[0]; r.After == "" {
			t.Error("the locking failure does not record until when")
		}
		if u := stored(); !u.LockedUntil.Equal(lockedAt.Add(testPolicy.LockFor)) || !u.Locked(e.clock.Now()) {
			t.Fatalf("after 3 failures: locked until %v", u.LockedUntil)
		}
		e.try(t, locked)
		e.try(t, lockedWrong) // does not count, and does not extend the lock
		e.clock.Set(lockedAt.Add(testPolicy.LockFor - time.Second))
		e.try(t, locked)
		if u := stored(); !u.LockedUntil.Equal(lockedAt.Add(testPolicy.LockFor)) || u.FailedLogins != 0 {
			t.Fatalf("attempts while locked changed the lock: until %v, %d failures", u.LockedUntil, u.FailedLogins)
		}

		// The lock ends on time; the count starts afresh.
		e.clock.Set(lockedAt.Add(testPolicy.LockFor))
		e.try(t, bad)
		e.try(t, ok)
		if u := stored(); u.FailedLogins != 0 || u.Locked(e.clock.Now()) {
			t.Fatalf("after the lock: %d failures, locked %v", u.FailedLogins, u.LockedUntil)
		}
	})
}

func TestUnlock(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		s := e.unit(e.root, "subdistrict", "s")
		c1, c2 := e.unit(s, "community", "c1"), e.unit(s, "community", "c2")
		zhang := e.user("zhang", access.Community, c1, "")
		sysroot := e.actor(e.user("sysroot", access.Sysadmin, e.root, ""))
		sysc2 := e.actor(e.user("sysc2", access.Sysadmin, c2, ""))
		secroot := e.actor(e.user("secroot", access.Secadmin, e.root, ""))
		for range testPolicy.MaxFailures {
			_, _, _, _ = e.passwordLogin(access.Actor{}, "zhang", "Not-the-password-7", account.WebSession)
		}
		for _, a := range []access.Actor{sysc2, secroot} {
			before := e.auditCount()
			if err := e.acc.Unlock(e.ctx, a, zhang.ID); errs.CodeOf(err) != errs.NotFound || e.auditCount() != before {
				t.Errorf("%s unlocks: %v; want not_found and nothing written", a.Username, err)
			}
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", testPassword, account.WebSession); errs.As(err).Message != "err.login_locked" {
			t.Fatalf("still locked: %v", err)
		}
		before := e.auditCount()
		if err := e.acc.Unlock(e.ctx, sysroot, zhang.ID); err != nil {
			t.Fatal(err)
		}
		if rs := e.records(before); len(rs) != 1 || rs[0].Action != "user.unlock" || rs[0].EntityID != strconv.FormatInt(zhang.ID, 10) {
			t.Errorf("unlock records %+v", rs)
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", testPassword, account.WebSession); err != nil {
			t.Fatalf("after unlock: %v", err)
		}
	})
}

// TestSysadminCannotUnlockOtherOfficers: Update refuses to let the
// sysadmin administer the other two officers; Unlock must too, or the
// sysadmin can guess the auditor's password without the lockout ever
// holding (fail, unlock, fail, unlock…).
func TestSysadminCannotUnlockOtherOfficers(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		sysroot := e.actor(e.user("sysroot", access.Sysadmin, e.root, ""))
		for _, role := range []access.Role{access.Auditor, access.Secadmin, access.Sysadmin} {
			other := e.user("other-"+string(role), role, e.root, "")
			for range testPolicy.MaxFailures {
				_, _, _, _ = e.passwordLogin(access.Actor{}, other.Username, "Not-the-password-7", account.WebSession)
			}
			before := e.auditCount()
			if err := e.acc.Unlock(e.ctx, sysroot, other.ID); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("the sysadmin unlocks a %s: %v; want not_found", role, err)
			}
			if e.auditCount() != before {
				t.Errorf("unlocking a %s wrote an audit record", role)
			}
		}
	})
}

func TestLoginAddressLimit(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		p := testPolicy
		p.MaxFailures, p.IPFailures, p.IPWindow = 100, 3, 15*time.Minute
		e := newEnv(t, d, p)
		zhang := e.user("zhang", access.Community, e.root, "")
		li := e.user("lisi", access.Community, e.root, "")
		const a, b = "203.0.113.1", "203.0.113.2"
		first := e.clock.Now()
		fail := func(name, user string, id int64) attempt {
			return attempt{name, a, user, "Not-the-password-7", "", errs.Unauthenticated, "err.login_failed", audit.Failure, user, id}
		}
		limited := func(name, user string) attempt {
			// Refused before the account is even looked up: no user id.
			return attempt{name, a, user, testPassword, "", errs.RateLimited, "err.login_rate_limited", "rate_limited", user, 0}
		}
		ok := func(name, ip, user string, id int64) attempt {
			return attempt{name, ip, user, testPassword, "", "", "", audit.OK, user, id}
		}
		e.try(t, fail("first failure", "zhang", zhang.ID))
		e.clock.Advance(time.Minute)
		e.try(t, fail("second failure, unknown user", "ghost", 0))
		e.clock.Advance(time.Minute)
		// Other results from the address do not count towards the limit.
		e.try(t, ok("a success in between", a, "lisi", li.ID))
		e.try(t, fail("third failure, another user", "lisi", li.ID))
		e.try(t, limited("right password from a limited address", "zhang"))
		e.try(t, limited("another user from a limited address", "lisi"))
		e.try(t, ok("another address", b, "zhang", zhang.ID))
		e.try(t, ok("no address known", "", "zhang", zhang.ID))

		// The window slides: at 15 minutes after the first failure it
		// still counts; a moment later it has left the window.
		e.clock.Set(first.Add(p.IPWindow))
		e.try(t, limited("the first failure still in the window", "zhang"))
		e.clock.Set(first.Add(p.IPWindow + time.Second))
		e.try(t, ok("the first failure out of the window", a, "zhang", zhang.ID))
		if n, err := e.log.CountSince(e.ctx, a, "login", audit.Failure, first); err != nil || n != 3 {
			t.Errorf("failures from %s: %d, %v; the refused attempts must not count as failures", a, n, err)
		}
	})
}

func TestAuthenticate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		s := e.unit(e.root, "subdistrict", "s")
		c1 := e.unit(s, "community", "c1")
		zhang := e.user("zhang", access.Community, c1, "13800138000")
		web, webSess := e.login("zhang", account.WebSession)
		api, apiSess := e.login("zhang", account.APISession)
		cases := []struct {
			name, token, kind string
			session           string // "" for a refusal
		}{
			{"web token as web", web, account.WebSession, webSess.ID},
			{"API token as API", api, account.APISession, apiSess.ID},
			{"web token as API", web, account.APISession, ""},
			{"API token as web", api, account.WebSession, ""},
			{"empty", "", account.WebSession, ""},
			{"unknown", "bm90IGEgdG9rZW4gYXQgYWxsIG5vdCBhdCBhbGwgbm90IGF0IGFsbA", account.WebSession, ""},
			{"too long", web + web + web + web, account.WebSession, ""},
			{"the stored id is not a token", webSess.ID, account.WebSession, ""},
			{"a token with a character changed", web[:len(web)-1] + string(rune(web[len(web)-1])^1), account.WebSession, ""},
		}
		for _, c := range cases {
			a, u, err := e.acc.Authenticate(e.ctx, c.token, c.kind)
			if c.session == "" {
				if errs.CodeOf(err) != errs.Unauthenticated || a.UserID != 0 {
					t.Errorf("%s: %+v, %v; want unauthenticated", c.name, a, err)
				}
				continue
			}
			want := access.Actor{UserID: zhang.ID, Username: "zhang", Name: zhang.DisplayName, Role: access.Community,
				UnitID: c1.ID, ScopePath: c1.Path, SessionID: c.session}
			if err != nil || a != want || u.ID != zhang.ID {
				t.Errorf("%s: %+v, %v; want %+v", c.name, a, err, want)
			}
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	idle, absolute := testPolicy.IdleTimeout, testPolicy.AbsoluteTimeout
	cases := []struct {
		name    string
		touches []time.Duration // Authenticate at these offsets from login, each must pass
		at      time.Duration   // then at this offset
		expired bool
	}{
		{"just before the idle timeout", nil, idle - time.Second, false},
		{"at the idle timeout", nil, idle, true},
		{"long idle", nil, 3 * idle, true},
		{"a touch after a minute restarts the idle time", []time.Duration{time.Minute}, time.Minute + idle - time.Second, false},
		{"idle after the last touch", []time.Duration{time.Minute}, time.Minute + idle, true},
		{"a use within the first minute is not a touch", []time.Duration{59 * time.Second}, idle, true},
		{"used all day, just before the absolute timeout", everyTwentyMinutes(absolute), absolute - time.Second, false},
		{"used all day, at the absolute timeout", everyTwentyMinutes(absolute), absolute, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				e := newEnv(t, d, testPolicy)
				e.user("zhang", access.Community, e.root, "")
				tok, sess := e.login("zhang", account.WebSession)
				t0 := e.clock.Now()
				for _, off := range c.touches {
					e.clock.Set(t0.Add(off))
					if _, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession); err != nil {
						t.Fatalf("at +%v: %v", off, err)
					}
				}
				e.clock.Set(t0.Add(c.at))
				_, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession)
				if !c.expired {
					if err != nil {
						t.Fatalf("at +%v: %v", c.at, err)
					}
					return
				}
				if er := errs.As(err); err == nil || er.Code != errs.Unauthenticated || er.Message != "err.session_expired" {
					t.Fatalf("at +%v: %v; want err.session_expired", c.at, err)
				}
				if n := e.count("SELECT count(*) FROM sessions WHERE id = $1", sess.ID); n != 0 {
					t.Error("the expired session is still stored")
				}
				if _, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession); errs.CodeOf(err) != errs.Unauthenticated {
					t.Errorf("after expiry: %v", err)
				}
			})
		})
	}
}

func everyTwentyMinutes(until time.Duration) []time.Duration {
	var out []time.Duration
	for d := 20 * time.Minute; d < until; d += 20 * time.Minute {
		out = append(out, d)
	}
	return out
}

func TestSessionTouch(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		e.user("zhang", access.Community, e.root, "")
		tok, sess := e.login("zhang", account.WebSession)
		t0 := e.clock.Now()
		lastSeen := func() time.Time {
			var us int64
			if err := d.R.QueryRow("SELECT last_seen_at FROM sessions WHERE id = $1", sess.ID).Scan(&us); err != nil {
				t.Fatal(err)
			}
			return db.Time(us)
		}
		for _, c := range []struct {
			at   time.Duration
			want time.Duration // last_seen_at after, from t0
		}{
			{0, 0},
			{30 * time.Second, 0},
			{59 * time.Second, 0},
			{time.Minute, time.Minute},
			{time.Minute + 30*time.Second, time.Minute},
			{2*time.Minute + time.Second, 2*time.Minute + time.Second},
		} {
			e.clock.Set(t0.Add(c.at))
			if _, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession); err != nil {
				t.Fatalf("at +%v: %v", c.at, err)
			}
			if got := lastSeen(); !got.Equal(t0.Add(c.want)) {
				t.Errorf("at +%v: last seen %v, want +%v", c.at, got.Sub(t0), c.want)
			}
		}
	})
}

func TestAuthenticateReadsTheAccountAfresh(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		s := e.unit(e.root, "subdistrict", "s")
		c1, c2 := e.unit(s, "community", "c1"), e.unit(s, "community", "c2")
		zhang := e.user("zhang", access.Community, c1, "")
		e.user("nounit", access.Leader, org.Unit{}, "")
		secroot := e.actor(e.user("secroot", access.Secadmin, e.root, ""))
		tok, _ := e.login("zhang", account.WebSession)
		noUnitTok, _ := e.login("nounit", account.WebSession)
		auth := func(tok string) (access.Actor, error) {
			t.Helper()
			e.clock.Advance(time.Second)
			a, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession)
			return a, err
		}

		if a, err := auth(noUnitTok); err != nil || a.ScopePath != "" || a.HasScope() {
			t.Errorf("a user without a unit: %+v, %v; want no scope", a, err)
		}

		// A move to another unit is seen at once.
		if _, err := e.acc.Update(e.ctx, secroot, zhang.ID, account.Input{UnitID: &c2.ID}); err != nil {
			t.Fatal(err)
		}
		if a, err := auth(tok); err != nil || a.UnitID != c2.ID || a.ScopePath != c2.Path {
			t.Errorf("after a move: %+v, %v; want the scope of c2", a, err)
		}

		// A deactivated unit gives no scope, but the session holds.
		if _, err := e.units.Update(e.ctx, e.unitAdmin, c2.ID, org.Input{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if a, err := auth(tok); err != nil || a.UnitID != c2.ID || a.ScopePath != "" || a.HasScope() {
			t.Errorf("unit deactivated: %+v, %v; want an actor with no scope", a, err)
		}

		// A disabled account is refused even with a live session.
		if _, err := d.W.Exec("UPDATE users SET active = FALSE WHERE id = $1", zhang.ID); err != nil {
			t.Fatal(err)
		}
		if a, err := auth(tok); errs.CodeOf(err) != errs.Unauthenticated || a.UserID != 0 {
			t.Errorf("disabled user: %+v, %v; want unauthenticated", a, err)
		}
	})
}
