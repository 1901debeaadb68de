package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/db"
)

// demoAppealID is an appeal of the demo's enterprise account, which the
// community, the specialist, leaders and the office see too.
func demoAppealID(t *testing.T, e *env) string {
	t.Helper()
	var n int64
	if err := e.app.DB.R.QueryRow(`SELECT COALESCE(min(p.id), (SELECT min(id) FROM appeals)) FROM appeals p
		WHERE p.enterprise_id = (SELECT enterprise_id FROM users WHERE username = 'enterprise')`).Scan(&n); err != nil || n == 0 {
		t.Fatalf("demo appeal: %d %v", n, err)
	}
	return id(n)
}

// appealPaths are the concrete paths the page tests walk for the appeal
// pages that take a query: the list plain and as the drill-down behind a
// dashboard figure, and the new-appeal form before and after choosing
// the enterprise. nil for a route with a path parameter only.
func appealPaths(t *testing.T, e *env, pattern, enterprise string) []string {
	switch pattern {
	case "/appeals":
		return []string{pattern, pattern + "?state=open&overdue=true&sort=resolution_due_at",
			pattern + "?figure=appeals_resolved&from=2022-05-26&to=2022-05-31&as_of=2022-07-01",
			pattern + "?figure=appeals_collected&from=2022-01-01&to=2022-06-30&as_of=2022-07-01&by=category&key=policy"}
	case "/appeals/new":
		return []string{pattern, pattern + "?enterprise_id=" + enterprise}
	}
	return nil
}

// listTotal reads the total of an API list answer.
func listTotal(t *testing.T, r resp) int {
	t.Helper()
	var l struct{ Total int }
	if r.Status != 200 || json.Unmarshal([]byte(r.Body), &l) != nil {
		t.Fatalf("list: %d %s", r.Status, snippet(r.Body))
	}
	return l.Total
}

// TestAppealDrillDown: on the demo, the lists behind the seed's figures
// for 26–31 May 2022 as of 1 July hold 317 resolved and 9 in progress
// appeals, in the API and on the page, which names the figure and links
// back to the dashboard of the same period.
func TestAppealDrillDown(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		tok := e.token("leader")
		b := e.browser().login("leader")
		period := "from=2022-05-26&to=2022-05-31&as_of=2022-07-01"
		for figure, want := range map[string]int{"appeals_collected": 326, "appeals_resolved": 317, "appeals_in_progress": 9} {
			q := "?figure=" + figure + "&" + period
			if got := listTotal(t, e.api("GET", "/api/v1/appeals"+q, tok, nil)); got != want {
				t.Errorf("API %s: %d, want %d", figure, got, want)
			}
			page := b.get("/appeals" + q)
			if page.Status != 200 || !strings.Contains(page.Body, fmt.Sprintf("共 %d 条", want)) {
				t.Errorf("page %s: %d, does not say %d in all", figure, page.Status, want)
			}
			for _, s := range []string{"2022-05-26", "2022-05-31", "2022-07-01",
				`href="/dashboards/enterprise-service?as_of=2022-07-01&amp;from=2022-05-26&amp;to=2022-05-31"`} {
				if !strings.Contains(page.Body, s) {
					t.Errorf("page %s lacks %s", figure, s)
				}
			}
		}
		// The banner names the figure in the page's language.
		if page := b.get("/appeals?figure=appeals_resolved&" + period + "&lang=en"); !strings.Contains(page.Body, "Behind the figure") {
			t.Error("no English banner")
		}
		// Pages of the drill-down never overlap: page 2 of 20 holds rows
		// 21 to 40.
		if page := b.get("/appeals?figure=appeals_resolved&" + period + "&page=2"); !strings.Contains(page.Body, "第 21–40 条，共 317 条") {
			t.Error("page 2 of the drill-down")
		}
		// Drill-down rows: the in-progress appeals of the two weeks the
		// period spans add up to the figure.
		weeks := 0
		for _, monday := range []string{"2022-05-23", "2022-05-30"} {
			weeks += listTotal(t, e.api("GET", "/api/v1/appeals?figure=appeals_in_progress&by=week&key="+monday+"&"+period, tok, nil))
		}
		if weeks != 9 {
			t.Errorf("week rows: %d, want 9", weeks)
		}
		// A bad figure is named, over an empty list.
		if page := b.get("/appeals?figure=everything&" + period); page.Status != 422 || !strings.Contains(page.Body, "未知的统计指标") {
			t.Errorf("bad figure: %d", page.Status)
		}
	})
}

