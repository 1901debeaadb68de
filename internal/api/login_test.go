package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestLogin(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.unit(e.root.ID, "subdistrict", "S1")
		e.user("wang.li", access.Community, c.ID, "13800138000")

		cases := []struct {
			name   string
			body   any
			ctype  string
			status int
			code   string
			fields []string
		}{
			{"ok", map[string]string{"username": "wang.li", "password": testPassword}, "", http.StatusOK, "", nil},
			{"username is case-insensitive", map[string]string{"username": "Wang.Li", "password": testPassword}, "", http.StatusOK, "", nil},
			{"wrong password", map[string]string{"username": "wang.li", "password": "not-the-password"}, "", http.StatusUnauthorized, "unauthenticated", nil},
			{"unknown user", map[string]string{"username": "nobody", "password": testPassword}, "", http.StatusUnauthorized, "unauthenticated", nil},
			{"unknown field", map[string]string{"username": "wang.li", "password": testPassword, "remember": "yes"}, "", http.StatusBadRequest, "malformed", []string{"remember"}},
			{"malformed JSON", rawBody(`{"username": "wang.li", "password": `), "", http.StatusBadRequest, "malformed", nil},
			{"trailing data", rawBody(`{"username":"wang.li","password":"x"} {}`), "", http.StatusBadRequest, "malformed", nil},
			{"wrong type", rawBody(`{"username":"wang.li","password":12345}`), "", http.StatusBadRequest, "malformed", []string{"password"}},
			{"empty body", rawBody(""), "", http.StatusBadRequest, "malformed", nil},
			{"body over 1 MiB", rawBody(`{"username":"wang.li","password":"` + strings.Repeat("x", 1<<20) + `"}`), "", http.StatusBadRequest, "malformed", nil},
			{"form instead of JSON", rawBody("username=wang.li"), "application/x-www-form-urlencoded", http.StatusBadRequest, "malformed", nil},
			{"missing password", map[string]string{"username": "wang.li"}, "", http.StatusUnprocessableEntity, "invalid", []string{"password"}},
			{"nothing given", map[string]string{}, "", http.StatusUnprocessableEntity, "invalid", []string{"username", "password"}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				var r *response
				if tc.ctype != "" {
					r = e.doType(http.MethodPost, "/api/v1/login", tc.ctype, string(tc.body.(rawBody)))
				} else {
					r = e.do(http.MethodPost, "/api/v1/login", "", tc.body)
				}
				if tc.status != http.StatusOK {
					r.wantError(tc.status, tc.code, tc.fields...)
					return
				}
				r.want(http.StatusOK)
				if r.header.Get("Cache-Control") != "no-store" {
					t.Errorf("a token answer may be cached: Cache-Control %q", r.header.Get("Cache-Control"))
				}
				wantExp := e.clock.Now().Add(account.DefaultPolicy.AbsoluteTimeout)
				if exp, err := time.Parse(time.RFC3339Nano, r.json["expires_at"].(string)); err != nil || !exp.Equal(wantExp) {
					t.Errorf("expires_at = %v, want %v", r.json["expires_at"], wantExp)
				}
				u := r.json["user"].(map[string]any)
				if u["username"] != "wang.li" || u["phone"] != "138****8000" || u["unit_name"] != c.Name || u["role"] != "community" {
					t.Errorf("user = %v", u)
				}
			})
		}
	})
}

// doType sends a raw body with a given content type.
func (e *env) doType(method, target, ctype, body string) *response {
	e.t.Helper()
	return e.doWith(method, target, body, map[string]string{"Content-Type": ctype})
}

func TestLoginRateLimited(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.acc.Policy.IPFailures = 2
		e.user("wang.li", access.Community, e.root.ID, "")
		bad := map[string]string{"username": "wang.li", "password": "not-the-password"}
		e.do(http.MethodPost, "/api/v1/login", "", bad).wantError(http.StatusUnauthorized, "unauthenticated")
		e.do(http.MethodPost, "/api/v1/login", "", bad).wantError(http.StatusUnauthorized, "unauthenticated")
		r := e.do(http.MethodPost, "/api/v1/login", "", map[string]string{"username": "wang.li", "password": testPassword})
		r.wantError(http.StatusTooManyRequests, "rate_limited")
		if r.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		// The window passes and the right password works again.
		e.clock.Advance(account.DefaultPolicy.IPWindow + time.Second)
		e.login("wang.li")
	})
}

