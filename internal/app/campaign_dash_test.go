package app_test

import (
	"html"
	"regexp"
	"strconv"
	"testing"
)

// dashFigureLink finds a figure of the campaign dashboard: its link and
// its value.
var dashFigureLink = regexp.MustCompile(`<a class="dash-value" href="([^"]+)" data-figure="([^"]+)"[^>]*>(\d+)</a>`)

// TestCampaignDashboardDrillsDown: on the demo, as of 1 July 2022, the
// leader's and a department's figures each equal the total of the list
// their link opens, and the upper-level list holds the seed's 98.
func TestCampaignDashboardDrillsDown(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		for _, who := range []string{"leader", "dept"} {
			b := e.browser().login(who)
			r := b.get("/dashboards/campaign?as_of=2022-07-01")
			if r.Status != 200 {
				t.Fatalf("%s: dashboard %d", who, r.Status)
			}
			figures := map[string][2]string{}
			for _, m := range dashFigureLink.FindAllStringSubmatch(r.Body, -1) {
				figures[m[2]] = [2]string{html.UnescapeString(m[1]), m[3]}
			}
			if who == "leader" && figures["projects.list.upper_level"][1] != "98" {
				t.Errorf("leader: upper-level projects %q, want 98", figures["projects.list.upper_level"][1])
			}
			for _, name := range []string{"projects.list.upper_level", "projects.status.overdue", "projects.milestones_overdue",
				"supervision.issued", "supervision.on_time", "attendance.signed_in", "attendance.absent", "proposals.adopted"} {
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
		// A date that is not one is named, and nothing is counted.
		if r := e.browser().login("office").get("/dashboards/campaign?as_of=2022-13-01"); r.Status != 422 || dashFigureLink.MatchString(r.Body) {
			t.Errorf("bad as_of: %d", r.Status)
		}
	})
}
