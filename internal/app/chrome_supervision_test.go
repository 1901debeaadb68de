package app_test

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"pinghu/internal/db"
)

// TestChromeSupervisionToDashboard: a supervision notice (督办) through the
// pages in Chromium. The office issues one on an appeal the department
// handles, from the appeal's page; the department finds it in its list
// and replies before the deadline; the leader's campaign dashboard counts
// one more notice answered on time, and the list behind that figure holds
// it. One database: the flow is the pages', the counting is tested on
// both by TestCampaignDashboardDrillsDown.
func TestChromeSupervisionToDashboard(t *testing.T) {
	c := startChrome(t)
	e := newEnv(t, db.SQLite)
	var appealID int64
	if err := e.app.DB.R.QueryRow(`SELECT min(a.id) FROM appeals a JOIN users u ON u.unit_id = a.department_id
		WHERE u.username = 'dept'`).Scan(&appealID); err != nil || appealID == 0 {
		t.Fatalf("no demo appeal with the department: %v", err)
	}
	onTime := `a.dash-value[data-figure="supervision.on_time"]`

	leader := c.open(t, e, "leader", desktopW, desktopH)
	leader.login("leader")
	if p := leader.click(`nav.sidebar a[href="/dashboards/campaign"]`); p != "/dashboards/campaign" {
		t.Fatalf("the menu led to %s", p)
	}
	before := dashCount(leader, onTime)

	// The office, from the appeal's page.
	office := c.open(t, e, "office", desktopW, desktopH)
	office.login("office")
	office.visit("/appeals/" + id(appealID))
	newForm := fmt.Sprintf("/supervisions/new?target_kind=appeal&target_id=%d", appealID)
	if p := office.click(fmt.Sprintf(`.page-head a[href=%q]`, newForm)); p != newForm {
		t.Fatalf("the appeal's page led to %s", p)
	}
	office.do(chromedp.SendKeys(chromedp.ID("sup-title"), "请加快办理企业诉求"),
		chromedp.SendKeys(chromedp.ID("sup-content"), "请于一周内答复办理进展。"),
		chromedp.SetValue(chromedp.ID("sup-deadline"), "2026-03-09"))
	landed := office.click(`form[action="/supervisions"] button[type=submit]`)
	notice, ok := strings.CutPrefix(landed, "/supervisions/")
	notice, ok2 := strings.CutSuffix(notice, "?ok=created")
	if !ok || !ok2 {
		t.Fatalf("after issuing: %s", landed)
	}

	// The department finds it in its list and replies.
	dept := c.open(t, e, "dept", desktopW, desktopH)
	dept.login("dept")
	dept.click(`nav.sidebar a[href="/supervisions"]`)
	dept.click(`table a[href="/supervisions/` + notice + `"]`)
	dept.do(chromedp.SendKeys(chromedp.ID("reply-text"), "已约谈企业，排水管网本周疏通完毕。"))
	if p := dept.click(`form[action="/supervisions/` + notice + `/reply"] button[type=submit]`); !strings.HasSuffix(p, "?ok=saved") {
		t.Fatalf("the reply led to %s", p)
	}
	if n := e.count(t, "SELECT count(*) FROM supervision_notices WHERE id = $1 AND answered_at IS NOT NULL", notice); n != 1 {
		t.Fatalf("notice %s is not answered after the reply", notice)
	}

	// The leader sees it answered on time, and in the list behind it.
	leader.visit("/dashboards/campaign")
	if after := dashCount(leader, onTime); after != before+1 {
		t.Errorf("answered on time: %d → %d, want +1", before, after)
	}
	leader.click(onTime)
	listed := eval[[]string](leader, `Array.from(document.querySelectorAll('table a[href^="/supervisions/"]'), a => a.getAttribute('href'))`)
	if !slices.Contains(listed, "/supervisions/"+notice) {
		t.Errorf("the list behind the figure holds %v, not notice %s", listed, notice)
	}
}

// dashCount reads a figure of the campaign dashboard on the page.
func dashCount(b *tab, sel string) int {
	b.t.Helper()
	n, err := strconv.Atoi(b.text(sel))
	if err != nil {
		b.t.Fatalf("%s: %s is not a number: %v", b.name, sel, err)
	}
	return n
}
