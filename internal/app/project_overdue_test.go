package app_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"pinghu/internal/db"
)

// feedPath finds the feed's address on the account's feed page.
var feedPath = regexp.MustCompile(`/api/v1/calendar/[A-Za-z0-9_-]+\.ics`)

// TestOverdueMilestoneAcceptance is the acceptance: a milestone
// due yesterday and not done makes its project "overdue" with nothing
// written by the read (the status is computed), and the milestone is on
// its owner's overdue list and in the owner's calendar feed, which a real
// calendar parser reads.
func TestOverdueMilestoneAcceptance(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// The test clock stands at 2026-03-02 in Shanghai.
		const yesterday = "2026-03-01"
		office := e.token("office")
		var owner int64
		if err := e.app.DB.R.QueryRow("SELECT id FROM users WHERE username = 'dept'").Scan(&owner); err != nil {
			t.Fatal(err)
		}
		r := e.api("POST", "/api/v1/projects", office, map[string]any{"kind": "key", "name": "甘坑立交周边道路整治",
			"field": "traffic", "lead_unit_id": e.unit("PH-D-JJB").ID, "start_date": "2026-01-05", "target_date": "2026-12-31"})
		var p struct {
			ID        int64  `json:"id"`
			Status    string `json:"status"`
			UpdatedAt string `json:"updated_at"`
		}
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Status != 201 {
			t.Fatalf("create: %d %s", r.Status, r.Body)
		}
		path := "/api/v1/projects/" + id(p.ID)
		r = e.api("POST", path+"/milestones", office, map[string]any{"title": "完成交通疏解方案", "owner_id": owner, "due_date": yesterday})
		if r.Status != 201 {
			t.Fatalf("milestone: %d %s", r.Status, r.Body)
		}

		audits := func() (n int) {
			if err := e.app.DB.R.QueryRow("SELECT count(*) FROM audit_log").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		written := audits()
		r = e.api("GET", path, office, nil)
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Status != 200 {
			t.Fatalf("get: %d %s", r.Status, r.Body)
		}
		if p.Status != "overdue" {
			t.Errorf("status with a milestone due yesterday: %q", p.Status)
		}
		was := p.UpdatedAt
		if r = e.api("GET", path, office, nil); json.Unmarshal([]byte(r.Body), &p) != nil || p.UpdatedAt != was || p.Status != "overdue" {
			t.Errorf("a second read: %s", r.Body)
		}
		if n := audits(); n != written {
			t.Errorf("reading the project wrote %d audit entries", n-written)
		}

		var lists struct {
			Overdue []struct {
				Kind  string `json:"kind"`
				Title string `json:"title"`
				Due   string `json:"due"`
			} `json:"overdue"`
		}
		r = e.api("GET", "/api/v1/reminders", e.token("dept"), nil)
		if err := json.Unmarshal([]byte(r.Body), &lists); err != nil || r.Status != 200 {
			t.Fatalf("reminders: %d %s", r.Status, r.Body)
		}
		if !slices.ContainsFunc(lists.Overdue, func(x struct {
			Kind  string `json:"kind"`
			Title string `json:"title"`
			Due   string `json:"due"`
		}) bool {
			return x.Kind == "milestone" && strings.Contains(x.Title, "完成交通疏解方案") && x.Due == yesterday
		}) {
			t.Errorf("the owner's overdue list lacks the milestone: %s", r.Body)
		}

		page := e.browser().login("dept").post("/account/calendar-feed", nil)
		feed := feedPath.FindString(page.Body)
		if page.Status != 200 || feed == "" {
			t.Fatalf("new feed: %d %s", page.Status, snippet(page.Body))
		}
		ics := e.api("GET", feed, "", nil)
		if ics.Status != 200 {
			t.Fatalf("feed: %d %s", ics.Status, ics.Body)
		}
		if !strings.Contains(ics.Body, "BEGIN:VTODO") || !strings.Contains(ics.Body, "DUE;VALUE=DATE:20260301\r\n") ||
			!strings.Contains(ics.Body, "完成交通疏解方案") {
			t.Errorf("the feed lacks the milestone: %s", ics.Body)
		}
		if todos, ok := parseICS(t, ics.Body); ok {
			if !slices.ContainsFunc(todos, func(x icsTodo) bool {
				return strings.Contains(x.Summary, "完成交通疏解方案") && x.Due == yesterday && x.Status == "NEEDS-ACTION"
			}) {
				t.Errorf("ical.js reads no VTODO for the milestone: %+v", todos)
			}
		}
	})
}

// TestMilestoneSupervisionReachesLeadUnit: a notice the office issues on
// a project's milestone goes to the project's lead unit, whose staff see
// it among their notices.
func TestMilestoneSupervisionReachesLeadUnit(t *testing.T) {
	e := newEnv(t, db.SQLite)
	office := e.token("office")
	jjb := e.unit("PH-D-JJB").ID
	r := e.api("POST", "/api/v1/projects", office, map[string]any{"kind": "key", "name": "园区消防通道整治",
		"field": "safety", "lead_unit_id": jjb, "start_date": "2026-01-05", "target_date": "2026-12-31"})
	var p struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Status != 201 {
		t.Fatalf("create: %d %s", r.Status, r.Body)
	}
	var m struct {
		ID int64 `json:"id"`
	}
	r = e.api("POST", "/api/v1/projects/"+id(p.ID)+"/milestones", office, map[string]any{"title": "清理占用通道", "due_date": "2026-04-30"})
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil || r.Status != 201 {
		t.Fatalf("milestone: %d %s", r.Status, r.Body)
	}
	r = e.api("POST", "/api/v1/supervisions", office, map[string]any{"target_kind": "milestone", "target_id": m.ID,
		"title": "督办：清理占用通道", "deadline": "2026-03-20"})
	var n struct {
		ID             int64 `json:"id"`
		ReceiverUnitID int64 `json:"receiver_unit_id"`
	}
	if err := json.Unmarshal([]byte(r.Body), &n); err != nil || r.Status != 201 {
		t.Fatalf("issue: %d %s", r.Status, r.Body)
	}
	if n.ReceiverUnitID != jjb {
		t.Errorf("receiver %d, want the lead unit %d", n.ReceiverUnitID, jjb)
	}
	if r := e.api("GET", "/api/v1/supervisions/"+id(n.ID), e.token("dept"), nil); r.Status != 200 {
		t.Errorf("the lead unit's staff cannot read the notice: %d", r.Status)
	}
	// The project's page lists the notice on its milestone.
	if r := e.browser().login("dept").get("/projects/" + id(p.ID)); r.Status != 200 || !strings.Contains(r.Body, `href="/supervisions/`+id(n.ID)+`"`) {
		t.Errorf("the project's page lacks the milestone's notice: %d", r.Status)
	}
}