// appealRule is who sees an appeal, written here independently of the
// service as the SQL condition on p (appeals) and e (its enterprise).
var appealRule = map[string]string{
	"leader":     "1 = 1",
	"office":     "1 = 1",
	"community":  "e.community_id = (SELECT id FROM units WHERE code = 'PH-HEHUA')",
	"specialist": "e.specialist_id = (SELECT id FROM users WHERE username = 'specialist')",
	"enterprise": "e.id = (SELECT enterprise_id FROM users WHERE username = 'enterprise')",
	"dept":       "p.department_id = (SELECT id FROM units WHERE code = 'PH-D-JJB')",
	"admin":      "1 = 0", "secadmin": "1 = 0", "auditor": "1 = 0", "expert": "1 = 0",
}

// TestAppealScope: on the demo, each role lists exactly the appeals of
// its scope, in the pages and the API, and gets 404 for any other appeal,
// reading it or acting on it.
func TestAppealScope(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const from = " FROM appeals p JOIN enterprises e ON e.id = p.enterprise_id WHERE "
		// Sample appeals: one of each kind the rules tell apart.
		var samples []int64
		for _, c := range []struct {
			cond     string
			required bool
		}{
			{appealRule["enterprise"], true},
			{appealRule["specialist"] + " AND NOT (" + appealRule["enterprise"] + ")", true},
			{appealRule["community"] + " AND NOT (" + appealRule["specialist"] + ")", false}, // the demo's specialist serves all of 禾花
			{appealRule["dept"] + " AND NOT (" + appealRule["community"] + ")", true},
			{appealRule["dept"] + " AND " + appealRule["community"], false},
			{"NOT (" + appealRule["dept"] + ") AND NOT (" + appealRule["community"] + ")", true},
		} {
			var n int64
			if err := e.app.DB.R.QueryRow("SELECT COALESCE(min(p.id), 0)" + from + c.cond).Scan(&n); err != nil || n == 0 && c.required {
				t.Fatalf("no demo appeal where %s: %v", c.cond, err)
			}
			if n > 0 {
				samples = append(samples, n)
			}
		}
		for _, who := range demoUsers {
			t.Run(who, func(t *testing.T) {
				want := e.count(t, "SELECT count(*)"+from+appealRule[who])
				if want == 0 && who != "admin" && who != "secadmin" && who != "auditor" && who != "expert" {
					t.Fatalf("the demo gives %s no appeal", who)
				}
				tok := e.token(who)
				b := e.browser().login(who)
				if got := listTotal(t, e.api("GET", "/api/v1/appeals", tok, nil)); got != want {
					t.Errorf("API list: %d, want %d", got, want)
				}
				page := b.get("/appeals")
				if page.Status != 200 {
					t.Fatalf("/appeals: %d", page.Status)
				}
				if want > 0 && !strings.Contains(page.Body, fmt.Sprintf("共 %d 条", want)) || want == 0 && !strings.Contains(page.Body, "没有符合条件的诉求") {
					t.Errorf("/appeals does not show %d", want)
				}
				for _, s := range append(samples, 999999) {
					visible := e.count(t, "SELECT count(*)"+from+"p.id = $1 AND ("+appealRule[who]+")", s) == 1
					status := map[bool]int{true: 200, false: 404}[visible]
					if r := b.get("/appeals/" + id(s)); r.Status != status {
						t.Errorf("GET /appeals/%d: %d, want %d", s, r.Status, status)
					}
					if r := e.api("GET", "/api/v1/appeals/"+id(s), tok, nil); r.Status != status {
						t.Errorf("GET /api/v1/appeals/%d: %d, want %d", s, r.Status, status)
					}
					// Acting: outside the scope 404 whatever the action;
					// inside, no demo appeal waits to be accepted, so 409.
					status = map[bool]int{true: 409, false: 404}[visible]
					if r := b.post("/appeals/"+id(s)+"/actions", url.Values{"action": {"accept"}}); r.Status != status {
						t.Errorf("POST /appeals/%d/actions: %d, want %d", s, r.Status, status)
					}
					if r := e.api("POST", "/api/v1/appeals/"+id(s)+"/actions", tok, map[string]any{"action": "accept"}); r.Status != status {
						t.Errorf("POST /api/v1/appeals/%d/actions: %d, want %d", s, r.Status, status)
					}
				}
				// Raising: the enterprise for itself, the community and the
				// specialist for theirs, leaders and the office for any;
				// a department, an officer or an expert cannot.
				raises := map[string]bool{"enterprise": true, "community": true, "specialist": true, "leader": true, "office": true}[who]
				if r := b.get("/appeals/new"); (r.Status == 200) != raises {
					t.Errorf("/appeals/new: %d", r.Status)
				}
			})
		}
	})
}

