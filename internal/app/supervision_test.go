package app_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"pinghu/internal/db"
)

// TestSupervisionEndToEnd: the office issues a notice on an appeal; it
// goes to the appeal's department, whose calendar feed holds it (read by
// a real calendar parser, ical.js) until the department replies; the reply
// counts as answered on time, and the feed no longer holds it.
func TestSupervisionEndToEnd(t *testing.T) {
	e := newEnv(t, db.SQLite)
	var appealID, dept int64
	if err := e.app.DB.R.QueryRow(`SELECT min(p.id), min(d.id) FROM appeals p JOIN units d ON d.id = p.department_id
		WHERE d.code = 'PH-D-JJB'`).Scan(&appealID, &dept); err != nil || appealID == 0 {
		t.Fatalf("no appeal of the demo department: %v", err)
	}
	office, deptTok := e.token("office"), e.token("dept")

	// The demo's notices of 2022: on time, late, and some never answered.
	r := e.api("GET", "/api/v1/stats/supervision?as_of=2022-12-31", e.token("leader"), nil)
	if r.Status != 200 || !strings.Contains(r.Body, `"total":{"open":2,"on_time":4,"late":2,"overdue":2}`) {
		t.Errorf("demo figures: %d %s", r.Status, r.Body)
	}

	r = e.api("POST", "/api/v1/supervisions", office, map[string]any{"target_kind": "appeal", "target_id": appealID,
		"title": "督办：尽快答复企业, 并报送进展", "content": "请于期限内答复。"})
	if r.Status != 422 || !strings.Contains(r.Body, `"deadline"`) {
		t.Fatalf("a notice without a deadline: %d %s", r.Status, r.Body)
	}
	r = e.api("POST", "/api/v1/supervisions", office, map[string]any{"target_kind": "appeal", "target_id": appealID,
		"title": "督办：尽快答复企业, 并报送进展", "content": "请于期限内答复。", "deadline": "2026-03-06"})
	var n struct {
		ID             int64    `json:"id"`
		ReceiverUnitID int64    `json:"receiver_unit_id"`
		State          string   `json:"state"`
		OnTime         bool     `json:"on_time"`
		AllowedActions []string `json:"allowed_actions"`
	}
	if err := json.Unmarshal([]byte(r.Body), &n); err != nil || r.Status != 201 || n.ReceiverUnitID != dept || n.State != "open" {
		t.Fatalf("issue: %d %s", r.Status, r.Body)
	}

	feed := "/api/v1/calendar/" + addFeed(t, e, "dept") + ".ics"
	before := e.api("GET", feed, "", nil)
	if before.Status != 200 || !strings.HasPrefix(before.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", before.Status, before.Body)
	}
	if todos, ok := parseICS(t, before.Body); ok {
		want := icsTodo{Summary: "督办：尽快答复企业, 并报送进展", Due: "2026-03-06", Status: "NEEDS-ACTION"}
		if !slices.ContainsFunc(todos, func(x icsTodo) bool { return x.Summary == want.Summary && x.Due == want.Due && x.Status == want.Status }) {
			t.Errorf("the department's feed lacks the notice: %+v", todos)
		}
	} else if !strings.Contains(before.Body, "SUMMARY:督办：尽快答复企业\\, 并报送进展\r\nDUE;VALUE=DATE:20260306\r\n") {
		t.Errorf("the department's feed lacks the notice: %s", before.Body)
	}

	r = e.api("GET", "/api/v1/reminders", deptTok, nil)
	if r.Status != 200 || !strings.Contains(r.Body, "尽快答复企业") {
		t.Errorf("reminders: %d %s", r.Status, r.Body)
	}

	r = e.api("POST", "/api/v1/supervisions/"+id(n.ID)+"/reply", deptTok, map[string]any{"reply": "已与企业沟通，问题已解决。"})
	if err := json.Unmarshal([]byte(r.Body), &n); err != nil || r.Status != 200 || n.State != "answered" || !n.OnTime {
		t.Fatalf("reply: %d %s", r.Status, r.Body)
	}
	r = e.api("GET", "/api/v1/supervisions?figure=on_time", office, nil)
	if r.Status != 200 || !strings.Contains(r.Body, `"id":`+id(n.ID)+`,`) {
		t.Errorf("the on-time list lacks the notice: %d %s", r.Status, r.Body)
	}
	after := e.api("GET", feed, "", nil)
	if after.Status != 200 || strings.Contains(after.Body, "尽快答复企业") {
		t.Errorf("the feed still holds the answered notice: %s", after.Body)
	}
	// The same through the pages: the office issues from the appeal's
	// page, the department replies on the notice's page, and the
	// department's feed page shows a new address once.
	ob, dp := e.browser().login("office"), e.browser().login("dept")
	if r := ob.get("/appeals/" + id(appealID)); !strings.Contains(r.Body, "/supervisions/new?target_kind=appeal&amp;target_id="+id(appealID)) {
		t.Errorf("the appeal's page offers no notice: %d", r.Status)
	}
	r2 := ob.post("/supervisions", url.Values{"target_kind": {"appeal"}, "target_id": {id(appealID)}, "title": {"页面督办"},
		"deadline": {"2026-03-09"}})
	loc := r2.Header.Get("Location")
	if r2.Status != 303 || !strings.HasPrefix(loc, "/supervisions/") {
		t.Fatalf("issue by form: %d %s", r2.Status, loc)
	}
	path := strings.SplitN(loc, "?", 2)[0]
	if r := dp.post(path+"/reply", url.Values{"reply": {"页面答复"}}); r.Status != 303 {
		t.Errorf("reply by form: %d", r.Status)
	}
	if r := dp.get(path); r.Status != 200 || !strings.Contains(r.Body, "页面答复") {
		t.Errorf("the notice's page after the reply: %d", r.Status)
	}
	if r := dp.post("/account/calendar-feed", nil); r.Status != 200 || !strings.Contains(r.Body, "/api/v1/calendar/") {
		t.Errorf("new feed address: %d", r.Status)
	}
	if r := e.api("GET", feed, "", nil); r.Status != 404 {
		t.Errorf("the replaced address still answers: %d", r.Status)
	}

	// Revoked, the address is gone.
	if _, err := e.app.DB.W.Exec("DELETE FROM calendar_feeds"); err != nil {
		t.Fatal(err)
	}
	if r := e.api("GET", feed, "", nil); r.Status != 404 {
		t.Errorf("revoked feed: %d", r.Status)
	}
}

