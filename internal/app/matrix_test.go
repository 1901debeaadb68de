package app_test

// The authorization matrix (issue 4, item 3; DESIGN.md §2 and §6): every
// registered route × every demo role and the anonymous visitor × the
// object it names (own: of 禾花社区, the demo's community; other: of 平湖社区;
// none) → the expected status class and what must not appear in the body.
// The table itself is in matrix_rows_test.go; this file runs it.
//
// Related scenarios kept elsewhere: a user whose unit changed sees the new
// scope at once (TestScopeFollowsUnit in scope_test.go; through the token
// and session already held, and in the exports:
// TestUnitChangeReachesTokensAndExports in scope_leak_test.go); empty,
// unknown, zero and inactive scopes (TestEmptyScopeSeesNothing,
// TestInactiveAncestorRemovesScope; on every read route of this table:
// TestEmptyScopeEveryRoute); a database error never drops the scope
// filter (TestScopeErrorNeverWidens); foreign ids inside bodies
// (TestForeignIDsInBodies) and fields a role may not set
// (TestForbiddenFieldsRefused), refused with nothing written; the scope
// rules themselves, given no usable scope, match nothing (TestScope in
// internal/enterprise, TestReadScope and TestFiguresWithoutScope in
// internal/appeal); cross-origin posts get 403 (TestCrossOriginPostsRefused
// in pages_test.go).

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
)

// want is the class of answer a request must get.
type want int

const (
	dflt    want = iota // the row's default for the role (see mrow)
	okRead              // 200
	okWrite             // allowed: 200, 201, 204, 303 (not to /login) or 422
	invalid             // 422: allowed, but the body is refused
	nf                  // 404: out of scope, or no permission (DESIGN §2)
	unauth              // 401: anonymous on the API
	login               // 303 to /login: anonymous on a page
	public              // anything but 401, 404, 5xx and a redirect to /login
)

func (w want) String() string {
	return [...]string{"default", "200", "ok-write", "422", "404", "401", "login", "public"}[w]
}

func (w want) match(status int, location string) bool {
	switch w {
	case okRead:
		return status == 200
	case okWrite:
		switch status {
		case 200, 201, 204, 422:
			return true
		case 303:
			return !strings.HasPrefix(location, "/login")
		}
		return false
	case invalid:
		return status == 422
	case nf:
		return status == 404
	case unauth:
		return status == 401
	case login:
		return status == 303 && strings.HasPrefix(location, "/login")
	case public:
		return status < 500 && status != 401 && status != 404 && !(status == 303 && strings.HasPrefix(location, "/login"))
	}
	return false
}

// roles of the matrix: the demo accounts (admin is the sysadmin) and the
// anonymous visitor.
const anonymous = "anonymous"

var matrixRoles = append(append([]string{}, demoUsers...), anonymous)

// mrow is one route × object; it expands to one case per role.
//
//	allow: the roles (space-separated; "*" every signed-in role) that get
//	  `as` (default okRead for GET, okWrite otherwise);
//	deny: what the other signed-in roles get (default nf);
//	anon: what the anonymous visitor gets (default login for pages, unauth
//	  for the API);
//	hide: placeholders whose values must not appear in the body of any
//	  answer, except to the roles in sees ("*": no role is exempt);
//	set: per-role exceptions to all of the above;
//	says: a 422 answer must name this (the field that was refused);
//	fresh: the request ends the session, so each role uses a new one;
//	bug: a known authorization bug; the row is skipped with this reason.
type mrow struct {
	route string
	obj   string // own, other, none
	path  string
	body  string // a form for pages, JSON for the API
	allow string
	as    want
	deny  want
	anon  want
	hide  []string
	sees  string
	set   map[string]want // per-role exceptions to allow/deny
	says  string          // must appear in every 422 answer: the field refused
	// masked: placeholders (unmasked phone numbers) that no role may see.
	masked []string
	fresh  bool
	bug    string
}

func (r mrow) api() bool { return strings.HasPrefix(r.path, "/api/") }

func (r mrow) method() string { return strings.SplitN(r.route, " ", 2)[0] }

// expect is what role must get.
func (r mrow) expect(role string) want {
	if w, ok := r.set[role]; ok {
		return w
	}
	if role == anonymous {
		if r.anon != dflt {
			return r.anon
		}
		if r.api() {
			return unauth
		}
		return login
	}
	if r.allow == "*" || inList(r.allow, role) {
		if r.as != dflt {
			return r.as
		}
		if r.method() == "GET" {
			return okRead
		}
		return okWrite
	}
	if r.deny != dflt {
		return r.deny
	}
	return nf
}

