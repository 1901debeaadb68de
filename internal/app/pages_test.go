package app_test

import (
	"io/fs"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/i18n"
	"pinghu/internal/web"
)

var demoUsers = []string{"admin", "secadmin", "auditor", "leader", "office", "dept", "community", "specialist", "enterprise", "expert"}

// getPaths turns every GET page route into concrete paths, with real ids.
func getPaths(t *testing.T, e *env) map[string][]string {
	t.Helper()
	unit := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
	user := userID(t, e, "leader")
	ids := demoEnterpriseIDs(t, e)
	out := map[string][]string{}
	for _, rt := range e.app.Routes() {
		if rt.Method != "GET" {
			continue
		}
		p := rt.Pattern
		switch {
		case p == "/static/":
			out[rt.Key()] = []string{"/static/app.css", "/static/app.js"}
			continue
		case p == "/{$}":
			p = "/"
		}
		switch {
		case p == "/map":
			// Every layer, then one layer zoomed to the community.
			out[rt.Key()] = []string{p, p + "?shown=1&layer=stations&community_id=" + unit}
			continue
		case p == "/overview" || p == "/reports/summary":
			out[rt.Key()] = []string{p, p + "?" + visitWeek}
			continue
		case p == "/reports/summary/document":
			// The print page; the .docx and .xlsx are files, not pages.
			out[rt.Key()] = []string{p + "?format=html&" + visitWeek}
			continue
		case p == "/visits/new":
			out[rt.Key()] = []string{p, p + "?enterprise_id=" + ids.enterprise}
			continue
		case strings.HasPrefix(p, "/volunteer-activities/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM volunteer_activities"))
		case strings.HasPrefix(p, "/volunteer-teams/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM volunteer_teams"))
		case strings.HasPrefix(p, "/volunteers/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM volunteers"))
			if strings.HasSuffix(p, "/certificate") {
				p += "?year=2022"
			}
		case strings.Contains(p, "/activities/{id}") || strings.Contains(p, "/campaigns/{id}"):
			p = strings.ReplaceAll(p, "{id}", demoActivityOrCampaign(t, e, p))
		case strings.HasPrefix(p, "/p/microprojects/receipts/"):
			p = strings.ReplaceAll(p, "{receipt}", firstOf(t, e, "SELECT COALESCE(min(receipt), 'WS-0000-0000') FROM microprojects"))
		case strings.Contains(p, "{receipt}"):
			p = strings.ReplaceAll(p, "{receipt}", firstOf(t, e, "SELECT COALESCE(min(receipt), 'JD-0000-0000') FROM proposals"))
		case strings.HasPrefix(p, "/proposals/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM proposals"))
		case strings.HasPrefix(p, "/experts/") || strings.HasPrefix(p, "/api/v1/experts/"):
			// The demo expert account's own record, which every role that
			// sees experts at all can open.
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(x.id), 0) FROM experts x JOIN users u ON u.id = x.user_id WHERE u.username = 'expert'"))
		case strings.HasPrefix(p, "/consultations/") || strings.HasPrefix(p, "/api/v1/consultations/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, `SELECT COALESCE(min(k.id), 0) FROM consultations k JOIN experts x ON x.id = k.expert_id
				JOIN users u ON u.id = x.user_id WHERE u.username = 'expert' AND k.state = 'assigned'`))
		case strings.HasPrefix(p, "/stations/") || strings.HasPrefix(p, "/api/v1/stations/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, `SELECT COALESCE(min(s.id), 0) FROM stations s JOIN units u ON u.id = s.community_id
				WHERE u.code = 'PH-HEHUA'`))
		case strings.HasPrefix(p, "/party/organisations/") || strings.HasPrefix(p, "/api/v1/party-organisations/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, `SELECT COALESCE(min(p.id), 0) FROM party_orgs p JOIN units u ON u.id = p.unit_id
				WHERE u.code = 'PH-HEHUA' AND p.level = 'committee'`))
		case strings.HasPrefix(p, "/party/work/"):
			p = strings.ReplaceAll(p, "{id}", ids.enterprise)
		case strings.HasPrefix(p, "/party/positions/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, `SELECT COALESCE(min(x.id), 0) FROM party_positions x JOIN units u ON u.id = x.unit_id
				WHERE u.code = 'PH-HEHUA'`))
		case p == "/party/coverage/enterprises":
			out[rt.Key()] = []string{p + "?figure=covered", p + "?figure=flagged&as_of=2022-06-30"}
			continue
		case strings.HasPrefix(p, "/p/microprojects/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM microprojects WHERE stage IN ('published', 'accepted')"))
		case strings.HasPrefix(p, "/microprojects/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM microprojects WHERE stage IN ('collected', 'reviewed')"))
		case strings.HasPrefix(p, "/rules/"):
			p = strings.ReplaceAll(p, "{id}", firstOf(t, e, "SELECT COALESCE(min(id), 0) FROM rules"))
			if strings.HasSuffix(p, "/diff") {
				p += "?from=1&to=2" // the demo's first rule has two versions
			}
		case strings.Contains(p, "/enterprises/"):
			p = strings.ReplaceAll(p, "{id}", ids.enterprise)
		case strings.Contains(p, "/visits/"):
			p = strings.ReplaceAll(p, "{id}", ids.visit)
		case strings.Contains(p, "/attachments/"):
			p = strings.ReplaceAll(p, "{id}", ids.attachment)
		case p == "/appeals" || p == "/appeals/new" || strings.Contains(p, "/appeals/"):
			if paths := appealPaths(t, e, p, ids.enterprise); paths != nil {
				out[rt.Key()] = paths
				continue
			}
			p = strings.ReplaceAll(p, "{id}", demoAppealID(t, e))
		case strings.HasPrefix(p, "/supervisions/") || strings.HasPrefix(p, "/api/v1/supervisions/"):
			var n int64
			if err := e.app.DB.R.QueryRow("SELECT min(id) FROM supervision_notices").Scan(&n); err != nil || n == 0 {
				t.Fatalf("no demo supervision notice: %v", err)
			}
			p = strings.ReplaceAll(p, "{id}", strconv.FormatInt(n, 10))
		case p == "/api/v1/calendar/{file}":
			p = "/api/v1/calendar/no-such-feed.ics"
		}
		if strings.HasPrefix(p, "/projects/") {
			p = strings.ReplaceAll(p, "{id}", demoProjectID(t, e))
		}
		p = strings.ReplaceAll(p, "{id}", map[bool]string{true: unit, false: user}[strings.Contains(p, "units")])
		if strings.Contains(p, "{") {
			t.Fatalf("route %s has a parameter this test does not fill", rt.Key())
		}
		out[rt.Key()] = []string{p}
	}
	return out
}

// Every page renders in all three languages, for every role, without a
// missing message.
func TestPagesInAllLanguages(t *testing.T) {
	e := newEnv(t, db.SQLite)
	// Every ledger three times per role is more than a person's export
	// budget; the budget has its own test (ratelimit_test.go).
	e.withoutBudgets()
	paths := getPaths(t, e)
	for _, who := range demoUsers {
		b := e.browser().login(who)
		for key, ps := range paths {
			// The login's steps are for the signed-out (the second one is
			// checked in three languages by TestSecondFactorPagesInAllLanguages).
			if strings.Contains(key, "/api/") || key == "GET /metrics" || key == "GET /login" || key == "GET /login/2fa" {
				continue
			}
			for _, p := range ps {
				for _, lang := range i18n.Langs {
					r := b.get(p + sep(p) + "lang=" + lang)
					if r.Status != 200 && r.Status != 404 {
						t.Errorf("%s %s [%s]: %d", who, p, lang, r.Status)
					}
					if strings.Contains(r.Body, "⟦") {
						t.Errorf("%s %s [%s]: missing message %s", who, p, lang, missing(r.Body))
					}
				}
			}
		}
	}
	// The login page and the 404 page, signed out.
	b := e.browser()
	for _, p := range []string{"/login", "/no-such-page"} {
		for _, lang := range i18n.Langs {
			if r := b.get(p + "?lang=" + lang); strings.Contains(r.Body, "⟦") {
				t.Errorf("%s [%s]: missing message %s", p, lang, missing(r.Body))
			}
		}
	}
}

func sep(p string) string {
	if strings.Contains(p, "?") {
		return "&"
	}
	return "?"
}

func missing(body string) string {
	i := strings.Index(body, "⟦")
	j := strings.Index(body[i:], "⟧")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j+len("⟧")]
}

// Every literal key a template asks for is in every catalog, and every
// error key the code can return has a message: checked statically, so a
// branch no test reaches is still covered.
func TestCatalogCoversTemplates(t *testing.T) {
	cat := i18n.MustLoad()
	keyRe := regexp.MustCompile(`\.T "([a-z0-9_.]+)"`)
	n := 0
	err := fs.WalkDir(web.TemplateFS(), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(web.TemplateFS(), path)
		if err != nil {
			return err
		}
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			n++
			for _, lang := range i18n.Langs {
				if !cat.Has(lang, m[1]) {
					t.Errorf("%s uses %q, missing in %s", path, m[1], lang)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n < 50 {
		t.Fatalf("found only %d keys in the templates: the pattern no longer matches", n)
	}
}

// The language switch is a POST that sets a cookie and returns to the page.
func TestLanguageSwitch(t *testing.T) {
	e := newEnv(t, db.SQLite)
	b := e.browser().login("leader")
	r := b.post("/lang", url.Values{"lang": {"en"}, "back": {"/units"}})
	if r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/units" {
		t.Fatalf("switch: %d %s", r.Status, r.Header.Get("Location"))
	}
	if r := b.get("/units"); !strings.Contains(r.Body, "Organisation") || !strings.Contains(r.Body, `lang="en"`) {
		t.Fatalf("page after switching to English: %s", snippet(r.Body))
	}
	b.post("/lang", url.Values{"lang": {"zh-Hant"}, "back": {"/"}})
	if r := b.get("/units"); !strings.Contains(r.Body, "組織架構") {
		t.Fatalf("page after switching to Traditional Chinese lacks 組織架構")
	}
	// A redirect target off the site is refused.
	if r := b.post("/lang", url.Values{"lang": {"en"}, "back": {"//evil.example/"}}); r.Header.Get("Location") != "/" {
		t.Fatalf("off-site back accepted: %s", r.Header.Get("Location"))
	}
}

// Every response carries the security headers; the CSP allows no inline
// script or style.
func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t, db.SQLite)
	b := e.browser().login("admin")
	for _, ps := range getPaths(t, e) {
		for _, p := range ps {
			r := b.get(p)
			csp := r.Header.Get("Content-Security-Policy")
			if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
				t.Errorf("%s: CSP %q", p, csp)
			}
			for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "X-Frame-Options": "DENY"} {
				if got := r.Header.Get(h); got != want {
					t.Errorf("%s: %s = %q", p, h, got)
				}
			}
			if r.Header.Get("Strict-Transport-Security") != "" {
				t.Errorf("%s: HSTS over plain HTTP", p)
			}
		}
	}
	// No inline script or style in any page a user sees.
	for _, p := range []string{"/", "/units", "/users", "/roles", "/account/password"} {
		body := b.get(p).Body
		if regexp.MustCompile(`<script>|<script [^>]*>[^<]|style="|<style`).MatchString(body) {
			t.Errorf("%s has inline script or style", p)
		}
	}
}

