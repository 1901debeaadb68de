package app_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pinghu/internal/db"
)

// TestChromeMap: the red map (红色版图) in Chromium, offline (no tile
// URL is configured, and every resource the page loads is the server's
// own). Every layer draws visible markers; unticking a layer hides its
// markers and its table rows at once and the address follows, so that a
// reload keeps it hidden; ticking it again shows them; the form's Show
// button does the same without the script. One database: the map's
// rules are tested on both in internal/redmap and TestMapOnTheDemo.
func TestChromeMap(t *testing.T) {
	c := startChrome(t)
	e := newEnv(t, db.SQLite)
	b := c.open(t, e, "leader", desktopW, desktopH)
	b.login("leader")
	b.click(`nav.sidebar a[href="/map"]`)

	// visible counts the markers of a layer that take room on the screen,
	// and its table rows that do.
	visible := func(layer string) (markers, rows int) {
		t.Helper()
		v := eval[[]int](b, fmt.Sprintf(`[
			[...document.querySelectorAll('g[data-layer=%[1]q] circle')].filter(c => c.getBoundingClientRect().width > 0).length,
			[...document.querySelectorAll('tr[data-layer=%[1]q]')].filter(r => r.offsetParent !== null).length]`, layer))
		return v[0], v[1]
	}
	layers := []string{"party_orgs", "positions", "stations", "projects", "microprojects"}
	all := map[string]int{}
	for _, l := range layers {
		m, r := visible(l)
		if m == 0 || r != m {
			t.Errorf("%s: %d markers and %d rows visible", l, m, r)
		}
		all[l] = m
	}
	if !strings.Contains(b.text(".map-schematic"), "示意边界") {
		t.Error("no word that the boundaries are schematic")
	}
	if b.has("svg image") {
		t.Error("tiles drawn with no tile URL configured")
	}
	if outside := eval[[]string](b, `performance.getEntriesByType('resource').map(r => r.name).filter(n => !n.startsWith(location.origin))`); len(outside) > 0 {
		t.Errorf("the map loads from outside: %v", outside)
	}

	// Untick the stations: their markers and rows go, the rest stay.
	b.do(chromedp.Click(chromedp.CSS(`input[data-map-layer=stations]`), chromedp.NodeVisible))
	if m, r := visible("stations"); m != 0 || r != 0 {
		t.Errorf("stations unticked: %d markers and %d rows still visible", m, r)
	}
	if m, _ := visible("projects"); m != all["projects"] {
		t.Errorf("projects: %d markers visible after unticking the stations, want %d", m, all["projects"])
	}
	p := b.path()
	if strings.Contains(p, "layer=stations") || !strings.Contains(p, "layer=projects") {
		t.Errorf("the address after unticking: %s", p)
	}
	// A reload keeps them hidden.
	b.visit(p)
	if m, _ := visible("stations"); m != 0 || b.has(`input[data-map-layer=stations]:checked`) {
		t.Errorf("after a reload the stations are back: %d markers", m)
	}
	// Tick them again.
	b.do(chromedp.Click(chromedp.CSS(`input[data-map-layer=stations]`), chromedp.NodeVisible))
	if m, r := visible("stations"); m != all["stations"] || r != m {
		t.Errorf("stations ticked again: %d markers and %d rows, want %d", m, r, all["stations"])
	}

	// Without the script: untick the micro-projects and press Show.
	_ = eval[bool](b, `(() => { document.querySelector('input[data-map-layer=microprojects]').checked = false; return true })()`)
	p = b.click(`#map-form button[type=submit]`)
	if !strings.Contains(p, "shown=1") || strings.Contains(p, "layer=microprojects") || !strings.Contains(p, "layer=stations") {
		t.Errorf("the form's address: %s", p)
	}
	if m, _ := visible("microprojects"); m != 0 {
		t.Errorf("micro-projects drawn after the form left them out: %d", m)
	}
	if m, _ := visible("stations"); m != all["stations"] {
		t.Errorf("stations after the form: %d, want %d", m, all["stations"])
	}
}
