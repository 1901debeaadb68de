package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// entEnv is the API over a small sub-district with the enterprise service
// wired in:
//
//	root ── PH (subdistrict) ── C1, C2 (communities), D1, D2 (departments)
//	     └─ OT (another subdistrict) ── C3
//
// E1 and E2 are in C1, E3 in C2, E4 in C3. E1 has the whole 四个一
// (leader, D1, spec1); E3 has spec2 and D2; the enterprise account speaks
// for E1.
type entEnv struct {
	*env
	svc            *enterprise.Service
	sub, c1, c2    org.Unit
	c3, d1, d2     org.Unit
	users          map[string]account.User
	tok            map[string]string
	e1, e2, e3, e4 int64
	codes          int
}

func newEntEnv(t *testing.T, d *db.DB) *entEnv {
	t.Helper()
	e := &entEnv{env: newEnv(t, d), users: map[string]account.User{}, tok: map[string]string{}}
	e.svc = &enterprise.Service{DB: d, Audit: e.log, Now: e.clock.Now, Files: &enterprise.FileStore{Dir: t.TempDir()}}
	e.api.Enterprises = e.svc
	e.sub = e.unit(e.root.ID, org.Subdistrict, "PH")
	e.c1 = e.unit(e.sub.ID, org.Community, "C1")
	e.c2 = e.unit(e.sub.ID, org.Community, "C2")
	e.d1 = e.unit(e.sub.ID, org.Department, "D1")
	e.d2 = e.unit(e.sub.ID, org.Department, "D2")
	other := e.unit(e.root.ID, org.Subdistrict, "OT")
	e.c3 = e.unit(other.ID, org.Community, "C3")
	for _, u := range []struct {
		name string
		role access.Role
		unit int64
	}{
		{"leader", access.Leader, e.sub.ID}, {"office", access.Office, e.sub.ID}, {"leader.ot", access.Leader, other.ID},
		{"comm1", access.Community, e.c1.ID}, {"comm2", access.Community, e.c2.ID},
		{"spec1", access.Specialist, e.d1.ID}, {"spec2", access.Specialist, e.d1.ID},
		{"dept1", access.Dept, e.d1.ID}, {"dept2", access.Dept, e.d2.ID}, {"ent1", access.Enterprise, e.c1.ID},
		{"expert", access.Expert, e.sub.ID}, {"sysadmin", access.Sysadmin, e.root.ID}, {"auditor", access.Auditor, e.root.ID},
	} {
		e.users[u.name] = e.user(u.name, u.role, u.unit, "")
	}
	e.e1 = e.create("leader", "甲电子有限公司", e.c1.ID)
	e.e2 = e.create("leader", "乙精密有限公司", e.c1.ID)
	e.e3 = e.create("leader", "丙光电有限公司", e.c2.ID)
	e.e4 = e.create("leader.ot", "丁塑胶有限公司", e.c3.ID)
	e.assign(e.e1, e.users["leader"].ID, e.d1.ID, e.users["spec1"].ID)
	e.assign(e.e3, 0, e.d2.ID, e.users["spec2"].ID)
	if _, err := d.W.Exec("UPDATE users SET enterprise_id = $1 WHERE username = 'ent1'", e.e1); err != nil {
		t.Fatal(err)
	}
	return e
}

// token signs a user in once per test.
func (e *entEnv) token(who string) string {
	if who == "" {
		return ""
	}
	if tok, ok := e.tok[who]; ok {
		return tok
	}
	e.tok[who] = e.login(who)
	return e.tok[who]
}

