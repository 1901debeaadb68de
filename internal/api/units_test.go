package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
)

// call is one request by one user.
type call struct {
	who    string
	method string
	path   string
	body   any
}

// auditCount counts audit records of an action, read through the service
// as an auditor would, to prove that a refused change wrote nothing.
func (e *env) auditCount(action string) int {
	e.t.Helper()
	auditor := access.Actor{Username: "test-auditor", Role: access.Auditor, UnitID: e.root.ID, ScopePath: e.root.Path}
	l, err := e.log.List(e.ctx, auditor, audit.Filter{Action: action, Page: db.NewPage(1, 1)})
	if err != nil {
		e.t.Fatal(err)
	}
	return l.Total
}

func TestUnitsCRUD(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.user("admin", access.Sysadmin, e.root.ID, "")
		tok := e.login("admin")

		// Create a sub-district and a community under it.
		r := e.do(http.MethodPost, "/api/v1/units", tok, map[string]any{"parent_id": e.root.ID, "kind": "subdistrict",
			"name": " 平湖街道 ", "code": "PH", "sort_order": 1}).want(http.StatusCreated)
		sub := r.id()
		if r.header.Get("Location") != fmt.Sprintf("/api/v1/units/%d", sub) {
			t.Errorf("Location = %q", r.header.Get("Location"))
		}
		if r.json["name"] != "平湖街道" || r.json["path"] != fmt.Sprintf("/1/%d/", sub) || r.json["active"] != true {
			t.Errorf("created %s", r.body)
		}
		comm := e.do(http.MethodPost, "/api/v1/units", tok, map[string]any{"parent_id": sub, "kind": "community",
			"name": "新南社区", "code": "PH-XN"}).want(http.StatusCreated).id()
		e.do(http.MethodPost, "/api/v1/units", tok, map[string]any{"parent_id": sub, "kind": "department",
			"name": "城建办", "code": "PH-CJ"}).want(http.StatusCreated)

		r = e.do(http.MethodGet, fmt.Sprintf("/api/v1/units/%d", comm), tok, nil).want(http.StatusOK)
		if r.json["code"] != "PH-XN" || r.json["parent_id"] != float64(sub) || r.json["kind"] != "community" {
			t.Errorf("get %s", r.body)
		}
		r = e.do(http.MethodPatch, fmt.Sprintf("/api/v1/units/%d", comm), tok, map[string]any{"name": "新南社区居委会", "sort_order": 5}).
			want(http.StatusOK)
		if r.json["name"] != "新南社区居委会" || r.json["sort_order"] != float64(5) || r.json["code"] != "PH-XN" {
			t.Errorf("patched %s", r.body)
		}

		lists := []struct {
			query string
			total int
		}{
			{"", 3},
			{"?kind=community", 1},
			{fmt.Sprintf("?parent_id=%d", sub), 2},
			{"?q=ph-x", 1},
			{"?q=城建", 1},
			{"?q=%25", 0}, // a LIKE wildcard is matched literally
			{"?active=true", 3},
			{"?active=false", 0},
			{"?page=2&page_size=2", 3},
			{"?page=0&page_size=-1", 3},
		}
		for _, l := range lists {
			r := e.do(http.MethodGet, "/api/v1/units"+l.query, tok, nil).want(http.StatusOK)
			if r.json["total"] != float64(l.total) {
				t.Errorf("units%s: total %v, want %d", l.query, r.json["total"], l.total)
			}
		}
		r = e.do(http.MethodGet, "/api/v1/units?page=2&page_size=2", tok, nil)
		if n := len(r.items()); n != 1 || r.json["page"] != float64(2) || r.json["page_size"] != float64(2) {
			t.Errorf("page 2 of 2: %d items, %s", n, r.body)
		}
		if r = e.do(http.MethodGet, "/api/v1/units?page_size=1000", tok, nil); r.json["page_size"] != float64(db.MaxPageSize) {
			t.Errorf("page_size not capped: %v", r.json["page_size"])
		}

		// Deactivate, then the active filter sees it.
		e.do(http.MethodPatch, fmt.Sprintf("/api/v1/units/%d", comm), tok, map[string]any{"active": false}).want(http.StatusOK)
		if r = e.do(http.MethodGet, "/api/v1/units?active=false", tok, nil); r.json["total"] != float64(1) {
			t.Errorf("inactive units: %s", r.body)
		}
	})
}

func TestUnitsRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.user("admin", access.Sysadmin, e.root.ID, "")
		tok := e.login("admin")
		sub := e.unit(e.root.ID, "subdistrict", "PH")
		comm := e.unit(sub.ID, "community", "PH-XN")
		unit := func(id int64) string { return fmt.Sprintf("/api/v1/units/%d", id) }

		writes := []struct {
			name   string
			method string
			path   string
			body   any
			status int
			code   string
			fields []string
			msg    string // the message of the first field, when it matters
		}{
			{"bad code", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": sub.ID, "kind": "community", "name": "x", "code": "bad code!"},
				http.StatusUnprocessableEntity, "invalid", []string{"code"}, "err.unit_code"},
			{"duplicate code", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": sub.ID, "kind": "community", "name": "x", "code": "PH-XN"},
				http.StatusUnprocessableEntity, "invalid", []string{"code"}, "err.unit_code_taken"},
			{"missing fields", http.MethodPost, "/api/v1/units", map[string]any{"name": "x"},
				http.StatusUnprocessableEntity, "invalid", []string{"parent_id", "kind", "code"}, "err.required"},
			{"kind under wrong parent", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": e.root.ID, "kind": "grid", "name": "x", "code": "G1"},
				http.StatusUnprocessableEntity, "invalid", []string{"kind"}, "err.unit_parent_kind"},
			{"unknown parent", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": 9999, "kind": "community", "name": "x", "code": "C9"},
				http.StatusUnprocessableEntity, "invalid", []string{"parent_id"}, "err.unit_unknown"},
			{"unknown field", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": sub.ID, "kind": "community", "name": "x", "code": "C9", "path": "/1/"},
				http.StatusBadRequest, "malformed", []string{"path"}, ""},
			{"wrong type", http.MethodPost, "/api/v1/units", rawBody(`{"parent_id":"two"}`),
				http.StatusBadRequest, "malformed", []string{"parent_id"}, ""},
			{"duplicate code on update", http.MethodPatch, unit(comm.ID), map[string]any{"code": "PH"},
				http.StatusUnprocessableEntity, "invalid", []string{"code"}, "err.unit_code_taken"},
			{"move", http.MethodPatch, unit(comm.ID), map[string]any{"parent_id": e.root.ID},
				http.StatusUnprocessableEntity, "invalid", []string{"parent_id"}, "err.unit_move"},
			{"root code", http.MethodPatch, unit(e.root.ID), map[string]any{"code": "x"},
				http.StatusUnprocessableEntity, "invalid", []string{"code"}, "err.unit_root"},
			{"root deactivated", http.MethodPatch, unit(e.root.ID), map[string]any{"active": false},
				http.StatusUnprocessableEntity, "invalid", []string{"active"}, "err.unit_root"},
			{"unknown id", http.MethodPatch, unit(9999), map[string]any{"name": "x"},
				http.StatusNotFound, "not_found", nil, ""},
			{"id zero", http.MethodPatch, "/api/v1/units/0", map[string]any{"name": "x"},
				http.StatusNotFound, "not_found", nil, ""},
		}
		for _, tc := range writes {
			t.Run(tc.name, func(t *testing.T) {
				e := e.in(t)
				creates, updates := e.auditCount("unit.create"), e.auditCount("unit.update")
				total := e.do(http.MethodGet, "/api/v1/units", tok, nil).json["total"]
				r := e.do(tc.method, tc.path, tok, tc.body).wantError(tc.status, tc.code, tc.fields...)
				if tc.msg != "" && r.field(tc.fields[0]) != message(tc.msg) {
					t.Errorf("%s: message %q, want %q", tc.fields[0], r.field(tc.fields[0]), message(tc.msg))
				}
				if e.auditCount("unit.create") != creates || e.auditCount("unit.update") != updates {
					t.Error("a refused change was audited as done")
				}
				if got := e.do(http.MethodGet, "/api/v1/units", tok, nil).json["total"]; got != total {
					t.Errorf("a refused change wrote: %v units, had %v", got, total)
				}
			})
		}
		if r := e.do(http.MethodGet, unit(comm.ID), tok, nil).want(http.StatusOK); r.json["code"] != "PH-XN" || r.json["parent_id"] != float64(sub.ID) {
			t.Errorf("refused updates changed the unit: %s", r.body)
		}

		queries := []struct {
			query  string
			fields []string
		}{
			{"?page=abc", []string{"page"}},
			{"?page=1.5", []string{"page"}},
			{"?page=99999999999999999999", []string{"page"}},
			{"?page=1000000001", []string{"page"}},
			{"?page_size=ten", []string{"page_size"}},
			{"?parent_id=x", []string{"parent_id"}},
			{"?parent_id=-3", []string{"parent_id"}},
			{"?kind=planet", []string{"kind"}},
			{"?kind=root", []string{"kind"}},
			{"?active=maybe", []string{"active"}},
			{"?page=x&active=y&kind=z", []string{"page", "active", "kind"}},
		}
		for _, q := range queries {
			t.Run("query"+q.query, func(t *testing.T) {
				e.in(t).do(http.MethodGet, "/api/v1/units"+q.query, tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", q.fields...)
			})
		}

		for _, id := range []string{"0", "-1", "abc", "1.5", "+3", "99999999", "9999999999999999999999"} {
			t.Run("id "+id, func(t *testing.T) {
				e.in(t).do(http.MethodGet, "/api/v1/units/"+id, tok, nil).wantError(http.StatusNotFound, "not_found")
			})
		}
	})
}

