package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestUsers(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		sub := e.unit(e.root.ID, "subdistrict", "PH")
		a := e.unit(sub.ID, "community", "A")
		b := e.unit(sub.ID, "community", "B")
		e.user("sysadmin", access.Sysadmin, e.root.ID, "13900139000")
		e.user("secadmin", access.Secadmin, e.root.ID, "")
		sec := e.user("sec.two", access.Secadmin, e.root.ID, "")
		sys, secTok := e.login("sysadmin"), e.login("secadmin")
		user := func(id int64) string { return fmt.Sprintf("/api/v1/users/%d", id) }

		// Create: the phone is given in full, and every answer masks it.
		*e.phones = append(*e.phones, "13800138000")
		r := e.do(http.MethodPost, "/api/v1/users", sys, map[string]any{"username": "Zhang.Wei", "display_name": "张伟",
			"phone": "+86 138-0013-8000", "role": "community", "unit_id": a.ID, "password": testPassword}).want(http.StatusCreated)
		id := r.id()
		if r.header.Get("Location") != user(id) {
			t.Errorf("Location = %q", r.header.Get("Location"))
		}
		want := map[string]any{"id": float64(id), "username": "zhang.wei", "display_name": "张伟", "phone": "138****8000",
			"role": "community", "unit_id": float64(a.ID), "unit_name": a.Name, "active": true, "enterprise_id": float64(0)}
		if fmt.Sprint(r.json) != fmt.Sprint(want) {
			t.Errorf("created\n got %v\nwant %v", r.json, want)
		}
		if r = e.do(http.MethodGet, user(id), sys, nil).want(http.StatusOK); fmt.Sprint(r.json) != fmt.Sprint(want) {
			t.Errorf("get\n got %v\nwant %v", r.json, want)
		}
		e.user("li.na", access.Dept, b.ID, "13700137000")

		// The sysadmin edits the profile, the secadmin the role and unit.
		r = e.do(http.MethodPatch, user(id), sys, map[string]any{"display_name": "张 伟", "phone": "13600136000"}).want(http.StatusOK)
		*e.phones = append(*e.phones, "13600136000")
		if r.json["display_name"] != "张 伟" || r.json["phone"] != "136****6000" || r.json["role"] != "community" {
			t.Errorf("sysadmin patch: %s", r.body)
		}
		r = e.do(http.MethodPatch, user(id), secTok, map[string]any{"role": "leader", "unit_id": sub.ID}).want(http.StatusOK)
		if r.json["role"] != "leader" || r.json["unit_id"] != float64(sub.ID) || r.json["unit_name"] != sub.Name {
			t.Errorf("secadmin patch: %s", r.body)
		}
		r = e.do(http.MethodPatch, user(id), sys, map[string]any{"active": false}).want(http.StatusOK)
		if r.json["active"] != false {
			t.Errorf("deactivate: %s", r.body)
		}

		lists := []struct {
			who   string
			query string
			names []string
		}{
			{sys, "", []string{"li.na", "sec.two", "secadmin", "sysadmin", "zhang.wei"}},
			{secTok, "?role=dept", []string{"li.na"}},
			{sys, "?q=ZHANG", []string{"zhang.wei"}},
			{sys, "?q=张", []string{"zhang.wei"}},
			{sys, fmt.Sprintf("?unit_id=%d", b.ID), []string{"li.na"}},
			{sys, "?active=false", []string{"zhang.wei"}},
			{sys, "?role=secadmin&active=true", []string{"sec.two", "secadmin"}},
			{sys, "?page=2&page_size=2", []string{"secadmin", "sysadmin"}},
			{sys, "?page=9", []string{}},
		}
		for _, l := range lists {
			r := e.do(http.MethodGet, "/api/v1/users"+l.query, l.who, nil).want(http.StatusOK)
			got := []string{}
			for _, u := range r.items() {
				got = append(got, u["username"].(string))
			}
			if fmt.Sprint(got) != fmt.Sprint(l.names) {
				t.Errorf("users%s: %v, want %v", l.query, got, l.names)
			}
		}

		refused := []struct {
			name   string
			token  string
			method string
			path   string
			body   any
			fields []string
			msg    string
		}{
			{"secadmin may not set display_name", secTok, http.MethodPatch, user(id), map[string]any{"display_name": "x"}, []string{"display_name"}, "err.field_not_permitted"},
			{"secadmin may not reset a password", secTok, http.MethodPatch, user(id), map[string]any{"password": testPassword + "2"}, []string{"password"}, "err.field_not_permitted"},
			{"sysadmin may not set role", sys, http.MethodPatch, user(id), map[string]any{"role": "office"}, []string{"role"}, "err.field_not_permitted"},
			{"sysadmin may not set unit", sys, http.MethodPatch, user(id), map[string]any{"unit_id": b.ID}, []string{"unit_id"}, "err.field_not_permitted"},
			{"username is fixed", sys, http.MethodPatch, user(id), map[string]any{"username": "other"}, []string{"username"}, "err.username_fixed"},
			{"bad phone", sys, http.MethodPatch, user(id), map[string]any{"phone": "12345"}, []string{"phone"}, "err.mobile"},
			{"one officer cannot become another", secTok, http.MethodPatch, user(sec.ID), map[string]any{"role": "auditor"}, []string{"role"}, "err.role_two_officers"},
			{"sysadmin creates no officer", sys, http.MethodPost, "/api/v1/users", map[string]any{"username": "new.aud", "display_name": "x",
				"role": "auditor", "unit_id": a.ID, "password": testPassword}, []string{"role"}, "err.role_officer"},
			{"taken username", sys, http.MethodPost, "/api/v1/users", map[string]any{"username": "li.na", "display_name": "x",
				"role": "dept", "unit_id": a.ID, "password": testPassword}, []string{"username"}, "err.username_taken"},
			{"weak password", sys, http.MethodPost, "/api/v1/users", map[string]any{"username": "new.one", "display_name": "x",
				"role": "dept", "unit_id": a.ID, "password": "short"}, []string{"password"}, "err.password_short"},
			{"missing fields", sys, http.MethodPost, "/api/v1/users", map[string]any{"username": "new.one"},
				[]string{"display_name", "role", "password", "unit_id"}, "err.required"},
		}
		for _, tc := range refused {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				updates, creates := e.auditCount("user.update"), e.auditCount("user.create")
				r := e.do(tc.method, tc.path, tc.token, tc.body).wantError(http.StatusUnprocessableEntity, "invalid", tc.fields...)
				if got := r.field(tc.fields[0]); got != message(tc.msg) {
					t.Errorf("%s: %q, want %q", tc.fields[0], got, message(tc.msg))
				}
				if e.auditCount("user.update") != updates || e.auditCount("user.create") != creates {
					t.Error("a refused change was written")
				}
			})
		}
		if r = e.do(http.MethodGet, user(id), sys, nil); r.json["display_name"] != "张 伟" || r.json["role"] != "leader" {
			t.Errorf("refused changes changed the user: %s", r.body)
		}

		for _, q := range []struct{ query, field string }{
			{"?role=king", "role"}, {"?unit_id=abc", "unit_id"}, {"?unit_id=0", "unit_id"}, {"?active=yes", "active"},
			{"?page_size=1e3", "page_size"}, {"?q=" + strings.Repeat("x", 101), "q"},
		} {
			t.Run("query"+q.query, func(t *testing.T) {
				e.in(t).do(http.MethodGet, "/api/v1/users"+q.query, sys, nil).wantError(http.StatusUnprocessableEntity, "invalid", q.field)
			})
		}
		for _, tc := range []struct{ method, path string }{
			{http.MethodGet, "/api/v1/users/abc"}, {http.MethodGet, "/api/v1/users/0"}, {http.MethodGet, "/api/v1/users/424242"},
			{http.MethodPatch, "/api/v1/users/abc"}, {http.MethodPatch, "/api/v1/users/-7"},
		} {
			t.Run(tc.method+" "+tc.path, func(t *testing.T) {
				e.in(t).do(tc.method, tc.path, sys, map[string]any{"active": true}).wantError(http.StatusNotFound, "not_found")
			})
		}
	})
}