// code returns a fresh valid credit code.
func (e *entEnv) code() string {
	e.t.Helper()
	e.codes++
	c, err := pii.MakeCreditCode(fmt.Sprintf("91440307MA5%06d", e.codes))
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

func (e *entEnv) create(who, name string, community int64) int64 {
	e.t.Helper()
	return e.do(http.MethodPost, "/api/v1/enterprises", e.token(who), map[string]any{"name": name, "credit_code": e.code(),
		"community_id": community}).want(http.StatusCreated).id()
}

func (e *entEnv) assign(id, leader, dept, spec int64) {
	e.t.Helper()
	body := map[string]any{"leader_id": leader, "department_id": dept, "specialist_id": spec}
	e.do(http.MethodPut, fmt.Sprintf("/api/v1/enterprises/%d/assignment", id), e.token("leader"), body).want(http.StatusOK)
}

func (e *entEnv) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.api.Enterprises.DB.R.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func ent(id int64) string { return fmt.Sprintf("/api/v1/enterprises/%d", id) }

// TestEnterpriseScopeAPI: who sees which enterprise, as tables of
// requests. Lists show exactly the enterprises in scope; any other object
// is 404, whether it exists or not.
func TestEnterpriseScopeAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		all := []int64{e.e1, e.e2, e.e3, e.e4, 999999}
		sees := map[string][]int64{
			"leader":    {e.e1, e.e2, e.e3},
			"office":    {e.e1, e.e2, e.e3},
			"leader.ot": {e.e4},
			"comm1":     {e.e1, e.e2},
			"comm2":     {e.e3},
			"spec1":     {e.e1},
			"spec2":     {e.e3},
			"dept1":     {e.e1},
			"dept2":     {e.e3},
			"ent1":      {e.e1},
			"expert":    {},
			"sysadmin":  {},
			"auditor":   {},
		}
		for who, want := range sees {
			t.Run(who, func(t *testing.T) {
				e := *e
				e.env = e.env.in(t)
				tok := e.token(who)
				r := e.do(http.MethodGet, "/api/v1/enterprises?page_size=100", tok, nil).want(http.StatusOK)
				var got []int64
				for _, it := range r.items() {
					got = append(got, int64(it["id"].(float64)))
				}
				if fmt.Sprint(sortIDs(got)) != fmt.Sprint(sortIDs(want)) || int(r.json["total"].(float64)) != len(want) {
					t.Errorf("list: %v (total %v), want %v", got, r.json["total"], want)
				}
				for _, id := range all {
					status := http.StatusNotFound
					for _, w := range want {
						if w == id {
							status = http.StatusOK
						}
					}
					e.do(http.MethodGet, ent(id), tok, nil).want(status)
				}
			})
		}
	})
}