// appealIDFrom reads the appeal id of a redirect to its page.
func appealIDFrom(t *testing.T, r resp) int64 {
	t.Helper()
	loc := r.Header.Get("Location")
	m := regexp.MustCompile(`^/appeals/(\d+)\?ok=`).FindStringSubmatch(loc)
	if r.Status != http.StatusSeeOther || m == nil {
		t.Fatalf("not a redirect to an appeal: %d %q %s", r.Status, loc, snippet(r.Body))
	}
	n, _ := strconv.ParseInt(m[1], 10, 64)
	return n
}

func (e *env) appealState(t *testing.T, appealID int64) string {
	t.Helper()
	var s string
	if err := e.app.DB.R.QueryRow("SELECT state FROM appeals WHERE id = $1", appealID).Scan(&s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestAppealLifeCyclePages: the whole life of appeals through the pages.
// The enterprise submits online; the leader hands it to the demo's
// department, which accepts, starts and resolves; the enterprise confirms
// and rates. A second one is reopened within 15 days; a third rejected
// with its reason. Bad input comes back beside its field, a refused
// action as a message listing what is allowed, and neither writes.
func TestAppealLifeCyclePages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		jjb := id(e.unit("PH-D-JJB").ID)
		ent, dept, leader := e.browser().login("enterprise"), e.browser().login("dept"), e.browser().login("leader")
		form := e.browser().login("enterprise").get("/appeals/new")
		if form.Status != 200 || !strings.Contains(form.Body, "政策咨询：24 小时内答复") || !strings.Contains(form.Body, e.name(t, f.own)) {
			t.Fatalf("the enterprise's form: %d", form.Status)
		}
		rows := func() [3]int {
			return [3]int{e.count(t, "SELECT count(*) FROM appeals"), e.count(t, "SELECT count(*) FROM appeal_events"),
				e.count(t, "SELECT count(*) FROM audit_log")}
		}
		transferred := false
		submit := func(title string) int64 {
			t.Helper()
			r := ent.post("/appeals", url.Values{"category": {"permits"}, "title": {title}, "description": {"请协调办理。"}})
			n := appealIDFrom(t, r)
			// Into the demo department's hands, whichever the enterprise's is.
			if e.count(t, "SELECT count(*) FROM appeals WHERE id = $1 AND department_id = $2", n, jjb) == 0 {
				if r := leader.post("/appeals/"+id(n)+"/actions", url.Values{"action": {"transfer"}, "department_id": {jjb},
					"reason": {"由经济服务办公室牵头"}}); r.Status != 303 {
					t.Fatalf("transfer: %d %s", r.Status, snippet(r.Body))
				}
				transferred = true
			}
			return n
		}

		// Bad input on the form: beside the field, nothing written.
		before := rows()
		r := ent.post("/appeals", url.Values{"category": {"magic"}, "title": {""}, "description": {"保留的内容"}})
		if r.Status != 422 || !strings.Contains(r.Body, `id="category-err"`) || !strings.Contains(r.Body, `id="title-err"`) ||
			!strings.Contains(r.Body, "保留的内容") {
			t.Errorf("bad form: %d", r.Status)
		}
		if rows() != before {
			t.Error("a refused appeal wrote")
		}

		n := submit("厂房消防验收")
		page := ent.get("/appeals/" + id(n) + "?ok=created")
		for _, want := range []string{"厂房消防验收", "企业自助提交", "待签收", "已创建"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the new appeal's page lacks %s", want)
			}
		}
		if strings.Contains(page.Body, `value="accept"`) {
			t.Error("the enterprise is offered to accept")
		}
		page = dept.get("/appeals/" + id(n))
		for _, want := range []string{`value="accept"`, `value="transfer"`, `value="reject"`} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the department's page lacks the form %s", want)
			}
		}
		// The transfer offers the other departments serving the enterprise's
		// community, not the one in charge.
		if !strings.Contains(page.Body, `<option value="`+id(e.unit("PH-D-TZB").ID)+`"`) || strings.Contains(page.Body, `<option value="`+jjb+`"`) {
			t.Error("the transfer's departments")
		}
		for _, not := range []string{`value="start"`, `value="resolve"`, `value="confirm"`, `value="supervise"`} {
			if strings.Contains(page.Body, not) {
				t.Errorf("the department is offered %s", not)
			}
		}

		// Refused: an action the state does not allow, a transfer without
		// its reason, a rejection without its note.
		before = rows()
		r = dept.post("/appeals/"+id(n)+"/actions", url.Values{"action": {"resolve"}, "note": {"x"}})
		if r.Status != 409 || !strings.Contains(r.Body, "您现在可以：签收、转办、不予受理") {
			t.Errorf("resolve before accepting: %d %s", r.Status, snippet(r.Body))
		}
		r = dept.post("/appeals/"+id(n)+"/actions", url.Values{"action": {"transfer"}, "department_id": {id(e.unit("PH-HEHUA").ID)}})
		if r.Status != 422 || !strings.Contains(r.Body, `id="transfer-reason-err"`) {
			t.Errorf("transfer without reason: %d", r.Status)
		}
		r = dept.post("/appeals/"+id(n)+"/actions", url.Values{"action": {"reject"}, "reason": {"duplicate"}})
		if r.Status != 422 || !strings.Contains(r.Body, `id="reject-note-err"`) {
			t.Errorf("reject without note: %d", r.Status)
		}
		if rows() != before {
			t.Error("a refused action wrote")
		}

		for _, step := range []struct {
			b     *browser
			form  url.Values
			state string
		}{
			{dept, url.Values{"action": {"accept"}}, "accepted"},
			{dept, url.Values{"action": {"start"}, "note": {"已约企业现场查看"}}, "in_progress"},
			{leader, url.Values{"action": {"supervise"}, "note": {"请加快办理"}}, "in_progress"},
			{dept, url.Values{"action": {"resolve"}, "note": {"已协调消防部门现场验收。"}}, "resolved"},
			{ent, url.Values{"action": {"confirm"}, "solved": {"solved"}, "satisfaction": {"basically"}}, "closed"},
		} {
			if r := step.b.post("/appeals/"+id(n)+"/actions", step.form); r.Status != 303 {
				t.Fatalf("%s: %d %s", step.form.Get("action"), r.Status, snippet(r.Body))
			}
			if s := e.appealState(t, n); s != step.state {
				t.Fatalf("after %s: %s, want %s", step.form.Get("action"), s, step.state)
			}
		}
		page = ent.get("/appeals/" + id(n))
		for _, want := range []string{"已解决", "基本满意", "已协调消防部门现场验收。", "督办中", "请加快办理", "经济服务办公室"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the closed appeal's page lacks %s", want)
			}
		}
		if transferred && !strings.Contains(page.Body, "由经济服务办公室牵头") {
			t.Error("the transfer's reason is not in the history")
		}
		// Rating again: a conflict, with nothing left to do.
		if r := ent.post("/appeals/"+id(n)+"/actions", url.Values{"action": {"confirm"}, "solved": {"solved"}, "satisfaction": {"satisfied"}}); r.Status != 409 ||
			!strings.Contains(r.Body, "您现在不能对该诉求执行任何操作") {
			t.Errorf("rating a closed appeal: %d", r.Status)
		}

		// Reopened within 15 days of the resolution, not after.
		re := submit("用工招聘")
		for _, a := range []url.Values{{"action": {"accept"}}, {"action": {"resolve"}, "note": {"已推荐招聘渠道"}}} {
			if r := dept.post("/appeals/"+id(re)+"/actions", a); r.Status != 303 {
				t.Fatalf("%s: %d", a.Get("action"), r.Status)
			}
		}
		if r := ent.post("/appeals/"+id(re)+"/actions", url.Values{"action": {"confirm"}, "solved": {"maybe"}, "satisfaction": {"meh"}}); r.Status != 422 ||
			!strings.Contains(r.Body, "请选择已解决、部分解决或未解决") || !strings.Contains(r.Body, "请选择满意、基本满意或不满意") {
			t.Errorf("bad rating: %d", r.Status)
		}
		e.clock.Add(14 * 24 * time.Hour)
		ent = e.browser().login("enterprise")
		if r := ent.post("/appeals/"+id(re)+"/actions", url.Values{"action": {"reopen"}, "reason": {"仍未招到人"}}); r.Status != 303 || e.appealState(t, re) != "in_progress" {
			t.Fatalf("reopen: %d %s", r.Status, e.appealState(t, re))
		}
		dept = e.browser().login("dept")
		if r := dept.post("/appeals/"+id(re)+"/actions", url.Values{"action": {"resolve"}, "note": {"已对接人才市场"}}); r.Status != 303 {
			t.Fatalf("resolve again: %d", r.Status)
		}
		e.clock.Add(16 * 24 * time.Hour)
		ent = e.browser().login("enterprise")
		if page := ent.get("/appeals/" + id(re)); strings.Contains(page.Body, `value="reopen"`) || !strings.Contains(page.Body, "不能再要求重新办理") {
			t.Error("reopening is still offered after 15 days")
		}
		if r := ent.post("/appeals/"+id(re)+"/actions", url.Values{"action": {"reopen"}, "reason": {"仍未解决"}}); r.Status != 409 {
			t.Errorf("reopen after 15 days: %d", r.Status)
		}

		// Rejected with an exclusion reason and a note.
		leader = e.browser().login("leader")
		dept = e.browser().login("dept")
		rj := submit("劳动争议")
		if r := dept.post("/appeals/"+id(rj)+"/actions", url.Values{"action": {"reject"}, "reason": {"litigation"}, "note": {"已进入劳动仲裁程序"}}); r.Status != 303 {
			t.Fatalf("reject: %d %s", r.Status, snippet(r.Body))
		}
		if page := ent.get("/appeals/" + id(rj)); !strings.Contains(page.Body, "已进入诉讼、仲裁或行政复议程序") || !strings.Contains(page.Body, "已进入劳动仲裁程序") {
			t.Error("the rejection's reason is not shown")
		}

		// Another enterprise's appeal: 404, on the page and for actions.
		var foreign int64
		if err := e.app.DB.R.QueryRow("SELECT min(id) FROM appeals WHERE enterprise_id <> $1", f.own).Scan(&foreign); err != nil {
			t.Fatal(err)
		}
		if r := ent.get("/appeals/" + id(foreign)); r.Status != 404 {
			t.Errorf("another enterprise's appeal: %d", r.Status)
		}
		if r := ent.post("/appeals/"+id(foreign)+"/actions", url.Values{"action": {"confirm"}, "solved": {"solved"}, "satisfaction": {"satisfied"}}); r.Status != 404 {
			t.Errorf("acting on another enterprise's appeal: %d", r.Status)
		}
		if r := ent.post("/appeals?enterprise_id="+id(f.hehua), url.Values{"category": {"policy"}, "title": {"x"}}); r.Status != 303 {
			// The enterprise's own appeal, whatever the URL says.
			t.Errorf("enterprise_id in the URL: %d", r.Status)
		} else if n := e.count(t, "SELECT count(*) FROM appeals WHERE enterprise_id = $1 AND title = 'x'", f.hehua); n != 0 {
			t.Error("an enterprise raised an appeal for another")
		}
	})
}

