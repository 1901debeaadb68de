package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// The office corrects the campaign's phases from its board; a phase that
// would leave one of its activities outside is refused beside its field,
// with nothing written.
func TestCampaignEditEndToEnd(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		v := e.hehuaMeeting(t) // 2026-03-02, in the first phase (03-01 to 04-15)
		var campaignID int64
		if err := e.app.DB.R.QueryRow("SELECT campaign_id FROM activities WHERE id = $1", v.ID).Scan(&campaignID); err != nil {
			t.Fatal(err)
		}
		path := "/campaigns/" + strconv.FormatInt(campaignID, 10)
		office := e.browser().login("office")
		if r := office.get(path); r.Status != 200 || !strings.Contains(r.Body, `href="`+path+`/edit"`) {
			t.Fatalf("the board offers no edit: %d\n%s", r.Status, snippet(r.Body))
		}
		r := office.get(path + "/edit")
		if r.Status != 200 || !strings.Contains(r.Body, `value="大动员大学习"`) || !strings.Contains(r.Body, `name="phases[4].name"`) {
			t.Fatalf("edit form: %d\n%s", r.Status, snippet(r.Body))
		}
		form := url.Values{"name": {"2026 年能力作风提升年"}}
		phases := [][3]string{{"大动员大学习", "2026-03-03", "2026-04-15"}, {"大调研大讨论", "2026-04-16", "2026-05-16"},
			{"大攻坚大提升", "2026-05-17", "2026-10-31"}, {"大总结久传承", "2026-11-01", "2026-12-31"}}
		for i, p := range phases {
			k := "phases[" + strconv.Itoa(i) + "]."
			form.Set(k+"name", p[0])
			form.Set(k+"start", p[1])
			form.Set(k+"end", p[2])
		}
		start := func() string {
			var s string
			if err := e.app.DB.R.QueryRow("SELECT starts_on FROM campaign_phases WHERE campaign_id = $1 AND seq = 1", campaignID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}
		if r := office.post(path, form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "该阶段已有活动") || start() != "2026-03-01" {
			t.Fatalf("a phase leaving its activity out: %d, start %s\n%s", r.Status, start(), snippet(r.Body))
		}
		form.Set("phases[0].start", "2026-02-20")
		if r := office.post(path, form); r.Status != http.StatusSeeOther || start() != "2026-02-20" {
			t.Fatalf("a correction: %d, start %s\n%s", r.Status, start(), snippet(r.Body))
		}
		if r := e.browser().login("community").get(path + "/edit"); r.Status != http.StatusNotFound {
			t.Errorf("community: %d", r.Status)
		}
	})
}
