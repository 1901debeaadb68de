package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestCalendarPage(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		admin := e.browser().login("admin")
		if r := admin.get("/calendar?year=2022"); r.Status != 200 || !strings.Contains(r.Body, "2022-10-07") || !strings.Contains(r.Body, "2022-10-08") {
			t.Fatalf("2022 calendar: %d", r.Status)
		}
		cases := []struct {
			name   string
			form   url.Values
			status int
			want   string
		}{
			{"bad date", url.Values{"date": {"2027-02-30"}, "kind": {"holiday"}}, 422, "日期格式"},
			{"weekend holiday", url.Values{"date": {"2027-01-02"}, "kind": {"holiday"}}, 422, "周末本来就休息"},
			{"weekday make-up day", url.Values{"date": {"2027-01-04"}, "kind": {"workday"}}, 422, "工作日本来就上班"},
			{"no kind", url.Values{"date": {"2027-01-04"}}, 422, "请选择"},
			{"new year 2027", url.Values{"date": {"2027-01-01"}, "kind": {"holiday"}, "name": {"元旦"}}, 303, ""},
		}
		for _, c := range cases {
			r := admin.post("/calendar", c.form)
			if r.Status != c.status || !strings.Contains(r.Body, c.want) {
				t.Errorf("%s: %d, want %d with %q", c.name, r.Status, c.status, c.want)
			}
		}
		if r := admin.get("/calendar?year=2027"); strings.Count(r.Body, "<tr>") != 2 || !strings.Contains(r.Body, "元旦") {
			t.Errorf("2027 after one valid and four invalid posts:\n%s", snippet(r.Body))
		}
		if r := admin.post("/calendar/2027-01-01/remove", url.Values{}); r.Status != http.StatusSeeOther {
			t.Errorf("remove: %d", r.Status)
		}
		if r := admin.post("/calendar/2027-01-01/remove", url.Values{}); r.Status != http.StatusNotFound {
			t.Errorf("remove twice: %d", r.Status)
		}
		for _, who := range []string{"leader", "secadmin", "auditor"} {
			b := e.browser().login(who)
			if r := b.get("/calendar"); r.Status != 404 {
				t.Errorf("%s sees the calendar page: %d", who, r.Status)
			}
			if r := b.post("/calendar", url.Values{"date": {"2027-05-03"}, "kind": {"holiday"}}); r.Status != 404 {
				t.Errorf("%s edits the calendar: %d", who, r.Status)
			}
		}
	})
}