// TestAppealFormWithFiles: staff raise an appeal for an enterprise of
// their scope with a file; the file is shown on the appeal and served
// only to those who see it.
func TestAppealFormWithFiles(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		b := e.browser().login("specialist")
		if r := b.get("/appeals/new"); r.Status != 200 || !strings.Contains(r.Body, e.name(t, f.hehua)) {
			t.Fatalf("picker: %d", r.Status)
		}
		fields := url.Values{"category": {"financing"}, "channel": {"hotline"}, "title": {"贷款贴息"}, "description": {"咨询贴息政策"}}
		ct, body := multipartFiles(t, fields, "attachments", map[string][]byte{"申请表.png": png})
		n := appealIDFrom(t, b.postMultipart("/appeals?enterprise_id="+id(f.hehua), ct, body))
		var att int64
		if err := e.app.DB.R.QueryRow("SELECT id FROM attachments WHERE owner = 'appeal' AND owner_id = $1", n).Scan(&att); err != nil {
			t.Fatalf("no attachment: %v", err)
		}
		if page := b.get("/appeals/" + id(n)); !strings.Contains(page.Body, "/attachments/"+id(att)) || !strings.Contains(page.Body, "热线电话") {
			t.Error("the appeal's page does not show its file")
		}
		deptSees := e.count(t, "SELECT count(*) FROM appeals WHERE id = $1 AND department_id = $2", n, e.unit("PH-D-JJB").ID) == 1
		for who, want := range map[string]bool{"specialist": true, "community": true, "leader": true, "dept": deptSees, "expert": false, "admin": false} {
			if r := e.browser().login(who).get("/attachments/" + id(att)); (r.Status == 200) != want {
				t.Errorf("%s: attachment %d", who, r.Status)
			}
		}
		// A file that is no picture: refused beside the field, nothing
		// written, the text kept.
		before := e.count(t, "SELECT count(*) FROM appeals")
		ct, body = multipartFiles(t, fields, "attachments", map[string][]byte{"x.png": []byte("<html>")})
		if r := b.postMultipart("/appeals?enterprise_id="+id(f.hehua), ct, body); r.Status != 422 || !strings.Contains(r.Body, `id="attachments-err"`) ||
			!strings.Contains(r.Body, "咨询贴息政策") {
			t.Errorf("bad file: %d", r.Status)
		}
		if e.count(t, "SELECT count(*) FROM appeals") != before {
			t.Error("a refused appeal wrote")
		}
		// Another specialist's enterprise: 404.
		if r := b.post("/appeals?enterprise_id="+id(f.pinghu), fields); r.Status != 404 {
			t.Errorf("an enterprise out of scope: %d", r.Status)
		}
	})
}