// icsTodo is a VTODO as ical.js reads it.
type icsTodo struct {
	UID     string `json:"uid"`
	Summary string `json:"summary"`
	Due     string `json:"due"`
	Status  string `json:"status"`
	URL     string `json:"url"`
}

// icalScript parses the feed on stdin with ical.js and prints its VTODOs.
const icalScript = `
const ICAL = require(process.env.PINGHU_ICALJS);
let src = '';
process.stdin.on('data', d => src += d);
process.stdin.on('end', () => {
  const cal = new ICAL.Component(ICAL.parse(src));
  if (cal.name !== 'vcalendar') throw new Error('not a VCALENDAR: ' + cal.name);
  const out = cal.getAllSubcomponents('vtodo').map(c => {
    const due = c.getFirstPropertyValue('due');
    if (!due || !due.isDate) throw new Error('DUE is not a date');
    return {uid: c.getFirstPropertyValue('uid'), summary: c.getFirstPropertyValue('summary'),
      due: due.toString(), status: c.getFirstPropertyValue('status'), url: c.getFirstPropertyValue('url')};
  });
  process.stdout.write(JSON.stringify(out));
});
`

// parseICS checks the feed's lines (CRLF, at most 75 octets) and reads its
// VTODOs with ical.js (PINGHU_ICALJS: the package's CommonJS build, which
// .ci/run installs). Without node or the package it says so and reports
// false, except under CI, where it fails.
func parseICS(t *testing.T, feed string) ([]icsTodo, bool) {
	t.Helper()
	if !strings.HasSuffix(feed, "\r\n") || strings.Contains(strings.ReplaceAll(feed, "\r\n", ""), "\n") {
		t.Errorf("the feed's lines do not all end in CRLF")
	}
	for _, l := range strings.Split(feed, "\r\n") {
		if len(l) > 75 {
			t.Errorf("a line of %d octets: %q", len(l), l)
		}
	}
	missing := func(why string) ([]icsTodo, bool) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI: %s", why)
		}
		t.Log(why)
		return nil, false
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return missing("no node found: the calendar feed is not checked with ical.js (.ci/run installs it)")
	}
	lib := os.Getenv("PINGHU_ICALJS")
	if _, err := os.Stat(lib); lib == "" || err != nil {
		return missing("PINGHU_ICALJS does not name ical.js's dist/ical.es5.cjs: the calendar feed is not checked with a calendar parser")
	}
	cmd := exec.Command(node, "-e", icalScript)
	cmd.Env = append(os.Environ(), "PINGHU_ICALJS="+lib)
	cmd.Stdin = strings.NewReader(feed)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("ical.js refused the feed: %v\n%s\n%s", err, errb.String(), feed)
	}
	var todos []icsTodo
	if err := json.Unmarshal(out.Bytes(), &todos); err != nil {
		t.Fatalf("ical.js output %q: %v", out.String(), err)
	}
	for _, x := range todos {
		if x.UID == "" || !strings.HasPrefix(x.URL, "http") {
			t.Errorf("a VTODO without UID or URL: %+v", x)
		}
	}
	return todos, true
}