func sortIDs(ids []int64) []int64 {
	out := append([]int64{}, ids...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// TestEnterpriseWritesAPI: who may change what, and bad input answered
// with the field named and nothing written.
func TestEnterpriseWritesAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		taken := e.do(http.MethodGet, ent(e.e2), e.token("leader"), nil).want(http.StatusOK).json["credit_code"].(string)
		bad := strings.Replace(e.code(), "9", "8", 1)
		cases := []struct {
			name   string
			who    string
			method string
			path   string
			body   any
			status int
			fields []string
		}{
			{"office creates", "office", "POST", "/api/v1/enterprises", map[string]any{"name": "戊新材料有限公司", "credit_code": e.code(), "community_id": e.c2.ID}, 201, nil},
			{"code folded", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "己包装有限公司", "credit_code": " " + strings.ToLower(e.code()) + " ", "community_id": e.c1.ID}, 201, nil},
			{"missing fields", "leader", "POST", "/api/v1/enterprises", map[string]any{}, 422, []string{"name", "credit_code", "community_id"}},
			{"bad credit code", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": bad, "community_id": e.c1.ID}, 422, []string{"credit_code"}},
			{"duplicate credit code", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": taken, "community_id": e.c1.ID}, 422, []string{"credit_code"}},
			{"unknown community", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": 999999}, 422, []string{"community_id"}},
			{"community out of scope", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": e.c3.ID}, 422, []string{"community_id"}},
			{"a department is no community", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": e.d1.ID}, 422, []string{"community_id"}},
			{"unknown field", "leader", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": e.c1.ID, "owner": "x"}, 400, []string{"owner"}},
			{"community may not create", "comm1", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": e.c1.ID}, 404, nil},
			{"specialist may not create", "spec1", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": e.c1.ID}, 404, nil},
			{"sysadmin may not create", "sysadmin", "POST", "/api/v1/enterprises", map[string]any{"name": "x", "credit_code": e.code(), "community_id": e.c1.ID}, 404, nil},
			{"leader edits", "leader", "PATCH", ent(e.e2), map[string]any{"address": "平湖街道禾花工业区 3 栋", "industry": "C", "above_scale": true}, 200, nil},
			{"bad industry and status", "leader", "PATCH", ent(e.e2), map[string]any{"industry": "Z", "status": "gone"}, 422, []string{"industry", "status"}},
			{"duplicate on edit", "leader", "PATCH", ent(e.e3), map[string]any{"credit_code": taken}, 422, []string{"credit_code"}},
			{"community may not edit", "comm1", "PATCH", ent(e.e2), map[string]any{"address": "x"}, 404, nil},
			{"other sub-district's leader", "leader.ot", "PATCH", ent(e.e2), map[string]any{"address": "x"}, 404, nil},
			{"unknown members", "leader", "PUT", ent(e.e2) + "/assignment", map[string]any{"leader_id": e.users["spec1"].ID, "department_id": e.c1.ID, "specialist_id": 999999}, 422, []string{"leader_id", "department_id", "specialist_id"}},
			{"specialist may not assign", "spec1", "PUT", ent(e.e1) + "/assignment", map[string]any{"leader_id": nil}, 404, nil},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e := *e
				e.env = e.env.in(t)
				tok := e.token(c.who) // signing in is audited: before counting
				before := [3]int{e.count("enterprises"), e.count("assignment_history"), e.count("audit_log")}
				r := e.do(c.method, c.path, tok, c.body)
				switch {
				case c.status == 422:
					r.wantError(422, "invalid", c.fields...)
				case c.status == 400:
					r.wantError(400, "malformed", c.fields...)
				case c.status == 404:
					r.wantError(404, "not_found")
				default:
					r.want(c.status)
				}
				if c.status >= 300 {
					after := [3]int{e.count("enterprises"), e.count("assignment_history"), e.count("audit_log")}
					if after != before {
						t.Errorf("a refused request wrote: enterprises, history, audit %v → %v", before, after)
					}
				}
			})
		}
		// The folded code is stored upper-case; the edit stuck.
		r := e.do(http.MethodGet, "/api/v1/enterprises?q=己包装", e.token("leader"), nil).want(http.StatusOK)
		if items := r.items(); len(items) != 1 || items[0]["credit_code"] != strings.ToUpper(items[0]["credit_code"].(string)) {
			t.Errorf("folded code: %s", r.body)
		}
		r = e.do(http.MethodGet, ent(e.e2), e.token("comm1"), nil).want(http.StatusOK)
		if r.json["industry"] != "C" || r.json["above_scale"] != true || r.json["address"] != "平湖街道禾花工业区 3 栋" {
			t.Errorf("after edit: %s", r.body)
		}
	})
}

// TestAssignmentAPI: PUT replaces the whole 四个一; null or absent
// members are unassigned, and each change is one history row.
func TestAssignmentAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		path := ent(e.e1) + "/assignment"
		before := e.count("assignment_history")
		r := e.do(http.MethodPut, path, e.token("office"), map[string]any{"leader_id": e.users["leader"].ID, "department_id": nil,
			"specialist_id": e.users["spec2"].ID, "note": "专员轮岗"}).want(http.StatusOK)
		if r.json["department_id"] != float64(0) || r.json["specialist_id"] != float64(e.users["spec2"].ID) ||
			r.json["specialist_name"] != e.users["spec2"].DisplayName || r.json["leader_id"] != float64(e.users["leader"].ID) {
			t.Errorf("after PUT: %s", r.body)
		}
		// Absent members are unassigned too.
		r = e.do(http.MethodPut, path, e.token("leader"), map[string]any{"specialist_id": e.users["spec1"].ID}).want(http.StatusOK)
		if r.json["leader_id"] != float64(0) || r.json["specialist_id"] != float64(e.users["spec1"].ID) {
			t.Errorf("after second PUT: %s", r.body)
		}
		// The same again changes nothing and records nothing.
		e.do(http.MethodPut, path, e.token("leader"), map[string]any{"specialist_id": e.users["spec1"].ID}).want(http.StatusOK)
		if n := e.count("assignment_history") - before; n != 2 {
			t.Errorf("%d history rows for two changes", n)
		}
		// The incomplete list has it now; spec2 no longer sees it.
		r = e.do(http.MethodGet, "/api/v1/enterprises?incomplete=true", e.token("leader"), nil).want(http.StatusOK)
		if !strings.Contains(string(r.body), "甲电子有限公司") {
			t.Errorf("incomplete list lacks E1: %s", r.body)
		}
		e.do(http.MethodGet, ent(e.e1), e.token("spec2"), nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodGet, ent(e.e1), e.token("spec1"), nil).want(http.StatusOK)
	})
}

// TestEnterpriseListAPI: filters, sorting and paging of the list, and
// the refusal of a filter the list does not know.
func TestEnterpriseListAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		tok := e.token("leader")
		e.do(http.MethodPatch, ent(e.e3), tok, map[string]any{"above_scale": true, "top100": true, "industry": "C"}).want(http.StatusOK)
		e.do(http.MethodPatch, ent(e.e2), tok, map[string]any{"status": "moved_out"}).want(http.StatusOK)
		names := func(q string) string {
			r := e.do(http.MethodGet, "/api/v1/enterprises"+q, tok, nil).want(http.StatusOK)
			var out []string
			for _, it := range r.items() {
				out = append(out, it["name"].(string))
			}
			return strings.Join(out, ",")
		}
		for q, want := range map[string]string{
			"?q=乙":                                   "乙精密有限公司",
			fmt.Sprintf("?community_id=%d", e.c2.ID): "丙光电有限公司",
			"?above_scale=true&top100=true":          "丙光电有限公司",
			"?industry=C":                            "丙光电有限公司",
			"?status=moved_out":                      "乙精密有限公司",
			"?incomplete=true&sort=name":             names("?incomplete=true&sort=name"),
			fmt.Sprintf("?specialist_id=%d", e.users["spec1"].ID): "甲电子有限公司",
			"?q=%25": "",
		} {
			if got := names(q); got != want {
				t.Errorf("%s: %s, want %s", q, got, want)
			}
		}
		asc, desc := names("?sort=credit_code"), names("?sort=-credit_code")
		if a, b := strings.Split(asc, ","), strings.Split(desc, ","); len(a) != 3 || a[0] != b[2] || a[2] != b[0] {
			t.Errorf("sort: %s / %s", asc, desc)
		}
		r := e.do(http.MethodGet, "/api/v1/enterprises?page=2&page_size=2", tok, nil).want(http.StatusOK)
		if len(r.items()) != 1 || r.json["total"] != float64(3) {
			t.Errorf("page 2: %s", r.body)
		}
		e.do(http.MethodGet, "/api/v1/enterprises?sort=owner&status=x&above_scale=maybe&community_id=-1", tok, nil).
			wantError(422, "invalid", "sort", "status", "above_scale", "community_id")
	})
}