// multipartFiles builds a form with files under one field.
func multipartFiles(t *testing.T, fields url.Values, field string, files map[string][]byte) (string, []byte) {
	t.Helper()
	ct, body := multipartForm(t, fields, files)
	// multipartForm names the files "photos", the visit form's field.
	return ct, []byte(strings.ReplaceAll(string(body), `name="photos"`, `name="`+field+`"`))
}

// TestVisitFormWithAppeals: the specialist records a visit and the two
// appeals raised on it in one form: one visit and two appeals with the
// visit's id and channel; a bad second appeal writes nothing and comes
// back beside its field with everything typed kept.
func TestVisitFormWithAppeals(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		b := e.browser().login("specialist")
		page := b.get("/visits/new?enterprise_id=" + id(f.own))
		for _, want := range []string{`name="appeal1_category"`, `name="appeal1_title"`, `name="appeal1_description"`,
			`name="appeal2_category"`, `name="appeal2_title"`, `name="appeal2_description"`, "政策咨询：24 小时内答复"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the visit form lacks %s", want)
			}
		}
		// The appeals come after the findings and before the photos.
		if i, j, k := strings.Index(page.Body, `name="findings"`), strings.Index(page.Body, `name="appeal1_title"`),
			strings.Index(page.Body, `name="photos"`); !(i < j && j < k) {
			t.Error("the appeal blocks are not between the findings and the photos")
		}
		rows := func() [4]int {
			return [4]int{e.count(t, "SELECT count(*) FROM visits"), e.count(t, "SELECT count(*) FROM appeals"),
				e.count(t, "SELECT count(*) FROM appeal_events"), e.count(t, "SELECT count(*) FROM audit_log")}
		}
		fields := url.Values{"date": {"2026-03-01"}, "form": {"on_site"}, "people": {id(f.specialist)}, "findings": {"企业反映两件事。"},
			"appeal1_category": {"infrastructure"}, "appeal1_title": {"厂区门前道路积水"}, "appeal1_description": {"雨天积水严重"},
			"appeal2_category": {"magic"}, "appeal2_title": {"招工难"}, "appeal2_description": {"需要普工 50 人"}}
		before := rows()
		ct, body := multipartForm(t, fields, nil)
		r := b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body)
		if r.Status != 422 || !strings.Contains(r.Body, `id="appeal2_category-err"`) || strings.Contains(r.Body, `id="appeal1_category-err"`) {
			t.Errorf("bad second appeal: %d %s", r.Status, snippet(r.Body))
		}
		for _, kept := range []string{"企业反映两件事。", "厂区门前道路积水", "雨天积水严重", "招工难", "需要普工 50 人"} {
			if !strings.Contains(r.Body, kept) {
				t.Errorf("the refused form lost %s", kept)
			}
		}
		if rows() != before {
			t.Errorf("a refused visit wrote: %v → %v", before, rows())
		}
		// A description without a title is a mistake, not an empty block.
		fields.Set("appeal2_category", "labour")
		fields.Set("appeal2_title", "")
		ct, body = multipartForm(t, fields, nil)
		if r := b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body); r.Status != 422 || !strings.Contains(r.Body, `id="appeal2_title-err"`) {
			t.Errorf("description without title: %d", r.Status)
		}
		if rows() != before {
			t.Error("a refused visit wrote")
		}

		fields.Set("appeal2_title", "招工难")
		ct, body = multipartForm(t, fields, nil)
		r = b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body)
		if r.Status != 303 {
			t.Fatalf("visit with two appeals: %d %s", r.Status, snippet(r.Body))
		}
		after := rows()
		if after[0] != before[0]+1 || after[1] != before[1]+2 || after[2] != before[2]+2 || after[3] != before[3]+3 {
			t.Errorf("rows %v → %v, want one visit, two appeals, two events, three audit records", before, after)
		}
		var visit int64
		if err := e.app.DB.R.QueryRow("SELECT max(id) FROM visits").Scan(&visit); err != nil {
			t.Fatal(err)
		}
		if n := e.count(t, "SELECT count(*) FROM appeals WHERE visit_id = $1 AND channel = 'visit' AND enterprise_id = $2 AND created_by = $3",
			visit, f.own, f.specialist); n != 2 {
			t.Errorf("%d appeals on the visit", n)
		}
		// Empty blocks are no appeals.
		delete(fields, "appeal1_title")
		delete(fields, "appeal1_description")
		delete(fields, "appeal2_title")
		delete(fields, "appeal2_description")
		ct, body = multipartForm(t, fields, nil)
		if r := b.postMultipart("/visits?enterprise_id="+id(f.own), ct, body); r.Status != 303 {
			t.Fatalf("visit without appeals: %d", r.Status)
		}
		if n := rows()[1]; n != after[1] {
			t.Errorf("empty blocks wrote %d appeals", n-after[1])
		}
	})
}

