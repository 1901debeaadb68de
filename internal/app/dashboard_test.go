package app_test

import (
	"context"
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pinghu/internal/appeal"
)

const dashboard = "/dashboards/enterprise-service"

// The seed's week and half-year, as of the day the figures were reported.
const (
	visitWeek = "from=2022-05-26&to=2022-05-31&as_of=2022-07-01"
	halfYear  = "from=2022-01-01&to=2022-06-30&as_of=2022-07-01"
)

// dashLink is a number on the dashboard and where it leads.
type dashLink struct {
	Href  string
	Value int
}

var (
	// A card's number or a part of a rate: <a … href="/appeals?…" data-figure="NAME" …>[label ]N</a>.
	figureLinkRe = regexp.MustCompile(`<a [^>]*href="(/[a-z]+\?[^"]*)"[^>]*data-figure="([a-z_]+)"[^>]*>([^<]*)</a>`)
	// A cell of a chart's table: <td class="num"><a href="…">N</a></td>.
	cellLinkRe = regexp.MustCompile(`<td class="num"><a href="(/appeals\?[^"]*)">(\d+)</a></td>`)
	// A bar or a point of a chart: <a href="…"><rect|circle …><title>…: N</title>.
	svgLinkRe = regexp.MustCompile(`<a href="(/appeals\?[^"]*)"[^>]*><(?:rect|circle)[^>]*><title>[^<]*: (\d+)</title>`)
	lastNum   = regexp.MustCompile(`(\d+)\s*$`)
	rangeRe   = regexp.MustCompile(`共 (\d+) 条`)
)

// figureLinks reads every figure link of a dashboard page, by figure name.
func figureLinks(t *testing.T, body string) map[string]dashLink {
	t.Helper()
	out := map[string]dashLink{}
	for _, m := range figureLinkRe.FindAllStringSubmatch(body, -1) {
		n := lastNum.FindStringSubmatch(strings.TrimSpace(html.UnescapeString(m[3])))
		if n == nil {
			t.Fatalf("figure %s: no number in %q", m[2], m[3])
		}
		v, _ := strconv.Atoi(n[1])
		l := dashLink{Href: html.UnescapeString(m[1]), Value: v}
		if old, seen := out[m[2]]; seen && old != l {
			t.Fatalf("figure %s shown twice differently: %+v and %+v", m[2], old, l)
		}
		out[m[2]] = l
	}
	return out
}

// pageTotal follows a link to a list page and reads its total.
func pageTotal(t *testing.T, b *browser, href string) int {
	t.Helper()
	r := b.get(href + "&lang=zh-Hans")
	if r.Status != http.StatusOK {
		t.Fatalf("%s: status %d: %s", href, r.Status, snippet(r.Body))
	}
	m := rangeRe.FindStringSubmatch(r.Body)
	if m == nil {
		if strings.Contains(r.Body, `class="panel empty"`) {
			return 0
		}
		t.Fatalf("%s: no total on the page", href)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// The dashboard shows the seed's figures: 324 above-scale enterprises,
// all visited, 326 appeals collected, 317 resolved and 9 in progress in
// the visiting week as of 1 July 2022; more than 500 resolved in the first
// half of 2022. The API says the same.
func TestDashboardSeedFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("leader")
		r := b.get(dashboard + "?" + visitWeek)
		if r.Status != http.StatusOK {
			t.Fatalf("dashboard: %d %s", r.Status, snippet(r.Body))
		}
		links := figureLinks(t, r.Body)
		for fig, want := range map[string]int{"above_scale_enterprises": 324, "enterprises_visited": 324,
			"appeals_collected": 326, "appeals_resolved": 317, "appeals_in_progress": 9} {
			if got := links[fig].Value; got != want {
				t.Errorf("dashboard %s = %d, want %d", fig, got, want)
			}
		}
		half := figureLinks(t, b.get(dashboard+"?"+halfYear).Body)
		if half["appeals_resolved"].Value <= 500 {
			t.Errorf("first half of 2022: %d resolved, want above 500", half["appeals_resolved"].Value)
		}

		tok := e.token("leader")
		for q, want := range map[string]map[string]float64{
			visitWeek: {"above_scale_enterprises": 324, "enterprises_visited": 324, "appeals_collected": 326,
				"appeals_resolved": 317, "appeals_in_progress": 9},
		} {
			a := e.api("GET", "/api/v1/stats/enterprise-service?"+q, tok, nil)
			if a.Status != http.StatusOK {
				t.Fatalf("api: %d %s", a.Status, a.Body)
			}
			var got map[string]any
			if err := json.Unmarshal([]byte(a.Body), &got); err != nil {
				t.Fatal(err)
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("api %s = %v, want %v", k, got[k], v)
				}
			}
		}
		a := e.api("GET", "/api/v1/stats/enterprise-service?"+halfYear, tok, nil)
		var got struct {
			Resolved int `json:"appeals_resolved"`
		}
		if err := json.Unmarshal([]byte(a.Body), &got); err != nil || got.Resolved <= 500 {
			t.Errorf("api first half of 2022: %d resolved (%v), want above 500", got.Resolved, err)
		}
		if r := e.api("GET", "/api/v1/stats/enterprise-service?from=2022-02-30", tok, nil); r.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(r.Body, `"from"`) {
			t.Errorf("bad date: %d %s", r.Status, r.Body)
		}
	})
}

