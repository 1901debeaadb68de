package app_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pinghu/internal/i18n"
)

// Phone and desktop viewports of the browser tests.
const (
	phoneW, phoneH     = 375, 812
	desktopW, desktopH = 1280, 900
)

// TestChromeVisitToDashboard: one enterprise-service day through the
// pages in Chromium. The specialist signs in on a phone, records a visit
// with two appeals raised on it; the department accepts and resolves the
// first; the enterprise confirms and rates it; the leader's dashboard
// counts both appeals and the resolution, and the list behind each figure
// holds them; the language switch changes the page; logout ends the
// session.
func TestChromeVisitToDashboard(t *testing.T) {
	c := startChrome(t)
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		enterpriseName := e.name(t, f.own)

		leader := c.open(t, e, "leader", desktopW, desktopH)
		leader.login("leader")
		leader.click(`nav.sidebar a[href^="/dashboards/"]`)
		before := leader.figures()

		// The specialist, on a phone: the menu, the visit list, the
		// enterprise picker, then the form with its two appeal blocks.
		sp := c.open(t, e, "specialist", phoneW, phoneH)
		sp.login("specialist")
		sp.noSideScroll()
		sp.unfold("details.menu-toggle")
		sp.click(`details.menu-toggle nav a[href="/visits"]`)
		sp.click(`.page-head a[href="/visits/new"]`)
		sp.do(chromedp.SendKeys(chromedp.CSS(`form[action="/visits/new"] input[name=q]`), enterpriseName))
		sp.click(`form[action="/visits/new"] button[type=submit]`)
		if p := sp.click(fmt.Sprintf(`.pick-list a[href="/visits/new?enterprise_id=%d"]`, f.own)); p != "/visits/new?enterprise_id="+id(f.own) {
			t.Fatalf("the picker led to %s", p)
		}
		sp.noSideScroll()
		sp.do(chromedp.SetValue(chromedp.ID("date"), "2026-03-02"),
			chromedp.Click(chromedp.CSS(`input[name=form][value=on_site]`), chromedp.NodeVisible))
		if !eval[bool](sp, fmt.Sprintf(`document.querySelector('input[name=people][value="%d"]').checked`, f.specialist)) {
			sp.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`input[name=people][value="%d"]`, f.specialist)), chromedp.NodeVisible))
		}
		sp.do(chromedp.SendKeys(chromedp.ID("findings"), "企业反映两件事。"),
			chromedp.SetValue(chromedp.ID("appeal1_category"), "infrastructure"),
			chromedp.SendKeys(chromedp.ID("appeal1_title"), "厂区门前道路积水"),
			chromedp.SendKeys(chromedp.ID("appeal1_description"), "雨天积水严重"),
		)
		// The second block is folded until opened.
		sp.unfold("#appeal2_block")
		sp.do(chromedp.SetValue(chromedp.ID("appeal2_category"), "labour"),
			chromedp.SendKeys(chromedp.ID("appeal2_title"), "招工难"),
			chromedp.SendKeys(chromedp.ID("appeal2_description"), "需要普工 50 人"))
		sp.noSideScroll()
		landed := sp.click(`form.visit-form button[type=submit]`)
		visit, ok := strings.CutPrefix(landed, "/visits/")
		visit, ok2 := strings.CutSuffix(visit, "?ok=created")
		if !ok || !ok2 {
			t.Fatalf("after recording the visit: %s", landed)
		}
		var appeals []int64
		rows, err := e.app.DB.R.Query(`SELECT id FROM appeals WHERE visit_id = $1 AND state = 'submitted' AND channel = 'visit'
			AND department_id = (SELECT id FROM units WHERE code = 'PH-D-JJB') ORDER BY id`, visit)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n int64
			_ = rows.Scan(&n)
			appeals = append(appeals, n)
		}
		rows.Close()
		if len(appeals) != 2 {
			t.Fatalf("visit %s raised %d submitted appeals with the department, want 2", visit, len(appeals))
		}
		first, second := id(appeals[0]), id(appeals[1])

		// The department finds the first in its list, accepts and resolves it.
		dept := c.open(t, e, "dept", desktopW, desktopH)
		dept.login("dept")
		dept.click(`nav.sidebar a[href="/appeals"]`)
		dept.click(`table a[href="/appeals/` + first + `"]`)
		dept.act("accept")
		if s := e.appealState(t, appeals[0]); s != "accepted" {
			t.Fatalf("after accepting: %s", s)
		}
		dept.unfold("#act-resolve")
		dept.do(chromedp.SendKeys(chromedp.ID("resolve-note"), "已协调排水管网疏通。"))
		dept.act("resolve")
		if s := e.appealState(t, appeals[0]); s != "resolved" {
			t.Fatalf("after resolving: %s", s)
		}

		// The enterprise confirms and rates it, on a phone.
		ent := c.open(t, e, "enterprise", phoneW, phoneH)
		ent.login("enterprise")
		ent.visit("/appeals")
		ent.click(`table a[href="/appeals/` + first + `"]`)
		ent.unfold("#act-confirm")
		ent.do(chromedp.Click(chromedp.CSS(`#act-confirm input[name=solved][value=solved]`), chromedp.NodeVisible),
			chromedp.Click(chromedp.CSS(`#act-confirm input[name=satisfaction][value=satisfied]`), chromedp.NodeVisible))
		ent.act("confirm")
		if s := e.appealState(t, appeals[0]); s != "closed" {
			t.Fatalf("after confirming: %s", s)
		}
		ent.noSideScroll()

		// The leader's figures count both appeals and the resolution, and
		// the list behind each holds what it counts.
		dashboard := leader.path()
		leader.visit(dashboard)
		after := leader.figures()
		for figure, delta := range map[string]int{"appeals_collected": 2, "appeals_resolved": 1} {
			if after[figure] != before[figure]+delta {
				t.Errorf("%s: %d → %d, want +%d", figure, before[figure], after[figure], delta)
			}
		}
		for figure, want := range map[string][]string{"appeals_collected": {first, second}, "appeals_resolved": {first}} {
			leader.click(fmt.Sprintf(`a.dash-value[data-figure=%q]`, figure))
			if !leader.has(`.drill-banner`) {
				t.Errorf("%s: the list does not say which figure it shows", figure)
			}
			listed := eval[[]string](leader, `Array.from(document.querySelectorAll('table a[href^="/appeals/"]'), a => a.getAttribute('href'))`)
			for _, n := range []string{first, second} {
				if slices.Contains(listed, "/appeals/"+n) != slices.Contains(want, n) {
					t.Errorf("%s: the list behind the figure holds %v; appeal %s should be there: %v", figure, listed, n, slices.Contains(want, n))
				}
			}
			leader.visit(dashboard)
		}

		// The language switch: the same page, in English, then in
		// Traditional Chinese.
		cat := i18n.MustLoad()
		for lang, htmlLang := range map[string]string{"en": "en", "zh-Hant": "zh-TW"} {
			if p := leader.click(fmt.Sprintf(`header .langswitch button[value=%q]`, lang)); p != dashboard {
				t.Errorf("switching to %s left %s for %s", lang, dashboard, p)
			}
			if got := eval[string](leader, `document.documentElement.lang`); got != htmlLang {
				t.Errorf("html lang %q after switching to %s", got, lang)
			}
			if got, want := leader.text(`main h1`), cat.T(lang, "page.dashboard"); got != want {
				t.Errorf("heading in %s: %q, want %q", lang, got, want)
			}
		}

		// Logout, from the user menu on a phone: back to the login page,
		// and the pages are closed again.
		sp.unfold("details.usermenu")
		if p := sp.click(`details.usermenu form[action="/logout"] button`); p != "/login" {
			t.Errorf("logout led to %s", p)
		}
		sp.visit("/visits")
		if p := sp.path(); !strings.HasPrefix(p, "/login") {
			t.Errorf("after logout /visits shows %s", p)
		}
	})
}

