package app_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
)

// TestProjectLinks: a project names its campaign (an unknown one refused
// naming campaign_id) and shows on the campaign's board; it takes up an
// appeal (one out of the editor's scope refused naming appeal_ids); an
// adopted proposal becomes a project in one step and the two pages link
// each other, and a second project from it is refused with nothing
// written; a rule names the project it came from.
func TestProjectLinks(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		office, community := e.token("office"), e.token("community")
		q := e.app.DB.R
		var own, campID, appealJJB int64
		if err := q.QueryRow(`SELECT min(p.id) FROM projects p JOIN units u ON u.id = p.lead_unit_id
			WHERE u.code = 'PH-HEHUA' AND p.closed_date IS NULL`).Scan(&own); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRow("SELECT min(id) FROM campaigns").Scan(&campID); err != nil {
			t.Fatal(err)
		}
		if err := q.QueryRow(`SELECT min(p.id) FROM appeals p JOIN units d ON d.id = p.department_id WHERE d.code = 'PH-D-JJB'`).Scan(&appealJJB); err != nil {
			t.Fatal(err)
		}
		path := "/api/v1/projects/" + id(own)

		// The demo's branch-led projects belong to the 2022 campaign.
		var branch int64
		if err := q.QueryRow("SELECT min(id) FROM projects WHERE kind = 'branch_led'").Scan(&branch); err != nil {
			t.Fatal(err)
		}
		if r := e.api("GET", "/api/v1/projects/"+id(branch), e.token("leader"), nil); !strings.Contains(r.Body, `"campaign_id":`+id(campID)+`,`) {
			t.Errorf("a demo branch-led project outside the campaign: %s", snippet(r.Body))
		}

		// The campaign.
		if r := e.api("PATCH", path, office, map[string]any{"campaign_id": 987654}); r.Status != 422 || !strings.Contains(r.Body, `"campaign_id"`) {
			t.Errorf("unknown campaign: %d %s", r.Status, r.Body)
		}
		if r := e.api("PATCH", path, office, map[string]any{"campaign_id": campID}); r.Status != 200 || !strings.Contains(r.Body, `"campaign_id":`+id(campID)) {
			t.Errorf("campaign: %d %s", r.Status, r.Body)
		}
		var name string
		if err := q.QueryRow("SELECT name FROM projects WHERE id = $1", own).Scan(&name); err != nil {
			t.Fatal(err)
		}
		leader := e.browser().login("leader")
		if r := leader.get("/campaigns/" + id(campID)); r.Status != 200 || !strings.Contains(r.Body, `href="/projects/`+id(own)+`"`) {
			t.Errorf("the campaign's board lacks the project: %d", r.Status)
		}

		// Appeals: the community leads the project but does not see the
		// department's appeal.
		audits := func() (n int) {
			if err := q.QueryRow("SELECT count(*) FROM project_appeals").Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		if r := e.api("PATCH", path, community, map[string]any{"appeal_ids": []int64{appealJJB}}); r.Status != 422 || !strings.Contains(r.Body, `"appeal_ids"`) || audits() != 0 {
			t.Errorf("an appeal out of scope: %d %s", r.Status, r.Body)
		}
		var p struct {
			AppealIDs []int64 `json:"appeal_ids"`
		}
		r := e.api("PATCH", path, office, map[string]any{"appeal_ids": []int64{appealJJB, appealJJB}})
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Status != 200 || len(p.AppealIDs) != 1 || p.AppealIDs[0] != appealJJB {
			t.Fatalf("link an appeal: %d %s", r.Status, r.Body)
		}
		// The community reads the project without the appeal it may not see,
		// and its edit keeps the link.
		r = e.api("GET", path, community, nil)
		if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.Status != 200 || len(p.AppealIDs) != 0 {
			t.Errorf("the community reads the appeal's id: %s", r.Body)
		}
		if r := e.api("PATCH", path, community, map[string]any{"appeal_ids": []int64{}}); r.Status != 200 || audits() != 1 {
			t.Errorf("the community's edit dropped an appeal it does not see: %d %d", r.Status, audits())
		}
		if r := leader.get("/appeals/" + id(appealJJB)); !strings.Contains(r.Body, `href="/projects/`+id(own)+`"`) {
			t.Errorf("the appeal's page lacks the project: %d", r.Status)
		}
		ob := e.browser().login("office")
		if r := ob.get("/projects/" + id(own)); !strings.Contains(r.Body, `href="/appeals/`+id(appealJJB)+`"`) ||
			!strings.Contains(r.Body, "/supervisions/new?target_kind=project&amp;target_id="+id(own)) ||
			!strings.Contains(r.Body, "/supervisions/new?target_kind=milestone&amp;target_id=") {
			t.Errorf("the project's page lacks the appeal or the supervision links: %d", r.Status)
		}
		if r := ob.post("/projects/"+id(own)+"/appeals/"+id(appealJJB)+"/remove", nil); r.Status != 303 || audits() != 0 {
			t.Errorf("unlink: %d", r.Status)
		}
		if r := ob.post("/projects/"+id(own)+"/appeals", url.Values{"appeal_id": {"987654"}}); r.Status != 422 || audits() != 0 {
			t.Errorf("link an unknown appeal on the page: %d", r.Status)
		}
		if r := ob.post("/projects/"+id(own)+"/appeals", url.Values{"appeal_id": {id(appealJJB)}}); r.Status != 303 || audits() != 1 {
			t.Errorf("link on the page: %d", r.Status)
		}

		// An adopted proposal becomes a project.
		var prop int64
		var title string
		if err := q.QueryRow("SELECT id, title FROM proposals WHERE state = 'adopted' AND project_id IS NULL ORDER BY id LIMIT 1").Scan(&prop, &title); err != nil {
			t.Fatal(err)
		}
		if r := ob.get("/proposals/" + id(prop)); !strings.Contains(r.Body, "/projects/new?proposal_id="+id(prop)) {
			t.Errorf("the adopted proposal offers no project: %d", r.Status)
		}
		if r := ob.get("/projects/new?proposal_id=" + id(prop)); r.Status != 200 || !strings.Contains(r.Body, `name="proposal_id" value="`+id(prop)+`"`) {
			t.Errorf("the form from the proposal: %d %s", r.Status, snippet(r.Body))
		}
		form := url.Values{"proposal_id": {id(prop)}, "kind": {"key"}, "name": {title}, "field": {"governance"},
			"lead_unit_id": {id(e.unit("PH-HEHUA").ID)}, "start_date": {"2026-03-02"}, "target_date": {"2026-12-31"}}
		r = ob.post("/projects", form)
		loc := r.Header.Get("Location")
		if r.Status != 303 || !strings.HasPrefix(loc, "/projects/") {
			t.Fatalf("project from the proposal: %d %s", r.Status, snippet(r.Body))
		}
		newPath := strings.SplitN(loc, "?", 2)[0]
		var linked int64
		if err := q.QueryRow("SELECT COALESCE(project_id, 0) FROM proposals WHERE id = $1", prop).Scan(&linked); err != nil || newPath != "/projects/"+id(linked) {
			t.Errorf("the proposal links %d, the project is %s", linked, newPath)
		}
		if r := ob.get(newPath); !strings.Contains(r.Body, `href="/proposals/`+id(prop)+`"`) {
			t.Errorf("the project's page lacks its proposal")
		}
		if r := ob.get("/proposals/" + id(prop)); !strings.Contains(r.Body, `href="`+newPath+`"`) || strings.Contains(r.Body, "/projects/new?proposal_id=") {
			t.Errorf("the proposal's page does not link its project")
		}
		var projects int
		_ = q.QueryRow("SELECT count(*) FROM projects").Scan(&projects)
		if r := ob.post("/projects", form); r.Status != 422 {
			t.Errorf("a second project from the proposal: %d", r.Status)
		}
		var after int
		_ = q.QueryRow("SELECT count(*) FROM projects").Scan(&after)
		if after != projects {
			t.Errorf("the refused second project was written")
		}

		// Through the API: a proposal not adopted is refused naming
		// proposal_id, and no project is written; an adopted one links.
		var pending, prop2 int64
		if err := q.QueryRow("SELECT min(id) FROM proposals WHERE state <> 'adopted'").Scan(&pending); err != nil {
			t.Fatal(err)
		}
		body := map[string]any{"kind": "key", "name": "金点子项目", "field": "governance", "lead_unit_id": e.unit("PH-HEHUA").ID,
			"start_date": "2026-03-02", "target_date": "2026-12-31", "proposal_id": pending}
		if r := e.api("POST", "/api/v1/projects", office, body); r.Status != 422 || !strings.Contains(r.Body, `"proposal_id"`) {
			t.Errorf("a project from a pending proposal: %d %s", r.Status, r.Body)
		}
		_ = q.QueryRow("SELECT count(*) FROM projects").Scan(&after)
		if after != projects {
			t.Errorf("the refused project from a pending proposal was written")
		}
		if err := q.QueryRow("SELECT id FROM proposals WHERE state = 'adopted' AND project_id IS NULL ORDER BY id LIMIT 1").Scan(&prop2); err != nil {
			t.Fatal(err)
		}
		body["proposal_id"] = prop2
		var made struct {
			ID int64 `json:"id"`
		}
		r = e.api("POST", "/api/v1/projects", office, body)
		if err := json.Unmarshal([]byte(r.Body), &made); err != nil || r.Status != 201 {
			t.Fatalf("a project from an adopted proposal: %d %s", r.Status, r.Body)
		}
		if err := q.QueryRow("SELECT COALESCE(project_id, 0) FROM proposals WHERE id = $1", prop2).Scan(&linked); err != nil || linked != made.ID {
			t.Errorf("the proposal links %d, want %d", linked, made.ID)
		}

		// A rule names the project it came from; an unknown one is refused.
		rule := map[string]any{"number": "平湖〔2026〕1号", "title": "项目形成的制度", "unit_id": e.unit("PH-HEHUA").ID, "body": "第一条", "project_id": 987654}
		if r := e.api("POST", "/api/v1/rules", office, rule); r.Status != 422 || !strings.Contains(r.Body, `"project_id"`) {
			t.Errorf("a rule from an unknown project: %d %s", r.Status, r.Body)
		}
		rule["project_id"] = own
		var ru struct {
			ID int64 `json:"id"`
		}
		r = e.api("POST", "/api/v1/rules", office, rule)
		if err := json.Unmarshal([]byte(r.Body), &ru); err != nil || r.Status != 201 {
			t.Fatalf("a rule from the project: %d %s", r.Status, r.Body)
		}
		if r := ob.get("/rules/" + id(ru.ID)); !strings.Contains(r.Body, `href="/projects/`+id(own)+`"`) {
			t.Errorf("the rule's page lacks its project")
		}
		if r := ob.get("/projects/" + id(own)); !strings.Contains(r.Body, `href="/rules/`+id(ru.ID)+`"`) {
			t.Errorf("the project's page lacks its rule")
		}
	})
}
