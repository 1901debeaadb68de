package app_test

// The known data-scope leaks of admin frameworks (issue 4, item 3), next
// to the authorization matrix whose rows and requests they reuse: a
// database error never drops the scope filter; empty and inactive scopes
// see nothing on any route; a unit change reaches live tokens, sessions
// and exports at once; foreign ids inside bodies are refused and nothing
// is written; fields a role may not set are refused, not ignored.

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"pinghu/internal/access"
)

// scopedRoles are the demo roles whose scope is narrower than the
// sub-district: a community, a specialist's assignments, a department,
// an enterprise.
var scopedRoles = []string{"community", "specialist", "dept", "enterprise"}

// readRows are the matrix's GET rows that need a signed-in user.
func readRows() []mrow {
	var out []mrow
	for _, r := range matrixRows {
		if r.method() == "GET" && r.anon != public && r.bug == "" {
			out = append(out, r)
		}
	}
	return out
}

// answer is a response reduced to what must not change between two
// identical requests: the status and the body without its request id.
func answer(res resp) string {
	body := res.Body
	if id := res.Header.Get("X-Request-Id"); id != "" {
		body = strings.ReplaceAll(body, id, "")
	}
	return http.StatusText(res.Status) + "\n" + body
}

// A database error never drops the scope filter. Each break makes one
// scoped role's scope unreadable in an honest way, on the real database:
// the unit tree is renamed away (the path every scope starts from), or
// the column a role's scope rests on is (a specialist's assignment, a
// department's appeals, an enterprise account's link). Then every read
// route, as every scoped role, with the sessions and tokens they held,
// answers an error (5xx or 404) or exactly what it answered before the
// break; never something else, and never data out of scope. The lists
// of the role whose scope broke must fail outright.
func TestScopeErrorNeverWidens(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// Every read route five times per role: more exports than a
		// user's budget, which is not what this test is about.
		e.withoutBudgets()
		m := newMatrixEnv(t, e)
		rows := readRows()
		type key struct {
			role string
			row  int
		}
		before := map[key]string{}
		for _, role := range scopedRoles {
			for i, r := range rows {
				before[key{role, i}] = answer(m.request(t, r, role))
			}
		}
		breaks := []struct {
			name, role, do, undo string
		}{
			{"the unit tree", "community", "ALTER TABLE units RENAME TO units_away", "ALTER TABLE units_away RENAME TO units"},
			{"the specialist's assignment", "specialist", "ALTER TABLE enterprises RENAME COLUMN specialist_id TO specialist_away",
				"ALTER TABLE enterprises RENAME COLUMN specialist_away TO specialist_id"},
			{"the department's appeals", "dept", "ALTER TABLE appeals RENAME COLUMN department_id TO department_away",
				"ALTER TABLE appeals RENAME COLUMN department_away TO department_id"},
			{"the enterprise account's link", "enterprise", "ALTER TABLE users RENAME COLUMN enterprise_id TO enterprise_away",
				"ALTER TABLE users RENAME COLUMN enterprise_away TO enterprise_id"},
		}
		mustFail := map[string]bool{"/api/v1/enterprises": true, "/api/v1/appeals": true, "/api/v1/visits": true,
			"/enterprises": true, "/appeals": true, "/visits": true}
		for _, b := range breaks {
			if _, err := e.app.DB.W.Exec(b.do); err != nil {
				t.Fatalf("%s: %v", b.name, err)
			}
			failed, broke := 0, 0
			for _, role := range scopedRoles {
				for i, r := range rows {
					res := m.request(t, r, role)
					path := m.fill(t, r.path)
					if !inList(r.sees, role) {
						for _, h := range r.hide {
							if v := m.vals[h]; v != "" && strings.Contains(res.Body, v) {
								t.Errorf("%s broken, %s GET %s: %d shows %s", b.name, role, path, res.Status, h)
							}
						}
					}
					if res.Status >= 500 {
						broke++
					}
					if res.Status >= 500 || res.Status == http.StatusNotFound {
						failed++
						continue
					}
					if role == b.role && mustFail[path] {
						t.Errorf("%s broken, %s GET %s: %d, want an error", b.name, role, path, res.Status)
					}
					if answer(res) != before[key{role, i}] {
						t.Errorf("%s broken, %s GET %s: %d, not an error and not the answer before the break: %s",
							b.name, role, path, res.Status, snippet(res.Body))
					}
				}
			}
			if _, err := e.app.DB.W.Exec(b.undo); err != nil {
				t.Fatalf("%s: undo: %v", b.name, err)
			}
			if broke == 0 {
				t.Errorf("%s broken: no request failed, the break proves nothing", b.name)
			}
			t.Logf("%s broken: of %d answers, %d server errors, %d not found, the rest as before", b.name,
				len(rows)*len(scopedRoles), broke, failed-broke)
			// Restored, the scope reads again.
			for _, role := range scopedRoles {
				if r := e.api("GET", "/api/v1/appeals", m.tokens[role], nil); r.Status != 200 {
					t.Fatalf("after restoring %s, %s: %d %s", b.name, role, r.Status, snippet(r.Body))
				}
			}
		}
	})
}