// Every number on the dashboard is a link, and the list it leads to holds
// exactly that many records; the appeal ledger of the same link holds the
// same appeals. Checked for the cards, both parts of every rate, every
// cell of the charts' tables, and every bar and point of the charts.
func TestDashboardLinksListTheirRecords(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.withoutBudgets() // it takes the ledger behind every figure: far more than a person does
		b := e.browser().login("leader")
		body := b.get(dashboard + "?" + visitWeek).Body
		links := figureLinks(t, body)
		want := []string{"above_scale_enterprises", "enterprises_visited", "appeals_collected", "appeals_resolved",
			"appeals_in_progress", "appeals_rejected", "appeals_overdue", "response_due", "responded_in_time",
			"resolved_on_time", "rated", "rated_solved", "rated_satisfied"}
		for _, fig := range want {
			if _, ok := links[fig]; !ok {
				t.Errorf("no link for %s", fig)
			}
		}
		checked := map[string]int{}
		check := func(what, href string, value int) {
			t.Helper()
			if old, ok := checked[href]; ok {
				if old != value {
					t.Errorf("%s: %s shown as %d and %d", what, href, old, value)
				}
				return
			}
			checked[href] = value
			if got := pageTotal(t, b, href); got != value {
				t.Errorf("%s = %d, but %s lists %d", what, value, href, got)
			}
			if strings.HasPrefix(href, "/appeals?") {
				csv := b.get("/ledgers/appeals.csv?" + strings.TrimPrefix(href, "/appeals?"))
				rows := strings.Count(csv.Body, "\r\n") - 1 // the header
				if csv.Status != http.StatusOK || rows != value {
					t.Errorf("%s = %d, but its ledger has %d rows (status %d)", what, value, rows, csv.Status)
				}
			}
		}
		for fig, l := range links {
			check(fig, l.Href, l.Value)
		}
		cells := cellLinkRe.FindAllStringSubmatch(body, -1)
		if len(cells) < 40 {
			t.Fatalf("only %d chart table cells", len(cells))
		}
		for _, m := range cells {
			v, _ := strconv.Atoi(m[2])
			check("chart cell", html.UnescapeString(m[1]), v)
		}
		bars := svgLinkRe.FindAllStringSubmatch(body, -1)
		if len(bars) < 20 {
			t.Fatalf("only %d linked bars and points", len(bars))
		}
		for _, m := range bars {
			v, _ := strconv.Atoi(m[2])
			href := html.UnescapeString(m[1])
			if old, ok := checked[href]; !ok || old != v {
				t.Errorf("chart mark %s = %d, table says %d (present %v)", href, v, old, ok)
			}
		}
		// The two parts of the closure rate are the resolved and collected
		// figures, and the rate is their quotient.
		if !strings.Contains(body, "97.2%") {
			t.Errorf("closure rate 317/326 = 97.2%% not shown")
		}
	})
}

