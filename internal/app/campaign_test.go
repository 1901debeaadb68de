package app_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// An invitee signs in with the meeting's code during its window; outside
// it the code is refused and nothing is written; attendance by unit then
// shows the sign-in, down to the person.
func TestActivitySignInEndToEnd(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		hehua := e.unit("PH-HEHUA").ID
		v := e.hehuaMeeting(t)
		if len(v.Code) != 6 || v.Phase != "大动员大学习" {
			t.Fatalf("activity %+v", v)
		}
		path := "/activities/" + strconv.FormatInt(v.ID, 10)
		people := "/activities/people?" + url.Values{"as_of": {"2026-03-02"}, "activity_id": {strconv.FormatInt(v.ID, 10)},
			"unit_id": {strconv.FormatInt(hehua, 10)}, "status": {"signed_in"}}.Encode()
		name := "禾花社区工作人员（演示）"
		officeWeb := e.browser().login("office")
		community := e.browser().login("community")
		signed := func() int {
			var n int
			if err := e.app.DB.R.QueryRow(`SELECT COUNT(*) FROM activity_invitations WHERE activity_id = $1 AND signed_in_at IS NOT NULL`,
				v.ID).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		// The organisers' page (the office's, and 禾花's own community's)
		// shows the code with its link's QR code; an invitee's does not.
		if r := officeWeb.get(path); r.Status != 200 || !strings.Contains(r.Body, v.Code) || !strings.Contains(r.Body, "data:image/png;base64,") {
			t.Fatalf("organiser's page: %d\n%s", r.Status, snippet(r.Body))
		}
		if r := e.browser().login("expert").get(path); r.Status != 200 || strings.Contains(r.Body, v.Code) {
			t.Fatalf("invitee's page: %d, shows the code %v", r.Status, strings.Contains(r.Body, v.Code))
		}

		// 09:00, an hour before the start: refused, nothing written.
		r := community.post(path+"/signin", url.Values{"code": {v.Code}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "30") || signed() != 0 {
			t.Fatalf("before the window: %d, %d signed in\n%s", r.Status, signed(), snippet(r.Body))
		}
		if r := officeWeb.get(people); r.Status != 200 || strings.Contains(r.Body, name) {
			t.Fatalf("attendance before: %d %v", r.Status, strings.Contains(r.Body, name))
		}

		// 09:45, in the window: the link's page holds the code; signing in works once.
		e.clock.Advance(45 * time.Minute)
		// (Sessions idle for 45 minutes have ended: sign in again.)
		officeWeb, community = e.browser().login("office"), e.browser().login("community")
		if r := community.get(path + "?code=" + strings.ToLower(v.Code)); r.Status != 200 || !strings.Contains(r.Body, `value="`+v.Code+`"`) {
			t.Fatalf("the sign-in link: %d\n%s", r.Status, snippet(r.Body))
		}
		r = community.post(path+"/signin", url.Values{"code": {v.Code}})
		if r.Status != http.StatusSeeOther || signed() != 1 {
			t.Fatalf("in the window: %d, %d signed in", r.Status, signed())
		}
		r = e.api("POST", "/api/v1/activities/"+strconv.FormatInt(v.ID, 10)+"/signin", e.token("community"), map[string]string{"code": v.Code})
		if r.Status != http.StatusConflict || signed() != 1 {
			t.Fatalf("a second time: %d %s", r.Status, r.Body)
		}
		if r := officeWeb.get(people); r.Status != 200 || !strings.Contains(r.Body, name) {
			t.Fatalf("attendance after: %d\n%s", r.Status, snippet(r.Body))
		}

		// 11:01, after the end: another invitee's right code is refused.
		e.clock.Advance(76 * time.Minute)
		r = e.api("POST", "/api/v1/activities/"+strconv.FormatInt(v.ID, 10)+"/signin", e.token("expert"), map[string]string{"code": v.Code})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `"code"`) || signed() != 1 {
			t.Fatalf("after the end: %d %s", r.Status, r.Body)
		}
	})
}

// hehuaMeeting is a study session of 禾花社区 today, 10:00 to 11:00, to
// which its staff are invited, organised by the office in a new 2026
// campaign. The test clock stands at 2026-03-02 09:00 in Shanghai: a 2026
// campaign with the default phases is in its first phase.
func (e *env) hehuaMeeting(t *testing.T) hehuaMeeting {
	t.Helper()
	office := e.token("office")
	r := e.api("POST", "/api/v1/campaigns", office, map[string]any{"name": "2026 年能力作风提升年", "year": 2026,
		"unit_id": e.unit("LG-PH").ID})
	if r.Status != http.StatusCreated {
		t.Fatalf("campaign: %d %s", r.Status, r.Body)
	}
	var c struct{ ID int64 }
	_ = json.Unmarshal([]byte(r.Body), &c)
	hehua := e.unit("PH-HEHUA").ID
	r = e.api("POST", "/api/v1/activities", office, map[string]any{"campaign_id": c.ID, "kind": "study",
		"title": "禾花社区专题学习会", "date": "2026-03-02", "start": "10:00", "end": "11:00",
		"unit_ids": []int64{hehua}, "invite_unit_ids": []int64{hehua}})
	if r.Status != http.StatusCreated {
		t.Fatalf("activity: %d %s", r.Status, r.Body)
	}
	var v hehuaMeeting
	_ = json.Unmarshal([]byte(r.Body), &v)
	return v
}

type hehuaMeeting struct {
	ID    int64
	Code  string
	Phase string `json:"phase_name"`
}