// Cross-origin form posts are refused, to the login and to every form.
func TestCrossOriginPostsRefused(t *testing.T) {
	e := newEnv(t, db.SQLite)
	b := e.browser().login("admin")
	forms := []string{"/login", "/logout", "/lang", "/units", "/users", "/account/password",
		"/units/" + strconv.FormatInt(e.unit("PH-HEHUA").ID, 10), "/users/" + userID(t, e, "leader"),
		"/users/" + userID(t, e, "leader") + "/unlock", "/api/v1/login", "/api/v1/units"}
	for _, rt := range e.app.Routes() {
		if rt.Method == "POST" && !strings.Contains(rt.Pattern, "{") && !contains(forms, rt.Pattern) {
			forms = append(forms, rt.Pattern)
		}
	}
	for _, p := range forms {
		for _, h := range []map[string]string{
			{"Sec-Fetch-Site": "cross-site"},
			{"Origin": "https://evil.example"},
		} {
			r := b.do("POST", p, url.Values{"username": {"admin"}, "password": {testPassword}, "name": {"x"}}, h)
			if r.Status != http.StatusForbidden {
				t.Errorf("POST %s with %v: %d, want 403", p, h, r.Status)
			}
		}
	}
	// The same post from the site itself goes through.
	r := e.browser().do("POST", "/login", url.Values{"username": {"admin"}, "password": {testPassword}},
		map[string]string{"Sec-Fetch-Site": "same-origin", "Origin": e.srv.URL})
	if r.Status != http.StatusSeeOther {
		t.Errorf("same-origin login: %d", r.Status)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// demoActivityOrCampaign is 禾花社区's demo activity, or the demo campaign.
func demoActivityOrCampaign(t *testing.T, e *env, pattern string) string {
	t.Helper()
	q := "SELECT min(id) FROM campaigns"
	if strings.Contains(pattern, "/activities/") {
		q = `SELECT min(a.id) FROM activities a JOIN activity_units au ON au.activity_id = a.id JOIN units u ON u.id = au.unit_id
			WHERE u.code = 'PH-HEHUA'`
	}
	var n int64
	if err := e.app.DB.R.QueryRow(q).Scan(&n); err != nil || n == 0 {
		t.Fatalf("%s: %d %v", q, n, err)
	}
	return strconv.FormatInt(n, 10)
}

// firstOf reads one value of the demo, as text, for a path.
func firstOf(t *testing.T, e *env, query string) string {
	t.Helper()
	var s string
	if err := e.app.DB.R.QueryRow(query).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}