func inList(list, s string) bool {
	for _, x := range strings.Fields(list) {
		if x == s {
			return true
		}
	}
	return false
}

// Every registered route has at least one row, and every row names a
// registered route: adding a route without a row, or deleting the last
// row of a route, fails here.
func TestMatrixCoversEveryRoute(t *testing.T) {
	e := newEnv(t, db.SQLite)
	registered := map[string]bool{}
	for _, rt := range e.app.Routes() {
		registered[rt.Key()] = true
	}
	covered := map[string]bool{}
	for _, r := range matrixRows {
		if !registered[r.route] {
			t.Errorf("row for %s: no such route", r.route)
		}
		covered[r.route] = true
		if got := strings.SplitN(r.path, "?", 2)[0]; !strings.HasPrefix(strings.TrimPrefix(r.route, r.method()+" "), "/") || got == "" {
			t.Errorf("row for %s: bad path %q", r.route, r.path)
		}
	}
	// A route that names an object in its path needs a row with an object
	// the role may reach and one with an object outside its scope (or
	// absent), so that deleting either row fails here too.
	reach, beyond := map[string]bool{}, map[string]bool{}
	for _, r := range matrixRows {
		switch r.obj {
		case "own", "valid":
			reach[r.route] = true
		case "other", "cross", "absent":
			beyond[r.route] = true
		}
	}
	for k := range registered {
		if !strings.Contains(strings.ReplaceAll(k, "{$}", ""), "{") || unscopedObjects[k] != "" || !covered[k] {
			continue
		}
		if !reach[k] {
			t.Errorf("route %s names an object but has no row with one in scope (own or valid)", k)
		}
		if !beyond[k] {
			t.Errorf("route %s names an object but has no row with one out of scope (other, cross or absent)", k)
		}
	}
	var missing []string
	for k := range registered {
		if !covered[k] {
			missing = append(missing, k)
		}
	}
	sort.Strings(missing)
	for _, k := range missing {
		t.Errorf("route %s has no row in the authorization matrix (matrix_rows_test.go)", k)
	}
}

// unscopedObjects are the routes whose path names something that belongs
// to no unit, with the reason.
var unscopedObjects = map[string]string{
	"POST /appeal-categories/{code}":         "the category dictionary is the whole sub-district's",
	"PATCH /api/v1/appeal-categories/{code}": "the category dictionary is the whole sub-district's",
	"POST /calendar/{date}/remove":           "the working-day calendar is the whole installation's",
	// A session or an authenticator is its holder's: the rows are somebody
	// else's (allowed to the secadmin) and an absent one; ending one's own
	// is TestUsersEndSessions, since it would end the matrix's sessions.
	"POST /account/sessions/{id}/end":          "a session is its holder's",
	"DELETE /api/v1/account/sessions/{sid}":    "a session is its holder's",
	"POST /users/{id}/sessions/{sid}/end":      "a session is its holder's",
	"DELETE /api/v1/users/{id}/sessions/{sid}": "a session is its holder's",
	"POST /users/{id}/two-factor/reset":        "an authenticator is its holder's",
}

// matrixEnv is one database with every demo user signed in once.
type matrixEnv struct {
	*env
	browsers map[string]*browser
	tokens   map[string]string
	vals     map[string]string
}

func newMatrixEnv(t *testing.T, e *env) *matrixEnv {
	m := &matrixEnv{env: e, browsers: map[string]*browser{}, tokens: map[string]string{}}
	for _, who := range demoUsers {
		m.browsers[who] = e.browser().login(who)
		m.tokens[who] = e.token(who)
	}
	m.browsers[anonymous] = e.browser()
	m.vals = matrixValues(t, e)
	return m
}