// TestScope checks that what lies outside the caller's scope, or beyond
// their role, is not found, and that a caller with no usable scope sees
// nothing at all.
func TestScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		sub := e.unit(e.root.ID, "subdistrict", "PH")
		a := e.unit(sub.ID, "community", "A")
		b := e.unit(sub.ID, "community", "B")
		gone := e.unit(sub.ID, "community", "GONE")
		e.user("sys.a", access.Sysadmin, a.ID, "")
		e.user("sec.a", access.Secadmin, a.ID, "")
		e.user("aud.a", access.Auditor, a.ID, "")
		e.user("lead", access.Leader, sub.ID, "")
		inA := e.user("comm.a", access.Community, a.ID, "13700137000")
		inB := e.user("comm.b", access.Community, b.ID, "13600136000")
		e.user("sys.none", access.Sysadmin, 0, "")
		e.user("sec.none", access.Secadmin, 0, "")
		e.user("aud.none", access.Auditor, 0, "")
		e.user("sys.gone", access.Sysadmin, gone.ID, "")
		e.user("lead.gone", access.Leader, gone.ID, "")
		// A unit deactivated after its users were given it is no scope.
		off := false
		if _, err := e.units.Update(e.ctx, e.sys, gone.ID, org.Input{Active: &off}); err != nil {
			t.Fatal(err)
		}

		unit := func(id int64) string { return fmt.Sprintf("/api/v1/units/%d", id) }
		user := func(id int64) string { return fmt.Sprintf("/api/v1/users/%d", id) }

		t.Run("in scope", func(t *testing.T) {
			e := e.in(t)
			tok := e.login("sys.a")
			r := e.do(http.MethodGet, "/api/v1/units", tok, nil).want(http.StatusOK)
			if items := r.items(); len(items) != 1 || items[0]["id"] != float64(a.ID) {
				t.Errorf("sys.a units: %s", r.body)
			}
			e.do(http.MethodGet, unit(a.ID), tok, nil).want(http.StatusOK)
			e.do(http.MethodGet, user(inA.ID), tok, nil).want(http.StatusOK)
			r = e.do(http.MethodGet, "/api/v1/users", tok, nil).want(http.StatusOK)
			for _, u := range r.items() {
				if u["unit_id"] != float64(a.ID) {
					t.Errorf("sys.a sees a user of unit %v", u["unit_id"])
				}
			}
			r = e.do(http.MethodGet, "/api/v1/units", e.login("lead"), nil).want(http.StatusOK)
			if r.json["total"] != float64(4) { // the sub-district and its three communities
				t.Errorf("leader units: %s", r.body)
			}
		})

		// Each caller, each request: out of scope, or not for the role, is 404.
		notFound := []call{
			{"sys.a", http.MethodGet, unit(b.ID), nil},
			{"sys.a", http.MethodGet, unit(sub.ID), nil},
			{"sys.a", http.MethodGet, unit(e.root.ID), nil},
			{"sys.a", http.MethodPatch, unit(b.ID), map[string]any{"name": "x"}},
			{"sys.a", http.MethodGet, user(inB.ID), nil},
			{"sys.a", http.MethodPatch, user(inB.ID), map[string]any{"display_name": "x"}},
			{"sec.a", http.MethodGet, user(inB.ID), nil},
			{"sec.a", http.MethodPatch, user(inB.ID), map[string]any{"role": "leader"}},
			{"sec.a", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": a.ID, "kind": "grid", "name": "x", "code": "G1"}},
			{"sec.a", http.MethodPatch, unit(a.ID), map[string]any{"name": "x"}},
			{"sec.a", http.MethodPost, "/api/v1/users", map[string]any{"username": "new.one"}},
			{"sec.a", http.MethodGet, "/api/v1/audit", nil},
			{"sys.a", http.MethodGet, "/api/v1/audit", nil},
			{"lead", http.MethodGet, "/api/v1/users", nil},
			{"lead", http.MethodGet, user(inA.ID), nil},
			{"lead", http.MethodPatch, user(inA.ID), map[string]any{"display_name": "x"}},
			{"lead", http.MethodPost, "/api/v1/units", map[string]any{"parent_id": sub.ID, "kind": "community", "name": "x", "code": "C1"}},
			{"lead", http.MethodGet, "/api/v1/audit", nil},
			{"comm.a", http.MethodGet, unit(b.ID), nil},
			{"comm.a", http.MethodGet, "/api/v1/users", nil},
			{"aud.a", http.MethodGet, "/api/v1/units", nil},
			{"aud.a", http.MethodGet, user(inA.ID), nil},
		}
		// Callers with no usable scope: no unit, or an inactive one.
		for _, who := range []string{"sys.none", "sec.none", "sys.gone", "lead.gone"} {
			for _, p := range []string{unit(e.root.ID), unit(sub.ID), unit(a.ID), unit(gone.ID), user(inA.ID), user(inB.ID)} {
				notFound = append(notFound, call{who, http.MethodGet, p, nil})
			}
			notFound = append(notFound, call{who, http.MethodPatch, unit(a.ID), map[string]any{"sort_order": 3}})
		}
		tokens := map[string]string{}
		for _, tc := range notFound {
			t.Run(tc.who+" "+tc.method+" "+tc.path, func(t *testing.T) {
				e := e.in(t)
				if tokens[tc.who] == "" {
					tokens[tc.who] = e.login(tc.who)
				}
				e.do(tc.method, tc.path, tokens[tc.who], tc.body).wantError(http.StatusNotFound, "not_found")
			})
		}

		t.Run("no scope sees empty lists", func(t *testing.T) {
			e := e.in(t)
			for _, who := range []string{"sys.none", "sec.none", "sys.gone", "lead.gone"} {
				tok := e.login(who)
				lists := []string{"/api/v1/units", "/api/v1/units?kind=community", "/api/v1/users", "/api/v1/users?q=comm"}
				if who == "lead.gone" {
					lists = lists[:2] // a leader does not list users at all
				}
				for _, l := range lists {
					r := e.do(http.MethodGet, l, tok, nil).want(http.StatusOK)
					if r.json["total"] != float64(0) || len(r.items()) != 0 {
						t.Errorf("%s %s: %s", who, l, r.body)
					}
				}
			}
			r := e.do(http.MethodGet, "/api/v1/audit", e.login("aud.none"), nil).want(http.StatusOK)
			if r.json["total"] != float64(0) {
				t.Errorf("auditor without scope reads the log: %s", r.body)
			}
		})

		t.Run("no scope creates nothing", func(t *testing.T) {
			e := e.in(t)
			r := e.do(http.MethodPost, "/api/v1/units", e.login("sys.none"), map[string]any{"parent_id": sub.ID, "kind": "community", "name": "x", "code": "C1"})
			r.wantError(http.StatusUnprocessableEntity, "invalid", "parent_id")
			r = e.do(http.MethodPost, "/api/v1/users", e.login("sys.gone"), map[string]any{"username": "new.one", "display_name": "x",
				"role": "community", "unit_id": gone.ID, "password": testPassword})
			r.wantError(http.StatusUnprocessableEntity, "invalid", "unit_id")
		})
	})
}