// Empty and inactive scopes see nothing on any route: an account of
// every role with no unit, a deactivated unit or a unit under one, and an
// enterprise account linked to no enterprise, get on every read route of
// the matrix, pages, exports and API alike, an answer that is not a
// server error and shows no enterprise, appeal or phone number; every
// object is 404, every API list (units, accounts and the audit log too)
// is empty and every figure zero. (A unit id that does not exist cannot
// be stored: users.unit_id is a foreign key; org.ActivePath gives such an
// id no scope, TestEmptyScopeSeesNothing.)
func TestEmptyScopeEveryRoute(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		m := newMatrixEnv(t, e)
		var title string
		if err := e.app.DB.R.QueryRow("SELECT title FROM appeals WHERE id = $1", m.vals["appeal.own"]).Scan(&title); err != nil {
			t.Fatal(err)
		}
		m.vals["title.own"] = title
		secret := []string{"name.own", "name.other", "title.own", "title.other", "phone.own", "phone.other"}
		dead := e.unit("PH-XINNAN")
		var grid int64 // a unit under the one deactivated
		if err := e.app.DB.R.QueryRow("SELECT min(id) FROM units WHERE parent_id = $1", dead.ID).Scan(&grid); err != nil {
			t.Fatal(err)
		}
		var users []string
		for _, role := range access.Roles {
			for _, scope := range []struct {
				name string
				unit int64
			}{{"none", 0}, {"inactive", dead.ID}, {"under-inactive", grid}} {
				users = append(users, string(role)+"-"+scope.name)
				e.addUser(users[len(users)-1], role, scope.unit)
			}
		}
		e.addUser("enterprise-unlinked", access.Enterprise, e.unit("PH-HEHUA").ID)
		users = append(users, "enterprise-unlinked")
		if err := setActive(e, dead.ID, false); err != nil {
			t.Fatal(err)
		}
		for _, u := range users {
			m.browsers[u], m.tokens[u] = e.browser().login(u), e.token(u)
		}
		for _, r := range readRows() {
			for _, u := range users {
				res := m.request(t, r, u)
				path := m.fill(t, r.path)
				if res.Status >= 500 {
					t.Errorf("%s GET %s: %d", u, path, res.Status)
					continue
				}
				for _, s := range secret {
					if strings.Contains(res.Body, m.vals[s]) {
						t.Errorf("%s GET %s: %d shows %s", u, path, res.Status, s)
					}
				}
				if r.obj != "none" && res.Status != http.StatusNotFound {
					t.Errorf("%s GET %s: %d, want 404", u, path, res.Status)
				}
				if !r.api() || res.Status != 200 || r.obj != "none" || unscopedAPI[strings.SplitN(path, "?", 2)[0]] {
					continue
				}
				var body any
				if err := json.Unmarshal([]byte(res.Body), &body); err != nil {
					t.Fatalf("%s GET %s: %v", u, path, err)
				}
				if n := countsIn(body, ""); n != "" {
					t.Errorf("%s GET %s: %s is not zero: %s", u, path, n, snippet(res.Body))
				}
			}
		}
	})
}

// unscopedAPI are the API reads that are the same for everyone signed in:
// the caller's own account and sessions, the calendar, and the appeal
// categories and project fields (dictionaries, not business data).
var unscopedAPI = map[string]bool{"/api/v1/me": true, "/api/v1/account/sessions": true, "/api/v1/calendar": true, "/api/v1/appeal-categories": true,
	"/api/v1/project-fields": true}