// matrixValues finds the demo's records by what they are: own is 禾花's
// (the demo community's, specialist's and enterprise account's), other
// is 平湖's.
func matrixValues(t *testing.T, e *env) map[string]string {
	t.Helper()
	f := e.facts(t)
	q := e.app.DB.R
	v := map[string]string{
		"ent.own": id(f.own), "ent.other": id(f.pinghu),
		"visit.own": id(f.ownVisit), "visit.other": id(f.pinghuVis),
		"unit.own": id(e.unit("PH-HEHUA").ID), "unit.other": id(e.unit("PH-PINGHU").ID),
		"unit.dept": id(e.unit("PH-D-JJB").ID),
		"user.own":  userID(t, e, "community"), "user.other": userID(t, e, "leader"),
		"user.spare": userID(t, e, "leader6"),
	}
	one := func(key, query string, args ...any) {
		t.Helper()
		var n int64
		if err := q.QueryRow(query, args...).Scan(&n); err != nil || n == 0 {
			t.Fatalf("%s: %s: %d %v", key, query, n, err)
		}
		v[key] = id(n)
	}
	str := func(key, query string, args ...any) {
		t.Helper()
		var s string
		if err := q.QueryRow(query, args...).Scan(&s); err != nil || s == "" {
			t.Fatalf("%s: %s: %q %v", key, query, s, err)
		}
		v[key] = s
	}
	one("appeal.own", "SELECT min(id) FROM appeals WHERE enterprise_id = $1", f.own)
	one("appeal.other", `SELECT min(p.id) FROM appeals p JOIN enterprises e ON e.id = p.enterprise_id
		JOIN units c ON c.id = e.community_id WHERE c.code = 'PH-PINGHU'`)
	one("act.own", "SELECT min(a.id) FROM activities a JOIN activity_units au ON au.activity_id = a.id JOIN units u ON u.id = au.unit_id WHERE u.code = 'PH-HEHUA'")
	one("act.other", "SELECT min(a.id) FROM activities a JOIN activity_units au ON au.activity_id = a.id JOIN units u ON u.id = au.unit_id WHERE u.code = 'PH-PINGHU'")
	one("camp.own", "SELECT min(id) FROM campaigns")
	str("act.other.title", "SELECT title FROM activities WHERE id = $1", v["act.other"])
	str("camp.name", "SELECT name FROM campaigns WHERE id = $1", v["camp.own"])
	// Projects: own is led by 禾花, other by 平湖; both open, with an open
	// milestone, and neither is the department account's (经济服务办公室
	// neither leads nor is responsible for them).
	for key, code := range map[string]string{"project.own": "PH-HEHUA", "project.other": "PH-PINGHU"} {
		one(key, `SELECT min(p.id) FROM projects p JOIN units u ON u.id = p.lead_unit_id WHERE u.code = $1 AND p.closed_date IS NULL
			AND EXISTS (SELECT 1 FROM project_milestones m WHERE m.project_id = p.id AND m.done_date IS NULL)
			AND NOT EXISTS (SELECT 1 FROM project_departments d JOIN units du ON du.id = d.unit_id WHERE d.project_id = p.id AND du.code = 'PH-D-JJB')`, code)
	}
	one("milestone.own", "SELECT min(id) FROM project_milestones WHERE project_id = $1 AND done_date IS NULL", v["project.own"])
	one("milestone.other", "SELECT min(id) FROM project_milestones WHERE project_id = $1 AND done_date IS NULL", v["project.other"])
	str("pname.other", "SELECT name FROM projects WHERE id = $1", v["project.other"])
	str("name.other", "SELECT name FROM enterprises WHERE id = $1", f.pinghu)
	str("name.own", "SELECT name FROM enterprises WHERE id = $1", f.own)
	str("title.other", "SELECT title FROM appeals WHERE id = $1", v["appeal.other"])
	str("uphone.own", "SELECT phone FROM users WHERE id = $1", v["user.own"])
	str("uphone.other", "SELECT phone FROM users WHERE id = $1", v["user.other"])
	// Contacts with a known phone on both enterprises, so that a leak of
	// the unmasked number shows.
	v["phone.own"], v["phone.other"] = "13912345678", "13987654321"
	v["contact.own"] = addContact(t, e, f.own, "联系人甲", v["phone.own"])
	v["contact.other"] = addContact(t, e, f.pinghu, "联系人乙", v["phone.other"])
	// A browser session of the spare user, for the rows that end sessions.
	e.browser().login("leader6")
	str("session.spare", "SELECT substr(id, 1, 16) FROM sessions WHERE user_id = $1 AND kind = 'web'", v["user.spare"])
	// A day of the calendar to remove.
	if _, err := e.app.DB.W.Exec("INSERT INTO calendar_days (day, kind, name) VALUES ('2031-01-01', 'holiday', '矩阵')"); err != nil {
		t.Fatal(err)
	}
	proposalFixtures(t, e, v)
	// The think tank: the demo expert account's record and its assigned
	// consultation of the demo enterprise; 平湖's first expert and
	// consultation.
	one("expert.own", "SELECT min(x.id) FROM experts x JOIN users u ON u.id = x.user_id WHERE u.username = 'expert'")
	one("expert.other", "SELECT min(x.id) FROM experts x JOIN units c ON c.id = x.community_id WHERE c.code = 'PH-PINGHU'")
	one("consultation.own", `SELECT min(k.id) FROM consultations k WHERE k.expert_id = $1 AND k.state = 'assigned'
		AND k.enterprise_id = (SELECT enterprise_id FROM users WHERE username = 'enterprise')`, v["expert.own"])
	one("consultation.other", "SELECT min(k.id) FROM consultations k JOIN units c ON c.id = k.community_id WHERE c.code = 'PH-PINGHU'")
	str("xname.other", "SELECT name FROM experts WHERE id = $1", v["expert.other"])
	str("xmobile.own", "SELECT mobile FROM experts WHERE id = $1", v["expert.own"])
	str("xmobile.other", "SELECT mobile FROM experts WHERE id = $1", v["expert.other"])
	str("ktopic.other", "SELECT topic FROM consultations WHERE id = $1", v["consultation.other"])
	for key, code := range map[string]string{"station.own": "PH-HEHUA", "station.other": "PH-PINGHU"} {
		one(key, "SELECT min(s.id) FROM stations s JOIN units u ON u.id = s.community_id WHERE u.code = $1", code)
	}
	str("stn.other.name", "SELECT name FROM stations WHERE id = $1", v["station.other"])
	// The community committees (党委) of 禾花 and 平湖.
	for key, code := range map[string]string{"party.own": "PH-HEHUA", "party.other": "PH-PINGHU"} {
		one(key, "SELECT min(p.id) FROM party_orgs p JOIN units u ON u.id = p.unit_id WHERE u.code = $1 AND p.level = 'committee'", code)
	}
	str("pty.other.name", "SELECT name FROM party_orgs WHERE id = $1", v["party.other"])
	// A coverage of an enterprise by a 两新 organisation of each, and a
	// position of each.
	for _, who := range []struct{ key, code string }{{"own", "PH-HEHUA"}, {"other", "PH-PINGHU"}} {
		one("pcov."+who.key, `SELECT min(k.id) FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id JOIN units u ON u.id = p.unit_id
			WHERE u.code = $1 AND k.until_day IS NULL AND k.enterprise_id IS NOT NULL AND p.status = 'active'`, who.code)
		one("pcovorg."+who.key, "SELECT org_id FROM party_coverage WHERE id = $1", v["pcov."+who.key])
		one("ppos."+who.key, "SELECT min(x.id) FROM party_positions x JOIN units u ON u.id = x.unit_id WHERE u.code = $1", who.code)
	}
	volunteerFixtures(t, e, v)
	microprojectFixtures(t, e, v)
	// A photo on each visit.
	v["att.own"] = addPhoto(t, e, f.ownVisit)
	v["att.other"] = addPhoto(t, e, f.pinghuVis)
	// A supervision notice on each appeal: own to 禾花社区, other to
	// 平湖社区; and a calendar feed of the community user.
	v["stitle.own"], v["stitle.other"] = "督办矩阵禾花", "督办矩阵平湖"
	v["supervision.own"] = addNotice(t, e, v["appeal.own"], "PH-HEHUA", v["stitle.own"])
	v["supervision.other"] = addNotice(t, e, v["appeal.other"], "PH-PINGHU", v["stitle.other"])
	v["feed.own"] = addFeed(t, e, "community")
	// Links: the own project takes up the other community's appeal, whose
	// title only the leaders and the office may see on the project.
	for _, l := range [][2]string{{v["project.own"], v["appeal.other"]}, {v["project.other"], v["appeal.other"]}} {
		if _, err := e.app.DB.W.Exec("INSERT INTO project_appeals (project_id, appeal_id, created_at) VALUES ($1, $2, 0)", l[0], l[1]); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// addNotice inserts an open supervision notice on an appeal to a unit,
// due a week after the test's clock.
func addNotice(t *testing.T, e *env, appealID, unitCode, title string) string {
	t.Helper()
	var n int64
	now := e.clock.Now()
	due := now.AddDate(0, 0, 7)
	target, _ := strconv.ParseInt(appealID, 10, 64)
	if err := e.app.DB.W.QueryRow(`INSERT INTO supervision_notices (target_kind, target_id, target_title, target_path, title,
		content, deadline, due_at, receiver_unit_id, issued_at, state, updated_at)
		VALUES ('appeal', $1, '', $2, $3, '', $4, $5, (SELECT id FROM units WHERE code = $6), $7, 'open', $7)
		RETURNING id`, target, "/appeals/"+appealID, title, due.Format(time.DateOnly), due.UnixMicro(), unitCode, now.UnixMicro()).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return id(n)
}

// addFeed makes a calendar feed for a demo user and returns its token.
func addFeed(t *testing.T, e *env, username string) string {
	t.Helper()
	u, err := account.GetByUsername(context.Background(), e.app.DB.R, username)
	if err != nil {
		t.Fatal(err)
	}
	a, err := account.ActorFor(context.Background(), e.app.DB.R, u)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := e.app.Feeds.Rotate(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func addContact(t *testing.T, e *env, ent int64, name, phone string) string {
	t.Helper()
	var n int64
	now := e.clock.Now().UnixMicro()
	if err := e.app.DB.W.QueryRow(`INSERT INTO enterprise_contacts (enterprise_id, name, position, phone, is_primary, created_at, updated_at)
		VALUES ($1, $2, '', $3, FALSE, $4, $4) RETURNING id`, ent, name, phone, now).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return id(n)
}

func addPhoto(t *testing.T, e *env, visit int64) string {
	t.Helper()
	var out []enterprise.Attachment
	err := e.app.DB.Tx(context.Background(), func(tx *sql.Tx) error {
		var err error
		out, err = e.app.Enterprises.SaveAttachmentsTx(context.Background(), tx, access.System("test"), enterprise.OwnerVisit, visit,
			[]enterprise.Upload{{Filename: "p.png", Data: []byte("\x89PNG\r\n\x1a\n" + strconv.FormatInt(visit, 10))}})
		return err
	})
	if err != nil || len(out) != 1 {
		t.Fatalf("photo: %v", err)
	}
	return id(out[0].ID)
}

var placeholderRe = regexp.MustCompile(`\{[a-z]+\.[a-z]+\}`)

// fill replaces {key} placeholders with the env's values.
func (m *matrixEnv) fill(t *testing.T, s string) string {
	for k, v := range m.vals {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	if p := placeholderRe.FindString(s); p != "" {
		t.Fatalf("unfilled placeholder %s in %q", p, s)
	}
	return s
}

// request sends row r as role and returns status, Location and body.
func (m *matrixEnv) request(t *testing.T, r mrow, role string) resp {
	t.Helper()
	// A contact to remove is made for each request, so that every role
	// that may remove one finds one.
	if strings.Contains(r.path, "{contact.new") {
		m.vals["contact.newown"] = addContact(t, m.env, mustInt(m.vals["ent.own"]), "临时联系人", "")
		m.vals["contact.newother"] = addContact(t, m.env, mustInt(m.vals["ent.other"]), "临时联系人", "")
	}
	path, body := m.fill(t, r.path), m.fill(t, r.body)
	method := r.method()
	if r.api() {
		tok := ""
		if role != anonymous {
			tok = m.tokens[role]
			if r.fresh {
				tok = m.token(role)
			}
		}
		req, _ := http.NewRequest(method, m.srv.URL+path, strings.NewReader(body))
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		return resp{Status: res.StatusCode, Header: res.Header, Body: string(data)}
	}
	b := m.browsers[role]
	if r.fresh && role != anonymous {
		b = m.browser().login(role)
	}
	if method == "GET" {
		return b.get(path)
	}
	req, _ := http.NewRequest(method, m.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

// TestAuthorizationMatrix runs every row for every role on every database.
// GET rows run first and writes after them, so that no write changes what
// a read sees.
func TestAuthorizationMatrix(t *testing.T) {
	dump := os.Getenv("PINGHU_MATRIX_DUMP") != ""
	each(t, func(t *testing.T, e *env) {
		start := time.Now()
		m := newMatrixEnv(t, e)
		rows := append([]mrow{}, matrixRows...)
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].method() == "GET" && rows[j].method() != "GET" })
		cases := 0
		for _, r := range rows {
			name := r.route + " " + r.obj
			if r.bug != "" {
				t.Run(name, func(t *testing.T) { t.Skip("BUG: " + r.bug) })
				continue
			}
			var got bytes.Buffer
			for _, role := range matrixRoles {
				cases++
				res := m.request(t, r, role)
				loc := res.Header.Get("Location")
				if dump {
					fmt.Fprintf(&got, " %s=%d", role, res.Status)
					if loc != "" {
						fmt.Fprintf(&got, "→%s", loc)
					}
					continue
				}
				if w := r.expect(role); !w.match(res.Status, loc) {
					t.Errorf("%s [%s] %s: %d %s, want %s: %s", name, role, m.fill(t, r.path), res.Status, loc, w, snippet(res.Body))
				}
				if res.Status == 422 && r.says != "" && !strings.Contains(res.Body, r.says) {
					t.Errorf("%s [%s] %s: 422 does not name %s: %s", name, role, m.fill(t, r.path), r.says, snippet(res.Body))
				}
				for _, h := range r.masked {
					if v := m.vals[h]; strings.Contains(res.Body, v) {
						t.Errorf("%s [%s] %s: body shows the unmasked %s", name, role, m.fill(t, r.path), h)
					}
				}
				if r.sees == "*" || !inList(r.sees, role) {
					for _, h := range r.hide {
						if v := m.vals[h]; v != "" && strings.Contains(res.Body, v) {
							t.Errorf("%s [%s] %s: body shows %s (%q)", name, role, m.fill(t, r.path), h, v)
						}
					}
				}
			}
			if dump {
				t.Logf("%s %s:%s", name, m.fill(t, r.path), got.String())
			}
		}
		t.Logf("%d rows, %d cases in %s", len(rows), cases, time.Since(start).Round(time.Millisecond))
	})
}

func mustInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		panic(err)
	}
	return n
}

// proposalFixtures adds a resident's proposal on 禾花, assigned to the
// demo department and under evaluation (own), one on 平湖, just submitted
// (other), and a draft rule of each community: drafts are seen only in
// the owning unit's scope, rules in force by all staff.
func proposalFixtures(t *testing.T, e *env, v map[string]string) {
	t.Helper()
	q := e.app.DB.W
	now := e.clock.Now().UnixMicro()
	v["ptitle.own"], v["ptitle.other"] = "矩阵建议甲", "矩阵建议乙"
	v["rtitle.own"], v["rtitle.other"] = "矩阵制度甲", "矩阵制度乙"
	v["receipt.own"], v["pmobile"] = "JD-MX00-0001", "13700001111"
	for _, p := range []struct{ key, receipt, title, community, unit, state string }{
		{"proposal.own", "JD-MX00-0001", v["ptitle.own"], v["unit.own"], v["unit.dept"], "under_evaluation"},
		{"proposal.other", "JD-MX00-0002", v["ptitle.other"], v["unit.other"], "", "submitted"},
	} {
		var n int64
		var unit any
		if p.unit != "" {
			unit = mustInt(p.unit)
		}
		if err := q.QueryRow(`INSERT INTO proposals (receipt, source, title, body, community_id, unit_id, resident_name, resident_mobile,
			state, submitted_at, updated_at) VALUES ($1, 'resident', $2, '矩阵', $3, $4, '矩阵居民', $6, $5, $7, $7) RETURNING id`,
			p.receipt, p.title, mustInt(p.community), unit, p.state, v["pmobile"], now).Scan(&n); err != nil {
			t.Fatal(err)
		}
		v[p.key] = id(n)
	}
	for _, r := range []struct{ key, title, unit string }{
		{"rule.own", v["rtitle.own"], v["unit.own"]}, {"rule.other", v["rtitle.other"], v["unit.other"]},
	} {
		var n int64
		if err := q.QueryRow(`INSERT INTO rules (number, title, unit_id, status, created_at, updated_at)
			VALUES ('MX-1', $1, $2, 'draft', $3, $3) RETURNING id`, r.title, mustInt(r.unit), now).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if _, err := q.Exec(`INSERT INTO rule_versions (rule_id, version, body, at) VALUES ($1, 1, '第一条', $2)`, n, now); err != nil {
			t.Fatal(err)
		}
		v[r.key] = id(n)
	}
}