// TestVisitAppealsOnPhone: the visit form's appeal blocks add nothing a
// 375 px screen cannot hold: the appeal section of the stylesheet sets no
// width, flex basis or grid column above 375 px, and no inline style.
func TestVisitAppealsOnPhone(t *testing.T) {
	e := newEnv(t, db.SQLite)
	f := e.facts(t)
	page := e.browser().login("specialist").get("/visits/new?enterprise_id=" + id(f.own))
	if page.Status != 200 || strings.Count(page.Body, `class="visit-appeal"`) != 2 {
		t.Fatalf("visit form: %d, %d blocks", page.Status, strings.Count(page.Body, `class="visit-appeal"`))
	}
	if regexp.MustCompile(`style="|<style`).MatchString(page.Body) {
		t.Error("inline style on the visit form")
	}
	css := e.browser().get("/static/app.css").Body
	i := strings.Index(css, "/* Appeals:")
	if i < 0 {
		t.Fatal("no appeal section in app.css")
	}
	section := css[i:]
	if j := strings.Index(section[1:], "\n/* "); j >= 0 {
		section = section[:j+1]
	}
	decl := regexp.MustCompile(`(?:^|[;{\s])((?:min-|max-)?width|flex(?:-basis)?|grid-template-columns)\s*:[^;}]*`)
	num := regexp.MustCompile(`(\d+(?:\.\d+)?)(px|rem|em|vw)`)
	for _, d := range decl.FindAllString(section, -1) {
		for _, m := range num.FindAllStringSubmatch(d, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			switch m[2] {
			case "rem", "em":
				v *= 15 // the root font size
			case "vw":
				v = 0
			}
			if v > 375 {
				t.Errorf("app.css appeal section: %q is wider than 375 px", strings.TrimSpace(d))
			}
		}
	}
}