// countsIn names the first number in v, a decoded JSON answer, that is
// not zero, ignoring the paging fields and ids of what the answer is
// about rather than counts; "" when every count is zero. A list's items
// count as one number: there must be none.
func countsIn(v any, key string) string {
	switch x := v.(type) {
	case float64:
		if x != 0 && key != "page" && key != "page_size" {
			return key
		}
	case []any:
		if key == "items" && len(x) > 0 {
			return "items"
		}
		for _, y := range x {
			if n := countsIn(y, key); n != "" {
				return n
			}
		}
	case map[string]any:
		for k, y := range x {
			if n := countsIn(y, k); n != "" {
				return n
			}
		}
	}
	return ""
}

// A user whose unit changed sees the new scope at once, through the API
// token and the browser session they already hold, in lists and in the
// exports alike.
func TestUnitChangeReachesTokensAndExports(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		m := newMatrixEnv(t, e)
		var otherAppealEnt string
		if err := e.app.DB.R.QueryRow(`SELECT e.name FROM appeals p JOIN enterprises e ON e.id = p.enterprise_id WHERE p.id = $1`,
			m.vals["appeal.other"]).Scan(&otherAppealEnt); err != nil {
			t.Fatal(err)
		}
		tok, b := m.tokens["community"], m.browsers["community"]
		get := func(path string) resp {
			if strings.HasPrefix(path, "/api/") {
				return e.api("GET", path, tok, nil)
			}
			return b.get(path)
		}
		own, other := m.vals["name.own"], m.vals["name.other"]
		// What the community user is shown before the move and not after
		// (mine), and after and not before (theirs).
		shows := []struct{ path, mine, theirs string }{
			{"/api/v1/enterprises?q=" + url.QueryEscape(own), own, ""},
			{"/api/v1/enterprises?q=" + url.QueryEscape(other), "", other},
			{"/ledgers/enterprises.csv", own, other},
			{"/ledgers/visits.csv", own, other},
			{"/ledgers/appeals.csv", own, otherAppealEnt},
		}
		// The objects of the old and the new community.
		opens := []struct{ path, before, after string }{
			{"/api/v1/units/" + m.vals["unit.own"], "OK", "Not Found"},
			{"/api/v1/units/" + m.vals["unit.other"], "Not Found", "OK"},
			{"/api/v1/enterprises/" + m.vals["ent.own"], "OK", "Not Found"},
			{"/api/v1/enterprises/" + m.vals["ent.other"], "Not Found", "OK"},
			{"/enterprises/" + m.vals["ent.own"], "OK", "Not Found"},
			{"/enterprises/" + m.vals["ent.other"], "Not Found", "OK"},
		}
		see := func(when string, moved bool) {
			for _, c := range shows {
				res := get(c.path)
				shown, hidden := c.mine, c.theirs
				if moved {
					shown, hidden = c.theirs, c.mine
				}
				switch {
				case res.Status != 200:
					t.Errorf("%s, GET %s: %d %s", when, c.path, res.Status, snippet(res.Body))
				case shown != "" && !strings.Contains(res.Body, shown):
					t.Errorf("%s, GET %s: does not show %q", when, c.path, shown)
				case hidden != "" && strings.Contains(res.Body, hidden):
					t.Errorf("%s, GET %s: shows %q", when, c.path, hidden)
				}
			}
			for _, c := range opens {
				want := c.before
				if moved {
					want = c.after
				}
				if got := http.StatusText(get(c.path).Status); got != want {
					t.Errorf("%s, GET %s: %s, want %s", when, c.path, got, want)
				}
			}
		}
		see("before the move", false)
		if r := e.api("PATCH", "/api/v1/users/"+m.vals["user.own"], m.tokens["secadmin"],
			map[string]any{"unit_id": mustInt(m.vals["unit.other"])}); r.Status != 200 {
			t.Fatalf("move: %d %s", r.Status, r.Body)
		}
		see("after the move, same token and session", true)
	})
}

// bodyCase is a write whose body names something the actor may not
// touch or set. want is the status; field, for the API, the field the
// answer must name. Nothing may be written.
type bodyCase struct {
	name  string
	who   string
	route string // "METHOD path", the path with placeholders
	body  string // JSON for the API, a form for pages
	want  int
	field string
}

