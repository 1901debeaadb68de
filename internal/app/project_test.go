package app_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The seed's project counts on the demo: as of 1 July 2022, 98 projects
// from the higher level, 32 sub-district key projects of which 9 need
// special attention, and the 20 branch-led 攻坚 projects. Then the demo
// community reports on its own project, and a percent out of range is
// refused with nothing written.
func TestDemoProjectFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		leader := e.token("leader")
		r := e.api("GET", "/api/v1/stats/projects?as_of=2022-07-01", leader, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("stats: %d %s", r.Status, r.Body)
		}
		var st struct {
			AsOf      string         `json:"as_of"`
			Total     int            `json:"total"`
			ByList    map[string]int `json:"by_list"`
			BranchLed int            `json:"branch_led"`
			ByStatus  map[string]int `json:"by_status"`
			Overdue   int            `json:"milestones_overdue"`
		}
		if err := json.Unmarshal([]byte(r.Body), &st); err != nil {
			t.Fatal(err)
		}
		if st.AsOf != "2022-07-01" || st.ByList["upper_level"] != 98 || st.ByList["key"] != 32 || st.ByList["special_attention"] != 9 ||
			st.BranchLed != 20 || st.ByList["district_land_eight"] != 2 || st.Total != 150 {
			t.Fatalf("stats as of 2022-07-01: %s", r.Body)
		}
		// Some late, some behind: the demo shows every status.
		if st.ByStatus["on_track"] == 0 || st.ByStatus["at_risk"] == 0 || st.ByStatus["overdue"] == 0 || st.Overdue == 0 {
			t.Errorf("statuses as of 2022-07-01: %s", r.Body)
		}

		var own int64
		if err := e.app.DB.R.QueryRow(`SELECT min(p.id) FROM projects p JOIN units u ON u.id = p.lead_unit_id
			WHERE u.code = 'PH-HEHUA' AND p.closed_date IS NULL`).Scan(&own); err != nil {
			t.Fatal(err)
		}
		community := e.token("community")
		path := fmt.Sprintf("/api/v1/projects/%d/reports", own)
		if r := e.api("POST", path, community, map[string]any{"percent": 101}); r.Status != http.StatusUnprocessableEntity {
			t.Errorf("percent 101: %d %s", r.Status, r.Body)
		}
		if r := e.api("POST", path, community, map[string]any{"percent": 60, "narrative": "按计划推进"}); r.Status != http.StatusCreated {
			t.Errorf("report: %d %s", r.Status, r.Body)
		}
		var n int
		if err := e.app.DB.R.QueryRow("SELECT count(*) FROM project_reports WHERE project_id = $1 AND percent IN (60, 101)", own).Scan(&n); err != nil || n != 1 {
			t.Errorf("reports written: %d %v", n, err)
		}
		// The pages: the community's list shows its project and the chart;
		// the detail its milestones and timeline; a bad percent posted on
		// the page is refused naming the field.
		var name string
		if err := e.app.DB.R.QueryRow("SELECT name FROM projects WHERE id = $1", own).Scan(&name); err != nil {
			t.Fatal(err)
		}
		b := e.browser().login("community")
		if r := b.get("/projects?lead_unit_id=" + fmt.Sprint(e.unit("PH-HEHUA").ID)); r.Status != 200 || !strings.Contains(r.Body, name) || !strings.Contains(r.Body, "<svg") {
			t.Errorf("list: %d %s", r.Status, snippet(r.Body))
		}
		detail := fmt.Sprintf("/projects/%d", own)
		if r := b.get(detail); r.Status != 200 || !strings.Contains(r.Body, "完成摸底调研与方案制定") || !strings.Contains(r.Body, `class="timeline"`) {
			t.Errorf("detail: %d %s", r.Status, snippet(r.Body))
		}
		if r := b.post(detail+"/reports", url.Values{"percent": {"101"}}); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "0 到 100") {
			t.Errorf("page report 101: %d %s", r.Status, snippet(r.Body))
		}
		if err := e.app.DB.R.QueryRow("SELECT count(*) FROM project_reports WHERE project_id = $1 AND percent IN (60, 101)", own).Scan(&n); err != nil || n != 1 {
			t.Errorf("reports written after the page: %d %v", n, err)
		}
		// The ledger of a filtered list holds exactly that list: the nine
		// projects on the special-attention list, 清平高速甘坑立交 among them.
		lb := e.browser().login("leader")
		lr := lb.get("/ledgers/projects.xlsx?list=special_attention")
		if lr.Status != 200 {
			t.Fatalf("ledger: %d", lr.Status)
		}
		_, rows := readLedger(t, lr.Body)
		found := false
		for _, row := range rows {
			found = found || (len(row) > 1 && row[1] == "清平高速甘坑立交")
		}
		if len(rows) != 9 || !found {
			t.Errorf("special-attention ledger: %d rows, 清平高速甘坑立交 found %v", len(rows), found)
		}
		// The form: a leader creates a branch-led project on two lists.
		hehua, jjb := fmt.Sprint(e.unit("PH-HEHUA").ID), fmt.Sprint(e.unit("PH-D-JJB").ID)
		cr := lb.post("/projects", url.Values{"kind": {"branch_led"}, "name": {"禾花社区矩阵攻坚"}, "field": {"governance"},
			"lists": {"key", "special_attention"}, "lead_unit_id": {hehua}, "lead_branch": {"禾花社区党委"}, "department_ids": {jjb},
			"start_date": {"2022-05-17"}, "target_date": {"2022-12-31"}, "budget": {"12.5"}})
		if cr.Status != http.StatusSeeOther || !strings.HasPrefix(cr.Header.Get("Location"), "/projects/") {
			t.Fatalf("create by form: %d %s", cr.Status, snippet(cr.Body))
		}
		var lists, budget int64
		if err := e.app.DB.R.QueryRow(`SELECT (SELECT count(*) FROM project_lists l WHERE l.project_id = p.id), p.budget_fen
			FROM projects p WHERE p.name = '禾花社区矩阵攻坚'`).Scan(&lists, &budget); err != nil || lists != 2 || budget != 1250 {
			t.Errorf("created by form: %d lists, budget %d fen, %v", lists, budget, err)
		}
		// A community sees only its own projects' figures.
		r = e.api("GET", "/api/v1/stats/projects?as_of=2022-07-01", community, nil)
		if r.Status != http.StatusOK || json.Unmarshal([]byte(r.Body), &st) != nil || st.Total == 0 || st.Total >= 150 {
			t.Errorf("community stats: %d %s", r.Status, r.Body)
		}
	})
}

// demoProjectID is an open project of 禾花社区, the demo community.
func demoProjectID(t *testing.T, e *env) string {
	t.Helper()
	var id int64
	if err := e.app.DB.R.QueryRow(`SELECT min(p.id) FROM projects p JOIN units u ON u.id = p.lead_unit_id
		WHERE u.code = 'PH-HEHUA' AND p.closed_date IS NULL`).Scan(&id); err != nil || id == 0 {
		t.Fatalf("demo project: %d %v", id, err)
	}
	return fmt.Sprint(id)
}