// TestAppealQueueAndCards: the queue holds what is overdue and due soon;
// the home page counts it; roles without a queue are told so.
func TestAppealQueueAndCards(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		spec := e.browser().login("specialist")
		// Two policy questions (24 hours): one left to run late, one fresh.
		for _, title := range []string{"申报高企", "研发补贴"} {
			appealIDFrom(t, spec.post("/appeals?enterprise_id="+id(f.hehua), url.Values{"category": {"policy"}, "channel": {"hotline"}, "title": {title}}))
			e.clock.Add(20 * time.Minute)
		}
		e.clock.Add(24*time.Hour - 30*time.Minute) // the first is now overdue, the second due within the hour
		spec = e.browser().login("specialist")
		q := spec.get("/appeals/queue")
		if q.Status != 200 || !strings.Contains(q.Body, "已超期（1）") || !strings.Contains(q.Body, "24 小时内到期（1）") ||
			!strings.Contains(q.Body, "申报高企") || !strings.Contains(q.Body, "研发补贴") {
			t.Errorf("queue: %d %s", q.Status, snippet(q.Body))
		}
		if home := spec.get("/"); !strings.Contains(home.Body, "待办诉求") || !strings.Contains(home.Body, `href="/appeals/queue"`) {
			t.Error("the home page has no queue card")
		}
		if list := spec.get("/appeals?overdue=true"); !strings.Contains(list.Body, "申报高企") || strings.Contains(list.Body, "研发补贴") ||
			!strings.Contains(list.Body, `class="due-overdue"`) {
			t.Error("the overdue list")
		}
		if r := e.browser().login("enterprise").get("/appeals/queue"); r.Status != 200 || !strings.Contains(r.Body, "您的角色没有诉求待办清单") {
			t.Errorf("enterprise queue: %d", r.Status)
		}
		if home := e.browser().login("enterprise").get("/"); !strings.Contains(home.Body, "未办结诉求") {
			t.Error("the enterprise's home page has no appeal card")
		}
	})
}