// bodyEnv is the matrix's env with accounts of wider roles scoped to 禾花
// (a leader, a sysadmin, a secadmin), a 平湖 community worker, and a few
// more values for the placeholders.
func bodyEnv(t *testing.T, e *env) *matrixEnv {
	m := newMatrixEnv(t, e)
	hehua, pinghu := e.unit("PH-HEHUA"), e.unit("PH-PINGHU")
	for _, u := range []struct {
		name string
		role access.Role
		unit int64
	}{{"leader-hh", access.Leader, hehua.ID}, {"admin-hh", access.Sysadmin, hehua.ID}, {"secadmin-hh", access.Secadmin, hehua.ID},
		{"worker-ph", access.Community, pinghu.ID}} {
		e.addUser(u.name, u.role, u.unit)
		m.browsers[u.name], m.tokens[u.name] = e.browser().login(u.name), e.token(u.name)
	}
	e.seen(m.browsers, m.tokens)
	q := e.app.DB.R
	for key, query := range map[string]string{
		"user.ent":      "SELECT id FROM users WHERE username = 'enterprise'",
		"user.admin":    "SELECT id FROM users WHERE username = 'admin'",
		"user.secadmin": "SELECT id FROM users WHERE username = 'secadmin'",
		"user.spec":     "SELECT id FROM users WHERE username = 'specialist'",
		"user.worker":   "SELECT id FROM users WHERE username = 'worker-ph'",
		// An appeal of 禾花 still open, which a leader may supervise.
		"appeal.open": `SELECT min(p.id) FROM appeals p JOIN enterprises e ON e.id = p.enterprise_id
			JOIN units c ON c.id = e.community_id WHERE c.code = 'PH-HEHUA' AND p.state IN ('submitted', 'accepted', 'in_progress', 'resolved')`,
	} {
		var n int64
		if err := q.QueryRow(query).Scan(&n); err != nil || n == 0 {
			t.Fatalf("%s: %d %v", key, n, err)
		}
		m.vals[key] = id(n)
	}
	var code string
	if err := q.QueryRow("SELECT credit_code FROM enterprises WHERE id = $1", m.vals["ent.other"]).Scan(&code); err != nil {
		t.Fatal(err)
	}
	m.vals["code.other"] = code
	// The registry form of 禾花's enterprise as it stands, without its
	// community: saved with the community it names, it changes nothing
	// else.
	var name, credit, address, industry, status string
	var above, top bool
	if err := q.QueryRow("SELECT name, credit_code, address, industry, status, above_scale, top100 FROM enterprises WHERE id = $1",
		m.vals["ent.own"]).Scan(&name, &credit, &address, &industry, &status, &above, &top); err != nil {
		t.Fatal(err)
	}
	form := url.Values{"name": {name}, "credit_code": {credit}, "address": {address}, "industry": {industry}, "status": {status}}
	if above {
		form.Set("above_scale", "true")
	}
	if top {
		form.Set("top100", "true")
	}
	m.vals["form.own"] = form.Encode()
	m.vals["hehua.name"], m.vals["hehua.code"] = hehua.Name, hehua.Code
	return m
}

// runBodyCases sends each case and checks its status, the field named
// and that the database is exactly as before.
func runBodyCases(t *testing.T, m *matrixEnv, cases []bodyCase) {
	t.Helper()
	for _, c := range cases {
		before := snapshot(t, m.env)
		r := mrow{route: c.route, path: strings.SplitN(c.route, " ", 2)[1], body: c.body}
		res := m.request(t, r, c.who)
		if res.Status != c.want {
			t.Errorf("%s: %s as %s: %d, want %d: %s", c.name, m.fill(t, c.route), c.who, res.Status, c.want, snippet(res.Body))
		}
		if c.field != "" {
			var out struct {
				Error struct{ Fields map[string]string }
			}
			_ = json.Unmarshal([]byte(res.Body), &out)
			if _, ok := out.Error.Fields[c.field]; !ok {
				t.Errorf("%s: the answer does not name %s: %s", c.name, c.field, snippet(res.Body))
			}
		}
		if c.who != "leader" && strings.Contains(res.Body, m.vals["name.other"]) {
			t.Errorf("%s: the answer names 平湖's enterprise", c.name)
		}
		if after := snapshot(t, m.env); after != before {
			t.Errorf("%s: refused, yet wrote:\n%s", c.name, diffLines(before, after))
		}
	}
}

// appealJSON is a valid appeal for enterprise ent, with extra members.
func appealJSON(ent, channel, extra string) string {
	return `{"enterprise_id":` + ent + `,"category":"financing","channel":"` + channel + `","title":"越界测试","description":"越界测试"` + extra + `}`
}