func TestSession(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.unit(e.root.ID, "subdistrict", "S1")
		e.user("admin", access.Sysadmin, e.root.ID, "13900139000")
		e.user("leader", access.Leader, s.ID, "")
		e.user("expert", access.Expert, s.ID, "")

		t.Run("me", func(t *testing.T) {
			e := e.in(t)
			for _, tc := range []struct {
				username string
				perms    []string
			}{
				{"admin", []string{"units.manage", "units.read", "users.manage", "users.read", "holidays.manage"}},
				{"leader", []string{"units.read"}},
				{"expert", []string{}},
			} {
				r := e.do(http.MethodGet, "/api/v1/me", e.login(tc.username), nil).want(http.StatusOK)
				got := []string{}
				for _, p := range r.json["permissions"].([]any) {
					got = append(got, p.(string))
				}
				if strings.Join(got, ",") != strings.Join(tc.perms, ",") {
					t.Errorf("%s: permissions %v, want %v", tc.username, got, tc.perms)
				}
				if r.json["username"] != tc.username {
					t.Errorf("me = %s", r.body)
				}
			}
			r := e.do(http.MethodGet, "/api/v1/me", e.login("admin"), nil)
			if r.json["phone"] != "139****9000" || r.json["unit_id"] != float64(e.root.ID) {
				t.Errorf("me = %s", r.body)
			}
		})

		t.Run("unsigned", func(t *testing.T) {
			e := e.in(t)
			e.do(http.MethodGet, "/api/v1/me", "", nil).wantError(http.StatusUnauthorized, "unauthenticated")
			e.do(http.MethodGet, "/api/v1/me", "not-a-token", nil).wantError(http.StatusUnauthorized, "unauthenticated")
			e.do(http.MethodPost, "/api/v1/logout", "", nil).wantError(http.StatusUnauthorized, "unauthenticated")
		})

		t.Run("a web session is no API token", func(t *testing.T) {
			e := e.in(t)
			in, err := e.acc.Login(e.ctx, access.Actor{}, account.Credentials{Username: "leader", Password: testPassword}, account.WebSession)
			if err != nil {
				t.Fatal(err)
			}
			e.do(http.MethodGet, "/api/v1/me", in.Token, nil).wantError(http.StatusUnauthorized, "unauthenticated")
		})

		t.Run("logout ends the token", func(t *testing.T) {
			e := e.in(t)
			tok := e.login("leader")
			other := e.login("leader")
			r := e.do(http.MethodPost, "/api/v1/logout", tok, nil).want(http.StatusNoContent)
			if len(r.body) != 0 {
				t.Errorf("204 with a body: %s", r.body)
			}
			e.do(http.MethodGet, "/api/v1/me", tok, nil).wantError(http.StatusUnauthorized, "unauthenticated")
			e.do(http.MethodGet, "/api/v1/me", other, nil).want(http.StatusOK)
		})

		t.Run("idle timeout", func(t *testing.T) {
			e := e.in(t)
			tok := e.login("leader")
			e.clock.Advance(account.DefaultPolicy.IdleTimeout - time.Minute)
			e.do(http.MethodGet, "/api/v1/me", tok, nil).want(http.StatusOK)
			e.clock.Advance(account.DefaultPolicy.IdleTimeout)
			e.do(http.MethodGet, "/api/v1/me", tok, nil).wantError(http.StatusUnauthorized, "unauthenticated")
		})

		t.Run("language", func(t *testing.T) {
			e := e.in(t)
			r := e.do(http.MethodGet, "/api/v1/me?lang=en", "", nil).wantError(http.StatusUnauthorized, "unauthenticated")
			if msg := r.json["error"].(map[string]any)["message"]; msg != "Please sign in" {
				t.Errorf("English message = %q", msg)
			}
			r = e.do(http.MethodGet, "/api/v1/me", "", nil)
			if msg := r.json["error"].(map[string]any)["message"]; msg != message("err.unauthenticated") {
				t.Errorf("default message = %q", msg)
			}
		})
	})
}
