package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/project"
)

// A project through the API, every answer checked against the OpenAPI
// document: created, listed, read, changed; a milestone refused before
// the start, then added and done; a report refused out of range, then
// taken; the figures; and nothing for a role that sees no projects.
func TestProjectsThroughTheAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Projects = &project.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		s := e.unit(e.root.ID, org.Subdistrict, "ph")
		c1 := e.unit(s.ID, org.Community, "c1")
		e.user("leader1", access.Leader, s.ID, "")
		comm := e.user("comm1", access.Community, c1.ID, "")
		e.user("spec1", access.Specialist, s.ID, "")
		leader, community, spec := e.login("leader1"), e.login("comm1"), e.login("spec1")

		e.do("POST", "/api/v1/projects", leader, map[string]any{"kind": "branch_led", "name": "禾花社区出租屋消防安全攻坚"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "field", "lead_unit_id", "lead_branch", "start_date", "target_date")
		r := e.do("POST", "/api/v1/projects", leader, map[string]any{"kind": "branch_led", "name": "禾花社区出租屋消防安全攻坚",
			"field": "safety", "lists": []string{"key"}, "lead_unit_id": c1.ID, "lead_branch": "禾花社区党委",
			"member_ids": []int64{comm.ID}, "start_date": "2022-03-01", "target_date": "2022-12-31", "budget_fen": 1200000}).want(http.StatusCreated)
		id := r.id()
		if r.json["status"] != "on_track" || r.json["budget_fen"].(float64) != 1200000 {
			t.Errorf("created %v", r.json)
		}
		if items := e.do("GET", "/api/v1/projects?kind=branch_led&list=key", community, nil).want(http.StatusOK).items(); len(items) != 1 {
			t.Errorf("community list: %v", items)
		}
		path := fmt.Sprintf("/api/v1/projects/%d", id)
		e.do("GET", path, spec, nil).want(http.StatusNotFound)
		e.do("PATCH", path, community, map[string]any{"goals": "年底前全部整改"}).want(http.StatusOK)
		e.do("POST", path+"/milestones", community, map[string]any{"title": "排查", "due_date": "2022-02-01"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "due_date")
		mid := e.do("POST", path+"/milestones", community, map[string]any{"title": "排查", "owner_id": comm.ID, "due_date": "2022-03-10"}).
			want(http.StatusCreated).id()
		e.do("POST", fmt.Sprintf("%s/milestones/%d/done", path, mid), community, map[string]any{"evidence": "排查台账"}).want(http.StatusOK)
		e.do("POST", path+"/reports", community, map[string]any{"percent": 101}).wantError(http.StatusUnprocessableEntity, "invalid", "percent")
		e.do("POST", path+"/reports", community, map[string]any{"percent": 5, "narrative": "已启动"}).want(http.StatusCreated)
		got := e.do("GET", path, leader, nil).want(http.StatusOK)
		if n := len(got.json["milestones"].([]any)); n != 1 || got.json["progress"].(float64) != 5 {
			t.Errorf("project %v", got.json)
		}
		st := e.do("GET", "/api/v1/stats/projects?as_of=2022-03-01", leader, nil).want(http.StatusOK)
		if num(t, st, "total") != 1 || num(t, st, "branch_led") != 1 || st.json["by_list"].(map[string]any)["key"].(float64) != 1 {
			t.Errorf("stats %v", st.json)
		}
		e.do("GET", "/api/v1/stats/projects?as_of=2022-02-30", leader, nil).wantError(http.StatusUnprocessableEntity, "invalid", "as_of")
		e.do("GET", "/api/v1/stats/projects", spec, nil).want(http.StatusNotFound)
		e.do("GET", "/api/v1/project-fields", spec, nil).want(http.StatusOK)
	})
}