const visitForm = "date=2026-03-01&form=on_site&findings=x&people="

// Foreign ids inside bodies, as well as in paths: a scoped role that
// names in a form or a JSON body an enterprise, community, unit, visit,
// account or contact outside its scope gets 404 (the object of the path)
// or 422 naming the field (an id in the body), and nothing is written.
// (The 四个一 members of an assignment are not limited to the scope by
// design, see enterprise.Assignment.validate.)
func TestForeignIDsInBodies(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		m := bodyEnv(t, e)
		const inv, nf = http.StatusUnprocessableEntity, http.StatusNotFound
		runBodyCases(t, m, []bodyCase{
			// Appeals for another community's enterprise.
			{"community: appeal for another enterprise", "community", "POST /api/v1/appeals", appealJSON("{ent.other}", "hotline", ""), inv, "enterprise_id"},
			{"specialist: appeal for another enterprise", "specialist", "POST /api/v1/appeals", appealJSON("{ent.other}", "hotline", ""), inv, "enterprise_id"},
			{"enterprise: appeal for another enterprise", "enterprise", "POST /api/v1/appeals", appealJSON("{ent.other}", "online", ""), inv, "enterprise_id"},
			{"scoped leader: appeal for another enterprise", "leader-hh", "POST /api/v1/appeals", appealJSON("{ent.other}", "hotline", ""), inv, "enterprise_id"},
			{"scoped leader: appeal page for another enterprise", "leader-hh", "POST /appeals?enterprise_id={ent.other}",
				"category=financing&channel=hotline&title=x&description=x", nf, ""},
			// A visit of another enterprise named on one's own appeal.
			{"community: another enterprise's visit", "community", "POST /api/v1/appeals",
				appealJSON("{ent.own}", "visit", `,"visit_id":{visit.other}`), inv, "visit_id"},
			{"specialist: another enterprise's visit", "specialist", "POST /api/v1/appeals",
				appealJSON("{ent.own}", "visit", `,"visit_id":{visit.other}`), inv, "visit_id"},
			// Accounts out of sight named among a visit's people.
			{"community: a visit naming another community's worker", "community", "POST /api/v1/enterprises/{ent.own}/visits",
				`{"date":"2026-03-01","form":"on_site","people":[{"user_id":{user.worker}}]}`, inv, "people"},
			{"specialist: a visit naming the secadmin", "specialist", "POST /api/v1/enterprises/{ent.own}/visits",
				`{"date":"2026-03-01","form":"on_site","people":[{"user_id":{user.secadmin}}]}`, inv, "people"},
			{"scoped leader: a visit naming another community's worker", "leader-hh", "POST /api/v1/enterprises/{ent.own}/visits",
				`{"date":"2026-03-01","form":"on_site","people":[{"user_id":{user.worker}}]}`, inv, "people"},
			{"community: visit form naming another community's worker", "community", "POST /visits?enterprise_id={ent.own}",
				visitForm + "{user.worker}", inv, ""},
			{"specialist: visit form naming the sysadmin", "specialist", "POST /visits?enterprise_id={ent.own}",
				visitForm + "{user.admin}", inv, ""},
			{"community: visit form for another enterprise", "community", "POST /visits?enterprise_id={ent.other}",
				visitForm + "{user.own}", nf, ""},
			{"scoped leader: a visit to another enterprise", "leader-hh", "POST /api/v1/enterprises/{ent.other}/visits",
				`{"date":"2026-03-01","form":"on_site","people":[{"name":"x"}]}`, nf, ""},
			// The registry: another community, another enterprise.
			{"scoped leader: register in another community", "leader-hh", "POST /api/v1/enterprises",
				`{"name":"越界企业","community_id":{unit.other}}`, inv, "community_id"},
			{"scoped leader: move an enterprise to another community", "leader-hh", "PATCH /api/v1/enterprises/{ent.own}",
				`{"community_id":{unit.other}}`, inv, "community_id"},
			{"scoped leader: edit another community's enterprise", "leader-hh", "PATCH /api/v1/enterprises/{ent.other}",
				`{"name":"越界"}`, nf, ""},
			{"scoped leader: assign another community's enterprise", "leader-hh", "PUT /api/v1/enterprises/{ent.other}/assignment",
				`{}`, nf, ""},
			{"scoped leader: register form in another community", "leader-hh", "POST /enterprises",
				"name=越界企业&community_id={unit.other}&status=operating&address=x", inv, ""},
			{"scoped leader: edit form moving to another community", "leader-hh", "POST /enterprises/{ent.own}",
				"{form.own}&community_id={unit.other}", inv, ""},
			{"scoped leader: bulk assignment with another community's enterprise", "leader-hh", "POST /enterprises/bulk-assignment",
				"ids={ent.own}&ids={ent.other}&specialist_id=0&confirm=yes", inv, ""},
			{"specialist: another enterprise's contact under one's own", "specialist", "POST /enterprises/{ent.own}/contacts/{contact.other}",
				"name=越界", nf, ""},
			{"scoped leader: act on another community's appeal", "leader-hh", "POST /api/v1/appeals/{appeal.other}/actions",
				`{"action":"supervise"}`, nf, ""},
			// Accounts and units outside the officer's unit.
			{"scoped sysadmin: an account in another community", "admin-hh", "POST /api/v1/users",
				`{"username":"yuejie","display_name":"越界","role":"community","unit_id":{unit.other},"password":"lake-lantern-2026x"}`, inv, "unit_id"},
			{"scoped sysadmin: an account linked to another community's enterprise", "admin-hh", "POST /api/v1/users",
				`{"username":"yuejie","display_name":"越界","role":"enterprise","unit_id":{unit.own},"enterprise_id":{ent.other},"password":"lake-lantern-2026x"}`,
				inv, "enterprise_id"},
			{"scoped sysadmin: account form in another community", "admin-hh", "POST /users",
				"username=yuejie&display_name=越界&role=community&unit_id={unit.other}&password=lake-lantern-2026x", inv, ""},
			{"scoped sysadmin: account form linked to another community's enterprise", "admin-hh", "POST /users",
				"username=yuejie&display_name=越界&role=enterprise&unit_id={unit.own}&enterprise_code={code.other}&password=lake-lantern-2026x", inv, ""},
			{"scoped sysadmin: a unit under another community", "admin-hh", "POST /api/v1/units",
				`{"parent_id":{unit.other},"kind":"grid","name":"越界网格","code":"PH-X-1"}`, inv, "parent_id"},
			{"scoped sysadmin: unit form under another community", "admin-hh", "POST /units",
				"parent_id={unit.other}&kind=grid&name=越界网格&code=PH-X-1", inv, ""},
			{"scoped sysadmin: rename another community", "admin-hh", "PATCH /api/v1/units/{unit.other}", `{"name":"越界"}`, nf, ""},
			{"scoped sysadmin: edit another unit's account", "admin-hh", "PATCH /api/v1/users/{user.other}", `{"display_name":"越界"}`, nf, ""},
			{"scoped secadmin: move an account to another community", "secadmin-hh", "PATCH /api/v1/users/{user.own}",
				`{"unit_id":{unit.other}}`, inv, "unit_id"},
			{"scoped secadmin: link an account to another community's enterprise", "secadmin-hh", "PATCH /api/v1/users/{user.ent}",
				`{"enterprise_id":{ent.other}}`, inv, "enterprise_id"},
			{"scoped secadmin: account form moving to another community", "secadmin-hh", "POST /users/{user.own}",
				"role=community&unit_id={unit.other}", inv, ""},
			{"scoped secadmin: another unit's account", "secadmin-hh", "PATCH /api/v1/users/{user.other}", `{"role":"office"}`, nf, ""},
		})
		// An out-of-scope visit is as unknown as a missing one.
		own := e.api("POST", "/api/v1/appeals", m.tokens["community"], json.RawMessage(m.fill(t, appealJSON("{ent.own}", "visit", `,"visit_id":{visit.other}`))))
		missing := e.api("POST", "/api/v1/appeals", m.tokens["community"], json.RawMessage(m.fill(t, appealJSON("{ent.own}", "visit", `,"visit_id":999999999`))))
		if own.Body != missing.Body {
			t.Errorf("another enterprise's visit is told apart from a missing one:\n%s\n%s", own.Body, missing.Body)
		}
	})
}