// unfold opens a folded <details> by clicking its summary, as a person
// would; an open one is left open.
func (b *tab) unfold(sel string) {
	b.t.Helper()
	if !eval[bool](b, fmt.Sprintf(`document.querySelector(%q).open`, sel)) {
		b.do(chromedp.Click(chromedp.CSS(sel+" > summary"), chromedp.NodeVisible))
	}
	if !eval[bool](b, fmt.Sprintf(`document.querySelector(%q).open`, sel)) {
		b.t.Fatalf("%s: %s does not open", b.name, sel)
	}
}

// act submits the form of an open action on an appeal's page and checks
// that it comes back to the appeal saying it was saved.
func (b *tab) act(action string) {
	b.t.Helper()
	b.do(chromedp.WaitVisible(chromedp.CSS(`#act-` + action + ` button[type=submit]`)))
	if p := b.click(`#act-` + action + ` button[type=submit]`); !strings.HasSuffix(p, "?ok=saved") {
		b.t.Fatalf("%s: %s led to %s", b.name, action, p)
	}
}

// figures reads the count cards of the dashboard on the page.
func (b *tab) figures() map[string]int {
	b.t.Helper()
	cards := eval[[][]string](b, `Array.from(document.querySelectorAll('.dash-card[data-figure]'),
		c => [c.dataset.figure, c.querySelector('.dash-value').textContent])`)
	out := map[string]int{}
	for _, c := range cards {
		n, err := strconv.Atoi(strings.NewReplacer(",", "", " ", "", "\n", "").Replace(c[1]))
		if err != nil {
			b.t.Fatalf("figure %s: %q", c[0], c[1])
		}
		out[c[0]] = n
	}
	for _, want := range []string{"appeals_collected", "appeals_resolved"} {
		if _, ok := out[want]; !ok {
			b.t.Fatalf("the dashboard has no figure %s (it has %v)", want, out)
		}
	}
	return out
}

// noSideScroll fails when the page is wider than the screen, the first
// thing that breaks on a phone.
func (b *tab) noSideScroll() {
	b.t.Helper()
	if w := eval[[]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
		b.t.Errorf("%s: %s is %d px wide on a %d px screen", b.name, b.path(), w[0], w[1])
	}
}