// Scope: a community user's dashboard counts its community only — the
// same figures as the leader's narrowed to that community; officers, the
// expert and the enterprise get 404 for the page and the ledgers.
func TestDashboardScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		leader := e.browser().login("leader")
		all := figureLinks(t, leader.get(dashboard+"?"+visitWeek).Body)
		community := e.browser().login("community")
		r := community.get(dashboard + "?" + visitWeek)
		if r.Status != http.StatusOK {
			t.Fatalf("community dashboard: %d", r.Status)
		}
		mine := figureLinks(t, r.Body)
		if strings.Contains(r.Body, `name="unit_id"`) && strings.Contains(r.Body, "<select") && strings.Contains(r.Body, "<optgroup") {
			t.Errorf("a community user is offered the unit selector")
		}
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		narrowed := figureLinks(t, leader.get(dashboard+"?"+visitWeek+"&unit_id="+hehua).Body)
		for _, fig := range []string{"above_scale_enterprises", "enterprises_visited", "appeals_collected", "appeals_resolved", "appeals_in_progress"} {
			if mine[fig].Value != narrowed[fig].Value {
				t.Errorf("%s: community %d, leader narrowed to 禾花 %d", fig, mine[fig].Value, narrowed[fig].Value)
			}
			if fig == "appeals_collected" && (mine[fig].Value == 0 || mine[fig].Value >= all[fig].Value) {
				t.Errorf("community collected %d of %d", mine[fig].Value, all[fig].Value)
			}
		}
		// The community's links list its own records.
		for _, fig := range []string{"above_scale_enterprises", "appeals_collected", "appeals_resolved"} {
			if got := pageTotal(t, community, mine[fig].Href); got != mine[fig].Value {
				t.Errorf("community %s = %d, list shows %d", fig, mine[fig].Value, got)
			}
		}
		// Narrowed to a department, the enterprise figures have no list
		// that shows exactly them, so they are not links.
		jjb := strconv.FormatInt(e.unit("PH-D-JJB").ID, 10)
		dept := figureLinks(t, leader.get(dashboard+"?"+visitWeek+"&unit_id="+jjb).Body)
		if _, linked := dept["above_scale_enterprises"]; linked {
			t.Errorf("above-scale figure narrowed to a department links to %s", dept["above_scale_enterprises"].Href)
		}
		if got := pageTotal(t, leader, dept["appeals_collected"].Href); got != dept["appeals_collected"].Value {
			t.Errorf("department: collected %d, list %d", dept["appeals_collected"].Value, got)
		}
		// A unit outside the scope is refused, not ignored.
		if r := community.get(dashboard + "?" + visitWeek + "&unit_id=" + jjb); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("community user narrowing to a department: %d", r.Status)
		}
		for _, who := range []string{"admin", "secadmin", "auditor", "expert", "enterprise"} {
			b := e.browser().login(who)
			for _, p := range []string{dashboard, "/ledgers/appeals.xlsx", "/ledgers/enterprises.csv", "/ledgers/visits.xlsx"} {
				if r := b.get(p); r.Status != http.StatusNotFound {
					t.Errorf("%s %s: %d, want 404", who, p, r.Status)
				}
			}
			if r := b.get("/"); strings.Contains(r.Body, dashboard) {
				t.Errorf("%s sees a link to the dashboard", who)
			}
		}
		for _, who := range []string{"office", "dept", "specialist"} {
			if r := e.browser().login(who).get(dashboard + "?" + visitWeek); r.Status != http.StatusOK {
				t.Errorf("%s: %d", who, r.Status)
			}
		}
	})
}

// Bad parameters are shown beside their fields, with 422.
func TestDashboardRefusesBadParameters(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("leader")
		for _, q := range []string{"from=2022-13-01", "to=2022-01-01&from=2022-02-01", "as_of=someday", "unit_id=-3", "unit_id=99999999"} {
			r := b.get(dashboard + "?" + q)
			if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "field-error") {
				t.Errorf("%s: %d", q, r.Status)
			}
		}
		// Presets carry the seed's dates.
		r := b.get(dashboard + "?lang=zh-Hans")
		for _, p := range []string{"本年", "2022年5月26日—31日走访周", "2022年上半年", "as_of=2022-07-01&amp;from=2022-05-26&amp;to=2022-05-31"} {
			if !strings.Contains(r.Body, p) {
				t.Errorf("dashboard lacks %q", p)
			}
		}
	})
}

// The home page's cards show this year's figures as the dashboard does
// without an as-of date, and link to the same lists.
func TestDashboardHomeCards(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		leader := leaderActor(t, e)
		f := e.facts(t)
		for _, title := range []string{"厂房漏水需协调维修", "申请扩大生产用地"} {
			if _, err := e.app.Appeals.Create(ctx, leader, appeal.Input{EnterpriseID: f.own, Category: "space_land",
				Channel: appeal.ChannelHotline, Title: title}); err != nil {
				t.Fatal(err)
			}
		}
		b := e.browser().login("leader")
		home := b.get("/?lang=zh-Hans").Body
		dash := figureLinks(t, b.get(dashboard).Body)
		if dash["appeals_collected"].Value != 2 {
			t.Fatalf("this year's dashboard: %d collected, want 2", dash["appeals_collected"].Value)
		}
		card := regexp.MustCompile(`<a class="card" href="([^"]*)"><span class="card-title">本年收集诉求</span><span class="card-value">(\d+)</span>`).
			FindStringSubmatch(home)
		if card == nil || card[2] != "2" || html.UnescapeString(card[1]) != dash["appeals_collected"].Href {
			t.Errorf("home card %v, dashboard %+v", card, dash["appeals_collected"])
		}
		if !strings.Contains(home, `<span class="card-title">本年办结率</span><span class="card-value">0.0%</span>`) {
			t.Errorf("home page lacks this year's closure rate")
		}
		if r := e.browser().login("expert").get("/?lang=zh-Hans"); strings.Contains(r.Body, "本年收集诉求") {
			t.Errorf("the expert sees the enterprise service's card")
		}
	})
}