// Fields a role may not set are refused, not silently ignored: 422
// naming the field, or, for a JSON member the endpoint does not know at
// all, 400 naming it (edge.DecodeJSON); and nothing is written. Each
// request would otherwise succeed, so that a field dropped in silence
// shows as a write.
func TestForbiddenFieldsRefused(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		m := bodyEnv(t, e)
		const inv, bad = http.StatusUnprocessableEntity, http.StatusBadRequest
		const appealForm = "category=financing&channel=hotline&title=x&description=x&department_id={unit.dept}"
		runBodyCases(t, m, []bodyCase{
			// Only leaders and the office name an appeal's department.
			{"community names the department", "community", "POST /api/v1/appeals",
				appealJSON("{ent.own}", "hotline", `,"department_id":{unit.dept}`), inv, "department_id"},
			{"specialist names the department", "specialist", "POST /api/v1/appeals",
				appealJSON("{ent.own}", "hotline", `,"department_id":{unit.dept}`), inv, "department_id"},
			{"enterprise names the department", "enterprise", "POST /api/v1/appeals",
				appealJSON("{ent.own}", "online", `,"department_id":{unit.dept}`), inv, "department_id"},
			{"community names the department in the form", "community", "POST /appeals?enterprise_id={ent.own}", appealForm, inv, ""},
			{"specialist names the department in the form", "specialist", "POST /appeals?enterprise_id={ent.own}", appealForm, inv, ""},
			{"enterprise chooses the channel", "enterprise", "POST /api/v1/appeals", appealJSON("{ent.own}", "hotline", ""), inv, "channel"},
			// Fields an action does not use.
			{"supervision naming a department", "leader", "POST /api/v1/appeals/{appeal.open}/actions",
				`{"action":"supervise","department_id":{unit.dept}}`, inv, "department_id"},
			{"supervision with a rating", "leader", "POST /api/v1/appeals/{appeal.open}/actions",
				`{"action":"supervise","solved":"solved","satisfaction":"satisfied"}`, inv, "solved"},
			{"supervision form naming a department", "leader", "POST /appeals/{appeal.open}/actions",
				"action=supervise&department_id={unit.dept}", inv, ""},
			// Accounts: the three officers' fields are apart (三员分立),
			// and nobody sets their own role or scope.
			{"secadmin sets a profile", "secadmin", "PATCH /api/v1/users/{user.spare}", `{"display_name":"x"}`, inv, "display_name"},
			{"sysadmin sets a role", "admin", "PATCH /api/v1/users/{user.spare}", `{"role":"office"}`, inv, "role"},
			{"sysadmin links an enterprise", "admin", "PATCH /api/v1/users/{user.ent}", `{"enterprise_id":{ent.own}}`, inv, "enterprise_id"},
			{"sysadmin moves themself", "admin", "PATCH /api/v1/users/{user.admin}", `{"unit_id":{unit.own}}`, inv, "unit_id"},
			{"secadmin changes their own role", "secadmin", "PATCH /api/v1/users/{user.secadmin}", `{"role":"leader"}`, inv, "role"},
			{"specialist sets their own role and unit", "specialist", "PATCH /api/v1/users/{user.spec}",
				`{"role":"leader","unit_id":{unit.other}}`, http.StatusNotFound, ""},
			{"secadmin profile form", "secadmin", "POST /users/{user.spare}", "display_name=x", inv, ""},
			{"sysadmin role form", "admin", "POST /users/{user.spare}", "role=office", inv, ""},
			{"community sets role and unit with their password", "community", "POST /account/password",
				"current_password=lake-lantern-2026&new_password=river-lantern-2027&new_password_again=river-lantern-2027&role=leader&unit_id={unit.other}",
				inv, ""},
			// Units neither move nor change kind.
			{"a unit moved", "admin", "PATCH /api/v1/units/{unit.own}", `{"parent_id":{unit.other}}`, inv, "parent_id"},
			{"a unit moved by its form", "admin", "POST /units/{unit.own}",
				"name={hehua.name}&code={hehua.code}&active=true&parent_id={unit.other}", inv, ""},
			{"a unit's kind changed by its form", "admin", "POST /units/{unit.own}",
				"name={hehua.name}&code={hehua.code}&active=true&kind=grid", inv, ""},
			// Members the endpoint does not take at all.
			{"the 四个一 through the registry", "leader", "PATCH /api/v1/enterprises/{ent.own}", `{"specialist_id":{user.own}}`, bad, "specialist_id"},
			{"an appeal's state at its birth", "community", "POST /api/v1/appeals",
				appealJSON("{ent.own}", "hotline", `,"state":"closed"`), bad, "state"},
		})
	})
}
