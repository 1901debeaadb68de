package account_test

import (
	"maps"
	"strconv"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

func TestChangePasswordRefused(t *testing.T) {
	type fields = map[string]string
	cases := []struct {
		name, current, next string
		want                fields
	}{
		{"wrong current password", "Not-the-password-7", "A-new-lakeside-9", fields{"current_password": "err.password_wrong"}},
		// Nothing tried, nothing counted: an empty password writes nothing.
		{"empty current password", "", "A-new-lakeside-9", fields{"current_password": "err.required"}},
		{"new one too short", testPassword, "short-1", fields{"new_password": "err.password_short"}},
		{"new one common", testPassword, "1qaz2wsx3edc", fields{"new_password": "err.password_common"}},
		{"new one built on the username", testPassword, "Zhang-forever-2022", fields{"new_password": "err.password_username"}},
		{"new one a digit run", testPassword, "0123456789", fields{"new_password": "err.password_common"}},
		{"same as the current one", testPassword, testPassword, fields{"new_password": "err.password_same"}},
		{"wrong current and weak new", "Not-the-password-7", "short", fields{"current_password": "err.password_wrong", "new_password": "err.password_short"}},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		zhang := e.user("zhang", access.Community, e.root, "")
		tok, _ := e.login("zhang", account.WebSession)
		e.login("zhang", account.APISession)
		a, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			row, records := e.row(zhang.ID), e.auditCount()
			err := e.acc.ChangePassword(e.ctx, a, account.Proof{Password: c.current}, c.next)
			if er := errs.As(err); err == nil || er.Code != errs.Invalid || !maps.Equal(er.Fields, c.want) {
				t.Errorf("%s: %v; want invalid with %v", c.name, err, c.want)
			}
			if c.current != testPassword && c.current != "" {
				// A wrong current password is audited as a failure and
				// counts towards the lockout, like a failed login.
				rs := e.records(records)
				if len(rs) != 1 || rs[0].Action != "user.password" || rs[0].Result != "failure" {
					t.Errorf("%s: audit records %+v; want one failed user.password", c.name, rs)
				}
				if e.sessions(zhang.ID) != 2 {
					t.Errorf("%s: sessions changed", c.name)
				}
				continue
			}
			if e.row(zhang.ID) != row || e.auditCount() != records || e.sessions(zhang.ID) != 2 {
				t.Errorf("%s: a refused change wrote something", c.name)
			}
		}
	})
}

func TestChangePassword(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		zhang := e.user("zhang", access.Community, e.root, "")
		other := e.user("lisi", access.Community, e.root, "")
		tok, sess := e.login("zhang", account.WebSession)
		api, _ := e.login("zhang", account.APISession)
		web2, _ := e.login("zhang", account.WebSession)
		otherTok, _ := e.login("lisi", account.WebSession)
		a, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession)
		if err != nil {
			t.Fatal(err)
		}
		e.clock.Advance(10 * time.Minute) // within the idle timeout
		const next = "A-new-lakeside-9"
		before := e.auditCount()
		if err := e.acc.ChangePassword(e.ctx, a, account.Proof{Password: testPassword}, next); err != nil {
			t.Fatal(err)
		}
		rs := e.records(before)
		if len(rs) != 1 || rs[0].Action != "user.password" || rs[0].EntityID != strconv.FormatInt(zhang.ID, 10) || rs[0].Actor != "zhang" {
			t.Errorf("audit records %+v; want one user.password", rs)
		}
		for _, c := range []struct {
			name, token, kind string
			ok                bool
		}{
			{"the session that changed it", tok, account.WebSession, true},
			{"another web session", web2, account.WebSession, false},
			{"an API session", api, account.APISession, false},
			{"another user's session", otherTok, account.WebSession, true},
		} {
			if _, _, err := e.acc.Authenticate(e.ctx, c.token, c.kind); (err == nil) != c.ok {
				t.Errorf("%s: %v; want it to hold: %v", c.name, err, c.ok)
			}
		}
		if n := e.sessions(zhang.ID); n != 1 {
			t.Errorf("%d sessions left, want only %s", n, sess.ID)
		}
		if e.sessions(other.ID) != 1 {
			t.Error("another user's session ended")
		}
		u, err := account.GetByID(e.ctx, d.R, zhang.ID)
		if err != nil || !u.PasswordChangedAt.Equal(e.clock.Now()) {
			t.Errorf("password changed at %v, want %v (%v)", u.PasswordChangedAt, e.clock.Now(), err)
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", testPassword, account.WebSession); errs.CodeOf(err) != errs.Unauthenticated {
			t.Errorf("the old password still signs in: %v", err)
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", next, account.WebSession); err != nil {
			t.Errorf("the new password does not sign in: %v", err)
		}
	})
}