// TestEnterpriseContactsMasked: contacts come with every GET of an
// enterprise, phones masked, for every role that sees the enterprise.
func TestEnterpriseContactsMasked(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		e.addContact(e.e1, "王女士", "13912345678")
		if err := e.svc.SetOutput(e.ctx, e.leader(), e.e1, 2021, 123_456_789); err != nil {
			t.Fatal(err)
		}
		for _, who := range []string{"leader", "comm1", "spec1", "dept1", "ent1"} {
			r := e.do(http.MethodGet, ent(e.e1), e.token(who), nil).want(http.StatusOK)
			if !strings.Contains(string(r.body), `"phone":"139****5678"`) || !strings.Contains(string(r.body), `"value_yuan":123456789`) {
				t.Errorf("%s: %s", who, r.body)
			}
		}
	})
}

// TestVisitsAPI: recording visits and listing them, in scope.
func TestVisitsAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		visits := func(id int64) string { return ent(id) + "/visits" }
		spec1 := e.users["spec1"]
		body := map[string]any{"date": "2022-02-28", "form": "on_site", "findings": "了解用工情况",
			"people": []map[string]any{{"user_id": spec1.ID}, {"name": " 区工信局 张同志 "}}}
		r := e.do(http.MethodPost, visits(e.e1), e.token("spec1"), body).want(http.StatusCreated)
		v1 := r.id()
		if r.header.Get("Location") != fmt.Sprintf("/api/v1/visits/%d", v1) || r.json["enterprise_name"] != "甲电子有限公司" ||
			len(r.json["people"].([]any)) != 2 || !strings.Contains(string(r.body), spec1.DisplayName) {
			t.Errorf("recorded: %s", r.body)
		}
		e.do(http.MethodPost, visits(e.e3), e.token("comm2"), map[string]any{"date": "2022-02-20", "form": "phone",
			"people": []map[string]any{{"name": "社区网格员"}}}).want(http.StatusCreated)
		e.do(http.MethodPost, visits(e.e2), e.token("leader"), map[string]any{"date": "2022-03-01", "form": "meeting",
			"people": []map[string]any{{"user_id": e.users["leader"].ID}}}).want(http.StatusCreated)

		cases := []struct {
			name   string
			who    string
			id     int64
			body   any
			status int
			fields []string
		}{
			{"specialist, not theirs", "spec1", e.e3, body, 404, nil},
			{"community, other community", "comm1", e.e3, body, 404, nil},
			{"unknown enterprise", "leader", 999999, body, 404, nil},
			{"department", "dept1", e.e1, body, 404, nil},
			{"enterprise", "ent1", e.e1, body, 404, nil},
			{"expert", "expert", e.e1, body, 404, nil},
			{"future date, bad form, nobody", "spec1", e.e1, map[string]any{"date": "2022-03-02", "form": "letter", "people": []any{}}, 422, []string{"date", "form", "people"}},
			{"bad date", "spec1", e.e1, map[string]any{"date": "01/03/2022", "form": "phone", "people": []map[string]any{{"name": "x"}}}, 422, []string{"date"}},
			{"unknown person", "spec1", e.e1, map[string]any{"date": "2022-03-01", "form": "phone", "people": []map[string]any{{"user_id": 999999}}}, 422, []string{"people"}},
			{"photos are not JSON", "spec1", e.e1, map[string]any{"date": "2022-03-01", "form": "phone", "people": []map[string]any{{"name": "x"}}, "photos": []string{"x"}}, 400, []string{"photos"}},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e := *e
				e.env = e.env.in(t)
				tok := e.token(c.who) // signing in is audited: before counting
				before := e.count("visits") + e.count("visit_people") + e.count("audit_log")
				r := e.do(http.MethodPost, visits(c.id), tok, c.body)
				switch c.status {
				case 422:
					r.wantError(422, "invalid", c.fields...)
				case 400:
					r.wantError(400, "malformed", c.fields...)
				default:
					r.wantError(c.status, "not_found")
				}
				if after := e.count("visits") + e.count("visit_people") + e.count("audit_log"); after != before {
					t.Errorf("a refused visit wrote %d rows", after-before)
				}
			})
		}

		list := func(who, q string) []string {
			r := e.do(http.MethodGet, "/api/v1/visits"+q, e.token(who), nil).want(http.StatusOK)
			var out []string
			for _, it := range r.items() {
				out = append(out, it["date"].(string))
			}
			return out
		}
		for _, c := range []struct{ who, q, want string }{
			{"leader", "", "[2022-03-01 2022-02-28 2022-02-20]"},
			{"leader", "?from=2022-02-21&to=2022-02-28", "[2022-02-28]"},
			{"leader", fmt.Sprintf("?community_id=%d", e.c2.ID), "[2022-02-20]"},
			{"leader", fmt.Sprintf("?enterprise_id=%d", e.e1), "[2022-02-28]"},
			{"spec1", "", "[2022-02-28]"},
			{"comm1", "", "[2022-03-01 2022-02-28]"},
			{"ent1", "", "[2022-02-28]"},
			{"dept2", "", "[2022-02-20]"},
			{"expert", "", "[]"},
			{"auditor", "", "[]"},
			{"leader.ot", "", "[]"},
		} {
			if got := fmt.Sprint(list(c.who, c.q)); got != c.want {
				t.Errorf("%s %s: %s, want %s", c.who, c.q, got, c.want)
			}
		}
		e.do(http.MethodGet, "/api/v1/visits?from=2022-13-01&to=x", e.token("leader"), nil).wantError(422, "invalid", "from", "to")
		e.do(http.MethodGet, "/api/v1/visits?from=2022-03-01&to=2022-02-01", e.token("leader"), nil).wantError(422, "invalid", "to")

		vpath := fmt.Sprintf("/api/v1/visits/%d", v1)
		e.do(http.MethodGet, vpath, e.token("comm1"), nil).want(http.StatusOK)
		for _, who := range []string{"comm2", "spec2", "expert", "sysadmin", "leader.ot"} {
			e.do(http.MethodGet, vpath, e.token(who), nil).wantError(http.StatusNotFound, "not_found")
		}
		e.do(http.MethodGet, "/api/v1/visits/abc", e.token("leader"), nil).wantError(http.StatusNotFound, "not_found")
	})
}
