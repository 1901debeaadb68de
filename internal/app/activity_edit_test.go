package app_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An organiser corrects an activity from its page until it is over; a
// refused change comes back beside its field with nothing written.
func TestActivityEditEndToEnd(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		v := e.hehuaMeeting(t)
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		path := "/activities/" + strconv.FormatInt(v.ID, 10)
		title := func() string {
			var s string
			if err := e.app.DB.R.QueryRow("SELECT title FROM activities WHERE id = $1", v.ID).Scan(&s); err != nil {
				t.Fatal(err)
			}
			return s
		}

		community := e.browser().login("community")
		if r := community.get(path); r.Status != 200 || !strings.Contains(r.Body, `href="`+path+`/edit"`) {
			t.Fatalf("the organiser's page offers no edit: %d\n%s", r.Status, snippet(r.Body))
		}
		if r := community.get(path + "/edit"); r.Status != 200 || !strings.Contains(r.Body, `value="禾花社区专题学习会"`) ||
			!strings.Contains(r.Body, `action="`+path+`"`) {
			t.Fatalf("edit form: %d\n%s", r.Status, snippet(r.Body))
		}
		form := url.Values{"kind": {"discussion"}, "title": {"禾花社区专题研讨会"}, "place": {"党群服务中心"}, "date": {"2026-03-02"},
			"start": {"10:30"}, "end": {"09:00"}, "unit_ids": {hehua}}
		if r := community.post(path, form); r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="end-err"`) ||
			title() != "禾花社区专题学习会" {
			t.Fatalf("an end before the start: %d, title %q\n%s", r.Status, title(), snippet(r.Body))
		}
		form.Set("end", "11:30")
		if r := community.post(path, form); r.Status != http.StatusSeeOther || title() != "禾花社区专题研讨会" {
			t.Fatalf("a correction: %d, title %q\n%s", r.Status, title(), snippet(r.Body))
		}
		if n := e.count(t, "SELECT COUNT(*) FROM audit_log WHERE action = 'activity.update' AND entity_id = $1", strconv.FormatInt(v.ID, 10)); n != 1 {
			t.Errorf("%d audit records of the change", n)
		}
		// An invitee who does not organise it cannot open the form.
		if r := e.browser().login("specialist").get(path + "/edit"); r.Status != http.StatusNotFound {
			t.Errorf("specialist: %d", r.Status)
		}

		// Once it is over the page offers no edit, and a change is refused.
		e.clock.Advance(3 * time.Hour)
		community = e.browser().login("community")
		if r := community.get(path); r.Status != 200 || strings.Contains(r.Body, path+"/edit") {
			t.Fatalf("after the end: %d, edit offered %v", r.Status, strings.Contains(r.Body, path+"/edit"))
		}
		form.Set("title", "又一个标题")
		if r := community.post(path, form); r.Status != http.StatusConflict || !strings.Contains(r.Body, "活动已结束") || title() != "禾花社区专题研讨会" {
			t.Fatalf("after the end: %d, title %q\n%s", r.Status, title(), snippet(r.Body))
		}
	})
}
