package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pinghu/internal/db"
)

// axeTags are the rules axe-core runs: WCAG 2.0, 2.1 and 2.2 at levels A
// and AA.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// a11yRoles is the order in which a page is tried: signed out first, then
// the people who work with the platform every day, the officers (三员)
// last, for the pages only they open.
var a11yRoles = []string{"", "specialist", "enterprise", "dept", "community", "leader", "office", "expert", "admin", "secadmin", "auditor"}

// a11yPage is one page audited, as whom ("" signed out), and the status
// it answers.
type a11yPage struct {
	who, path string
	status    int64
	phone     bool // on a 375 px screen, where the menu folds into the top bar
}

// axeViolation is the part of an axe-core result the report needs.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  string `json:"target"`
		HTML    string `json:"html"`
		Summary string `json:"summary"`
	} `json:"nodes"`
}

// TestAccessibility runs axe-core (the npm package, read from the file in
// PINGHU_AXE; .ci/run installs it) in Chromium over every HTML page of
// the route table, each as the first role of a11yRoles that may open it,
// the home page as every role, and the login page signed out: no
// violation of impact serious or critical under the WCAG 2.2 AA rules.
func TestAccessibility(t *testing.T) {
	axePath := os.Getenv("PINGHU_AXE")
	if axePath == "" {
		requireInCI(t, "PINGHU_AXE is not set: install axe-core (npm install axe-core@4.14.1) and set PINGHU_AXE to its axe.min.js")
	}
	axe, err := os.ReadFile(axePath)
	if err != nil {
		requireInCI(t, fmt.Sprintf("PINGHU_AXE: %v", err))
	}
	c := startChrome(t)
	e := newEnv(t, db.SQLite)
	pages := a11yPages(t, e)

	tabs := map[string]*tab{}
	session := func(who string, phone bool) *tab {
		key := fmt.Sprint(who, phone)
		if b, ok := tabs[key]; ok {
			return b
		}
		name := map[bool]string{true: "signed-out", false: who}[who == ""]
		w, h := int64(desktopW), int64(desktopH)
		if phone {
			name, w, h = name+"-phone", phoneW, phoneH
		}
		b := c.open(t, e, name, w, h)
		if who != "" {
			b.login(who)
		}
		tabs[key] = b
		return b
	}

	// The app's CSP forbids inline scripts; axe is evaluated through the
	// DevTools protocol, which the CSP does not govern. Both are checked,
	// so that an audit never passes because axe did not run.
	b := session("specialist", false)
	b.visit("/")
	if eval[bool](b, `(() => { window.inlineRan = false; const s = document.createElement('script');
		s.textContent = 'window.inlineRan = true'; document.head.appendChild(s); return window.inlineRan; })()`) {
		t.Fatal("an inline script ran: the CSP does not apply, and this test would not notice")
	}

	audited := 0
	for _, p := range pages {
		b := session(p.who, p.phone)
		if status := b.load(p.path); status != p.status {
			t.Fatalf("%s as %q: status %d, want %d", p.path, p.who, status, p.status)
		}
		// Folded parts (the action forms, the user menu, the second
		// appeal of a visit) are audited unfolded.
		b.do(chromedp.Evaluate[chromedp.Void](`document.querySelectorAll('details').forEach(d => { d.open = true })`),
			chromedp.Evaluate[chromedp.Void](string(axe)))
		if v := eval[string](b, `typeof axe === 'object' ? axe.version : ''`); v == "" {
			t.Fatalf("%s: axe-core did not load from %s", p.path, axePath)
		}
		found := eval[[]axeViolation](b, fmt.Sprintf(`axe.run(document, {runOnly: {type: 'tag', values: %s}, resultTypes: ['violations']})
			.then(r => r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => ({
				id: v.id, impact: v.impact, help: v.help,
				nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '), html: n.html.slice(0, 300), summary: n.failureSummary || ''}))})))`,
			jsStrings(axeTags)), chromedp.EvalAwaitPromise)
		audited++
		if len(found) == 0 {
			continue
		}
		var msg strings.Builder
		for _, v := range found {
			fmt.Fprintf(&msg, "\n  %s (%s): %s", v.ID, v.Impact, v.Help)
			for _, n := range v.Nodes {
				fmt.Fprintf(&msg, "\n    %s  %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
			}
		}
		t.Errorf("%s as %q (phone %v): %d serious or critical violations:%s", p.path, p.who, p.phone, len(found), msg.String())
		b.saveEvidence(strings.NewReplacer("/", "_", "?", "_", "&", "_").Replace(p.path))
	}
	t.Logf("axe-core over %d pages", audited)
}

// a11yPages are the pages the audit opens: every GET route of the route
// table that answers an HTML page, with its concrete paths, each as the
// first role that may open it; the home page as every role, since its
// menu and cards are the role's; and an appeal that waits for the
// department, with the forms of its actions. Every menu entry of every
// role is among them.
func a11yPages(t *testing.T, e *env) []a11yPage {
	t.Helper()
	clients := map[string]*browser{}
	for _, who := range a11yRoles {
		clients[who] = e.browser()
		if who != "" {
			clients[who].login(who)
		}
	}
	var out []a11yPage
	seen := map[string]bool{}
	add := func(who, path string, status int64) {
		if !seen[who+" "+path] {
			seen[who+" "+path] = true
			out = append(out, a11yPage{who: who, path: path, status: status})
		}
	}
	keys := []string{}
	paths := getPaths(t, e)
	for k := range paths {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	pages := map[string]bool{}
	for _, k := range keys {
		for _, p := range paths[k] {
			for _, who := range a11yRoles {
				r := clients[who].get(p)
				if r.Status == http.StatusOK && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
					add(who, p, 200)
					pages[p] = true
					break
				}
			}
		}
	}
	if len(pages) < 20 {
		t.Fatalf("only %d HTML pages found in the route table", len(pages))
	}
	navRe := regexp.MustCompile(`<nav class="sidebar"[^>]*>(.*?)</nav>`)
	hrefRe := regexp.MustCompile(`href="([^"]+)"`)
	for _, who := range a11yRoles[1:] {
		add(who, "/", 200)
		m := navRe.FindStringSubmatch(clients[who].get("/").Body)
		if m == nil {
			t.Fatalf("%s: no side menu on the home page", who)
		}
		for _, h := range hrefRe.FindAllStringSubmatch(m[1], -1) {
			if !pages[h[1]] {
				t.Errorf("%s's menu leads to %s, which the audit does not open", who, h[1])
			}
		}
	}
	// The forms of an appeal's actions: a new appeal for the department
	// to accept, and one resolved for the enterprise to confirm.
	own, entTok, deptTok := e.facts(t).own, e.token("enterprise"), e.token("dept")
	raise := func() string {
		r := e.api("POST", "/api/v1/appeals", entTok, map[string]any{"enterprise_id": own,
			"category": "permits", "channel": "online", "title": "厂房消防验收", "description": "请协调办理。"})
		var created struct {
			ID int64 `json:"id"`
		}
		if r.Status != http.StatusCreated || json.Unmarshal([]byte(r.Body), &created) != nil || created.ID == 0 {
			t.Fatalf("new appeal: %d %s", r.Status, snippet(r.Body))
		}
		return id(created.ID)
	}
	add("dept", "/appeals/"+raise(), 200)
	resolved := raise()
	for _, act := range []map[string]any{{"action": "accept"}, {"action": "resolve", "note": "已协调消防部门现场验收。"}} {
		if r := e.api("POST", "/api/v1/appeals/"+resolved+"/actions", deptTok, act); r.Status != http.StatusOK {
			t.Fatalf("%s: %d %s", act["action"], r.Status, snippet(r.Body))
		}
	}
	add("enterprise", "/appeals/"+resolved, 200)
	add("specialist", "/no-such-page", 404)
	// The specialist's day on a phone: the home page, the visit form,
	// an appeal.
	for _, p := range []string{"/", "/visits/new?enterprise_id=" + id(own), "/appeals/" + resolved} {
		out = append(out, a11yPage{who: "specialist", path: p, status: 200, phone: true})
	}
	return out
}

// jsStrings writes a JavaScript array of strings.
func jsStrings(ss []string) string {
	q := slices.Clone(ss)
	for i, s := range q {
		q[i] = fmt.Sprintf("%q", s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}