// TestAppealCategoriesPage: the dictionary with its limits for everyone;
// leaders and the office change a limit; bad values come back beside the
// row; nobody else may post.
func TestAppealCategoriesPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		if r := e.browser().login("enterprise").get("/appeal-categories"); r.Status != 200 || !strings.Contains(r.Body, "政策咨询") ||
			!strings.Contains(r.Body, "24 小时") || strings.Contains(r.Body, `action="/appeal-categories/policy"`) {
			t.Errorf("read-only dictionary: %d", r.Status)
		}
		leader := e.browser().login("leader")
		form := url.Values{"response_n": {"1"}, "response_unit": {"workdays"}, "resolution_n": {"2"}, "resolution_unit": {"workdays"}, "active": {"true"}}
		if r := leader.post("/appeal-categories/permits", form); r.Status != 303 {
			t.Fatalf("edit: %d %s", r.Status, snippet(r.Body))
		}
		if n := e.count(t, "SELECT count(*) FROM appeal_categories WHERE code = 'permits' AND resolution_n = 2"); n != 1 {
			t.Error("the limit did not change")
		}
		bad := url.Values{"response_n": {"3"}, "response_unit": {"workdays"}, "resolution_n": {"x"}, "resolution_unit": {"workdays"}}
		if r := leader.post("/appeal-categories/permits", bad); r.Status != 422 || !strings.Contains(r.Body, "时限须为 1 至 1000 小时或工作日") {
			t.Errorf("bad limit: %d", r.Status)
		}
		bad.Set("resolution_n", "2")
		if r := leader.post("/appeal-categories/permits", bad); r.Status != 422 || !strings.Contains(r.Body, "响应时限不能长于办理时限") {
			t.Errorf("response longer than resolution: %d", r.Status)
		}
		for _, who := range []string{"dept", "specialist", "enterprise", "admin"} {
			if r := e.browser().login(who).post("/appeal-categories/permits", form); r.Status != 404 {
				t.Errorf("%s edits the dictionary: %d", who, r.Status)
			}
		}
		if r := leader.post("/appeal-categories/nope", form); r.Status != 404 {
			t.Errorf("unknown code: %d", r.Status)
		}
	})
}