func TestBootstrap(t *testing.T) {
	cases := []struct {
		name      string
		password  string
		generated bool
	}{
		{"password generated", "", true},
		{"password from the environment", "Lakeside-lamp-2026", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				e := newEnv(t, d, testPolicy)
				created, generated, err := e.acc.Bootstrap(e.ctx, c.password)
				if err != nil || !created || (generated != "") != c.generated {
					t.Fatalf("Bootstrap = %v, %q, %v", created, generated, err)
				}
				password := c.password
				if c.generated {
					password = generated
					if msg := account.CheckPassword(generated, "admin"); msg != "" || len(generated) < 20 {
						t.Errorf("generated password %q is weak: %s", generated, msg)
					}
				}
				// The password is taken; an officer then enrols an authenticator.
				in, err := e.acc.Login(e.ctx, access.Actor{}, account.Credentials{Username: "admin", Password: password}, account.WebSession)
				if err != nil || !in.Pending || !in.Enrol {
					t.Fatalf("admin's password: %+v, %v; want a pending login that enrols", in, err)
				}
				u := in.User
				if u.Role != access.Sysadmin || u.UnitID != e.root.ID || !u.Active {
					t.Errorf("admin is %+v; want an active sysadmin at the root", u)
				}
				rs := e.records(0)
				if len(rs) != 2 || rs[0].Action != "user.create" || rs[0].Actor != "system:bootstrap" || rs[0].ActorID != 0 {
					t.Errorf("audit records %+v; want the creation by system:bootstrap, then the login", rs)
				}

				// Once there is an account, Bootstrap does nothing.
				for _, again := range []string{"", "Another-strong-pass-1", "weak"} {
					records := e.auditCount()
					created, generated, err := e.acc.Bootstrap(e.ctx, again)
					if created || generated != "" || err != nil {
						t.Errorf("second Bootstrap(%q) = %v, %q, %v; want nothing", again, created, generated, err)
					}
					if n, _ := account.CountUsers(e.ctx, d.R); n != 1 || e.auditCount() != records {
						t.Errorf("second Bootstrap(%q) wrote something: %d users", again, n)
					}
				}
				if in, err := e.acc.Login(e.ctx, access.Actor{}, account.Credentials{Username: "admin", Password: password}, account.WebSession); err != nil || !in.Pending {
					t.Errorf("a second Bootstrap changed the password: %v", err)
				}
			})
		})
	}
}

func TestBootstrapRefusesAWeakPassword(t *testing.T) {
	cases := []struct{ password, msg string }{
		{"short", "err.password_short"},
		{"admin12345", "err.password_common"},
		{"my-admin-password", "err.password_username"},
		{"aaaaaaaaaaaa", "err.password_common"},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		for _, c := range cases {
			created, generated, err := e.acc.Bootstrap(e.ctx, c.password)
			if er := errs.As(err); err == nil || created || generated != "" || er.Code != errs.Invalid ||
				!maps.Equal(er.Fields, map[string]string{"PINGHU_ADMIN_PASSWORD": c.msg}) {
				t.Errorf("Bootstrap(%q) = %v, %q, %v; want invalid PINGHU_ADMIN_PASSWORD %s", c.password, created, generated, err, c.msg)
			}
		}
		if n, _ := account.CountUsers(e.ctx, d.R); n != 0 || e.auditCount() != 0 {
			t.Errorf("refused bootstraps wrote %d users, %d audit records", n, e.auditCount())
		}
	})
}

func TestBootstrapLeavesAnExistingInstallationAlone(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		e.user("zhang", access.Community, e.root, "")
		created, generated, err := e.acc.Bootstrap(e.ctx, "")
		if created || generated != "" || err != nil {
			t.Fatalf("Bootstrap = %v, %q, %v; want nothing", created, generated, err)
		}
		if _, err := account.GetByUsername(e.ctx, d.R, "admin"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("admin made anyway: %v", err)
		}
	})
}

func TestChangePasswordWrongCurrentLocks(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		e.user("zhang", access.Community, e.root, "")
		tok, _ := e.login("zhang", account.WebSession)
		a, _, err := e.acc.Authenticate(e.ctx, tok, account.WebSession)
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < testPolicy.MaxFailures; i++ {
			_ = e.acc.ChangePassword(e.ctx, a, account.Proof{Password: "Not-the-password-7"}, "A-new-lakeside-9")
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", testPassword, account.WebSession); errs.As(err).Message != "err.login_locked" {
			t.Fatalf("after %d wrong current passwords, login = %v; want locked", testPolicy.MaxFailures, err)
		}
	})
}
