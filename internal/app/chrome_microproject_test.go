package app_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"pinghu/internal/db"
)

// TestChromeMicroproject: a livelihood micro-project (民生微实事) through the
// pages in Chromium. A resident proposes one on the public form and gets a
// receipt; 禾花's community staff give it a budget and take it through
// every stage — first review, the council's vote, publication, confirmation
// once the publication is over (the injected clock moves on), start,
// progress, spending and acceptance; then the resident rates it on the
// public page and sees the rating. The public pages never show who
// proposed it. One database: the rules are tested on both in
// internal/microproject.
func TestChromeMicroproject(t *testing.T) {
	c := startChrome(t)
	e := newEnv(t, db.SQLite)
	const title, name, mobile = "禾花社区口袋公园增设休息座椅", "欧阳明", "13688889999"

	resident := c.open(t, e, "resident", phoneW, phoneH)
	resident.visit("/p/microprojects/new")
	resident.do(chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.SetValue(chromedp.ID("community_id"), id(e.unit("PH-HEHUA").ID)),
		chromedp.SetValue(chromedp.ID("kind"), "goods"),
		chromedp.SetValue(chromedp.ID("category"), "facilities"),
		chromedp.SendKeys(chromedp.ID("description"), "口袋公园只有两张长椅，老人散步后没有地方休息。"),
		chromedp.SendKeys(chromedp.ID("location"), "禾花口袋公园"),
		chromedp.SendKeys(chromedp.ID("name"), name),
		chromedp.SendKeys(chromedp.ID("mobile"), mobile))
	resident.click(`form[action="/p/microprojects"] button[type=submit]`)
	receipt := resident.text("#receipt")
	if !strings.HasPrefix(receipt, "WS-") {
		t.Fatalf("receipt %q", receipt)
	}
	var mp int64
	if err := e.app.DB.R.QueryRow("SELECT id FROM microprojects WHERE receipt = $1", receipt).Scan(&mp); err != nil {
		t.Fatal(err)
	}
	page := "/microprojects/" + id(mp)

	staff := c.open(t, e, "community", desktopW, desktopH)
	staff.login("community")
	staff.click(`nav.sidebar a[href="/microprojects"]`)
	staff.click(`table a[href="` + page + `"]`)
	if body := staff.text("main"); !strings.Contains(body, "欧**") || strings.Contains(body, name) || strings.Contains(body, mobile) {
		t.Errorf("the staff's page shows the proposer unmasked or not at all: %s", snippet(body))
	}
	// The resident left the budget to the community.
	staff.click(`a[href="` + page + `/edit"]`)
	staff.do(chromedp.SetValue(chromedp.ID("budget"), "36000"))
	staff.click(`form[action="` + page + `"] button[type=submit]`)
	act := func(action string, fields ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		staff.do(fields...)
		if p := staff.click(`form:has(input[name=action][value=` + action + `]) button[type=submit]`); p != page+"?ok=saved" {
			t.Fatalf("%s led to %s", action, p)
		}
	}
	act("review")
	act("vote", chromedp.SendKeys(chromedp.ID("council_size"), "15"), chromedp.SendKeys(chromedp.ID("present"), "12"),
		chromedp.SendKeys(chromedp.ID("for"), "10"), chromedp.SendKeys(chromedp.ID("against"), "1"), chromedp.SendKeys(chromedp.ID("abstain"), "1"))
	act("publish") // the form offers the year's minimum, 5 days
	if stage := staff.text(`[data-stage]`); stage != "公示" {
		t.Fatalf("after publishing: %q", stage)
	}
	// Published: the resident finds it on the public list.
	resident.visit("/p/microprojects")
	resident.click(`table a[href="/p/microprojects/` + id(mp) + `"]`)
	if !resident.has(`input[name=form][value=objection]`) || resident.has(`input[name=form][value=rating]`) {
		t.Errorf("during the publication the public page offers the wrong form")
	}

	e.clock.Advance(5*24*time.Hour + time.Minute)
	staff.login("community") // five idle days end a session
	staff.visit(page)
	act("confirm")
	act("start")
	act("progress", chromedp.SendKeys(chromedp.ID("percent"), "70"), chromedp.SendKeys(chromedp.ID("progress-note"), "座椅已到货，正在安装"))
	act("spend", chromedp.SendKeys(chromedp.ID("item"), "休息座椅六张"), chromedp.SendKeys(chromedp.ID("amount"), "33000"))
	act("accept")
	if stage := staff.text(`[data-stage]`); stage != "验收" {
		t.Fatalf("after acceptance: %q", stage)
	}

	// The resident rates it on the public page, and the rating shows.
	resident.visit("/p/microprojects/" + id(mp))
	resident.do(chromedp.Click(chromedp.CSS(`input[name=stars][value="4"]`), chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.ID("comment"), "座椅很结实，谢谢社区"))
	if p := resident.click(`form:has(input[name=form][value=rating]) button[type=submit]`); !strings.HasSuffix(p, "?done=rating") {
		t.Fatalf("rating led to %s", p)
	}
	if got := resident.text(`li.rating`); !strings.Contains(got, "★★★★☆") || !strings.Contains(got, "座椅很结实，谢谢社区") {
		t.Errorf("the rating on the public page: %q", got)
	}
	if body := resident.text("main"); strings.Contains(body, "欧") || strings.Contains(body, mobile[7:]) {
		t.Errorf("the public page shows the proposer: %s", snippet(body))
	}
	if n := e.count(t, "SELECT count(*) FROM microproject_ratings WHERE project_id = $1 AND stars = 4", mp); n != 1 {
		t.Errorf("%d ratings stored", n)
	}
}
