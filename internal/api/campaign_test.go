package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
)

// The campaign routes answer what their OpenAPI schemas say (every answer
// is validated by the harness), refuse bad input naming the field, and
// sign in once, in the window. The clock stands at 2022-03-01 10:00 in
// Shanghai: the first day of the default template's first phase.
func TestCampaignAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Campaigns = &campaign.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		s := e.unit(e.root.ID, org.Subdistrict, "pinghu")
		c1 := e.unit(s.ID, org.Community, "c1")
		e.user("office", access.Office, s.ID, "")
		e.user("comm", access.Community, c1.ID, "")
		spec := e.user("staff", access.Specialist, s.ID, "") // invited by name, not an organiser
		office, comm, staff := e.login("office"), e.login("comm"), e.login("staff")

		e.do(http.MethodPost, "/api/v1/campaigns", office, map[string]any{"name": "", "year": 2022, "unit_id": s.ID}).
			wantError(422, "invalid", "name")
		e.do(http.MethodPost, "/api/v1/campaigns", office, map[string]any{"name": "能力作风提升年", "year": 2022, "unit_id": s.ID,
			"phases": []map[string]string{{"name": "一", "start": "2022-03-01", "end": "2022-04-15"}, {"name": "二", "start": "2022-04-10", "end": "2022-05-16"}}}).
			wantError(422, "invalid", "phases[1].start")
		e.do(http.MethodPost, "/api/v1/campaigns", comm, map[string]any{"name": "x", "year": 2022, "unit_id": c1.ID}).wantError(404, "not_found")
		cid := e.do(http.MethodPost, "/api/v1/campaigns", office, map[string]any{"name": "能力作风提升年", "year": 2022, "unit_id": s.ID}).
			want(http.StatusCreated).id()
		if n := len(e.do(http.MethodGet, "/api/v1/campaigns", comm, nil).want(200).items()); n != 1 {
			t.Errorf("the community lists %d campaigns", n)
		}
		board := e.do(http.MethodGet, "/api/v1/campaigns/"+strconv.FormatInt(cid, 10), comm, nil).want(200)
		cols, _ := board.json["columns"].([]any)
		if first, _ := cols[0].(map[string]any); len(cols) != 4 || first["current"] != true {
			t.Errorf("board columns %v", cols)
		}

		in := map[string]any{"campaign_id": cid, "kind": "study", "title": "专题学习会", "date": "2022-03-01", "start": "10:00", "end": "11:00",
			"unit_ids": []int64{c1.ID}, "invite_unit_ids": []int64{c1.ID}, "user_ids": []int64{spec.ID}}
		bad := map[string]any{"campaign_id": cid, "kind": "study", "title": "专题学习会", "date": "2022-01-01", "start": "10:00", "end": "11:00",
			"unit_ids": []int64{c1.ID}}
		e.do(http.MethodPost, "/api/v1/activities", comm, bad).wantError(422, "invalid", "date")
		created := e.do(http.MethodPost, "/api/v1/activities", comm, in).want(http.StatusCreated)
		code, _ := created.json["code"].(string)
		if len(code) != campaign.CodeLength {
			t.Fatalf("code %q", code)
		}
		path := "/api/v1/activities/" + strconv.FormatInt(created.id(), 10)
		if got := e.do(http.MethodGet, path, staff, nil).want(200); got.json["code"] != nil || got.json["mine"] == nil {
			t.Errorf("an invitee reads %v", got.json)
		}
		if n := len(e.do(http.MethodGet, "/api/v1/activities?mine=true&upcoming=true", staff, nil).want(200).items()); n != 1 {
			t.Errorf("upcoming for the invitee: %d", n)
		}
		e.do(http.MethodPost, path+"/signin", staff, map[string]string{"code": "WRONG2"}).wantError(422, "invalid", "code")
		e.do(http.MethodPost, path+"/signin", staff, map[string]string{"code": code}).want(200)
		e.do(http.MethodPost, path+"/signin", staff, map[string]string{"code": code}).wantError(409, "conflict")
		e.do(http.MethodPost, path+"/leave", comm, map[string]string{"reason": ""}).wantError(422, "invalid", "reason")
		e.do(http.MethodPost, path+"/leave", comm, map[string]string{"reason": "值班处置突发事件"}).want(200)
	})
}
