package app_test

import (
	"encoding/json"
	"html"
	"strconv"
	"strings"
	"testing"
)

// communityStats is the part of GET /api/v1/stats/community the checks
// read.
type communityStats struct {
	Communities           int `json:"communities"`
	Experts               int `json:"experts"`
	Consultations         int `json:"consultations"`
	ConsultationsAnswered int `json:"consultations_answered"`
	Microprojects         struct {
		ByStage     map[string]int `json:"by_stage"`
		BudgetTotal int64          `json:"budget_total"`
		SpentTotal  int64          `json:"spent_total"`
		Count       int            `json:"count"`
	} `json:"microprojects"`
	Stations struct {
		Total              int            `json:"total"`
		ByKind             map[string]int `json:"by_kind"`
		NewEmploymentSites int            `json:"new_employment_sites"`
	} `json:"stations"`
	VolunteerActivities int     `json:"volunteer_activities"`
	VolunteerHours      float64 `json:"volunteer_hours"`
}

func (e *env) communityStats(t *testing.T, who, query string) communityStats {
	t.Helper()
	r := e.api("GET", "/api/v1/stats/community?"+query, e.token(who), nil)
	var s communityStats
	if r.Status != 200 || json.Unmarshal([]byte(r.Body), &s) != nil {
		t.Fatalf("%s %s: %d %s", who, query, r.Status, snippet(r.Body))
	}
	return s
}

// TestCommunityStatsOnTheDemo is the acceptance on the demo's 2022:
// 禾花 has its 13 experts, the sub-district its 29 new-employment sites
// and 12 communities, and every community's micro-projects stay within
// its fund. The figures agree with the records they count, and a
// community's own figures are a part of the sub-district's.
func TestCommunityStatsOnTheDemo(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		const year = "from=2022-01-01&to=2022-12-31"
		hehua := e.unit("PH-HEHUA").ID
		own := e.communityStats(t, "leader", year+"&unit_id="+strconv.FormatInt(hehua, 10))
		if own.Experts != 13 || own.Communities != 1 {
			t.Errorf("禾花's 2022: experts %d, communities %d; want 13 and 1", own.Experts, own.Communities)
		}
		all := e.communityStats(t, "leader", year)
		if all.Stations.NewEmploymentSites != 29 || all.Communities != 12 {
			t.Errorf("the sub-district's 2022: new-employment sites %d, communities %d; want 29 and 12", all.Stations.NewEmploymentSites, all.Communities)
		}
		if want := e.count(t, "SELECT count(*) FROM microprojects"); all.Microprojects.Count != want || want == 0 {
			t.Errorf("micro-projects counted %d, the demo holds %d", all.Microprojects.Count, want)
		}
		stages := 0
		for _, n := range all.Microprojects.ByStage {
			stages += n
		}
		if stages != all.Microprojects.Count {
			t.Errorf("micro-projects by stage add up to %d, not %d", stages, all.Microprojects.Count)
		}
		if want := e.count(t, "SELECT COALESCE(sum(budget), 0) FROM microprojects"); all.Microprojects.BudgetTotal != int64(want) {
			t.Errorf("budget total %d, the records hold %d", all.Microprojects.BudgetTotal, want)
		}
		if all.VolunteerActivities == 0 || all.VolunteerHours <= 0 || all.Consultations < own.Consultations || own.Consultations == 0 {
			t.Errorf("volunteers %d / %.1f h; consultations %d (禾花 %d)", all.VolunteerActivities, all.VolunteerHours, all.Consultations, own.Consultations)
		}
		// Every community's committed budgets of 2022 within its fund: the
		// year's default fund, or the community's own where it has one.
		over := e.count(t, `SELECT count(*) FROM (
			SELECT p.community_id, sum(p.budget) AS committed FROM microprojects p
			WHERE p.stage <> 'rejected' AND p.year = 2022 GROUP BY p.community_id) c
			WHERE c.committed > COALESCE(
				(SELECT f.fund FROM microproject_settings f WHERE f.year = 2022 AND f.unit_id = c.community_id),
				(SELECT f.fund FROM microproject_settings f WHERE f.year = 2022 AND f.unit_id = 0),
				2000000)`)
		if over != 0 {
			t.Errorf("%d communities spend over their 2022 fund", over)
		}
		// The community's figures are its own: the same as the leader's
		// for 禾花, and 平湖's are not its to read.
		if mine := e.communityStats(t, "community", year); mine.Experts != own.Experts || mine.Microprojects.Count != own.Microprojects.Count ||
			mine.Communities != 1 {
			t.Errorf("禾花's community sees %+v, the leader sees %+v for 禾花", mine, own)
		}
		pinghu := strconv.FormatInt(e.unit("PH-PINGHU").ID, 10)
		if r := e.api("GET", "/api/v1/stats/community?"+year+"&unit_id="+pinghu, e.token("community"), nil); r.Status != 404 {
			t.Errorf("禾花's community asking for 平湖: %d", r.Status)
		}
		if r := e.api("GET", "/api/v1/stats/community?from=2022-12-31&to=2022-01-01", e.token("leader"), nil); r.Status != 422 || !strings.Contains(r.Body, `"to"`) {
			t.Errorf("to before from: %d %s", r.Status, snippet(r.Body))
		}
	})
}

// TestCommunityDashboardDrillsDown: every count on the community dashboard
// equals the total of the list its link opens, for the leader and for a
// community, and equals the API's figure.
func TestCommunityDashboardDrillsDown(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for _, who := range []string{"leader", "community"} {
			b := e.browser().login(who)
			r := b.get("/dashboards/community?from=2022-01-01&to=2022-12-31")
			if r.Status != 200 {
				t.Fatalf("%s: dashboard %d", who, r.Status)
			}
			figures := map[string][2]string{}
			for _, m := range dashFigureLink.FindAllStringSubmatch(r.Body, -1) {
				figures[m[2]] = [2]string{html.UnescapeString(m[1]), m[3]}
			}
			api := e.communityStats(t, who, "from=2022-01-01&to=2022-12-31")
			for name, want := range map[string]int{"microprojects.total": api.Microprojects.Count, "experts": api.Experts,
				"stations.new_employment": api.Stations.NewEmploymentSites, "volunteer.activities": api.VolunteerActivities} {
				if got := figures[name][1]; got != strconv.Itoa(want) {
					t.Errorf("%s: dashboard %s is %q, the API says %d", who, name, got, want)
				}
			}
			for _, name := range []string{"microprojects.total", "microprojects.stage.accepted", "microprojects.stage.implementing",
				"experts", "consultations", "consultations.answered", "stations.total", "stations.new_employment",
				"stations.kind.warm_bee", "volunteer.activities"} {
				f, ok := figures[name]
				if !ok {
					t.Errorf("%s: no figure %s", who, name)
					continue
				}
				if total := strconv.Itoa(pageTotal(t, b, f[0])); total != f[1] {
					t.Errorf("%s: %s is %s, its list %s holds %s", who, name, f[1], f[0], total)
				}
				if n, _ := strconv.Atoi(f[1]); who == "leader" && n == 0 {
					t.Errorf("leader: %s is 0 on the demo; the check proves nothing", name)
				}
			}
		}
		if r := e.browser().login("dept").get("/dashboards/community"); r.Status != 404 {
			t.Errorf("a department opened the community dashboard: %d", r.Status)
		}
	})
}
