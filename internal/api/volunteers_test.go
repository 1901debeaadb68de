package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/volunteer"
)

// Every answer of the volunteer routes, errors included, matches the
// OpenAPI document (the harness checks each one); numbers come back
// masked.
func TestVolunteersAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Volunteers = &volunteer.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		s := e.unit(e.root.ID, org.Subdistrict, "s")
		c := e.unit(s.ID, org.Community, "c")
		other := e.unit(e.root.ID, org.Subdistrict, "t")
		comm := e.user("comm", access.Community, c.ID, "")
		e.user("leader9", access.Leader, other.ID, "")
		tok, leader9 := e.login("comm"), e.login("leader9")

		e.do(http.MethodPost, "/api/v1/volunteers", tok, map[string]any{}).wantError(http.StatusUnprocessableEntity, "invalid", "name", "mobile", "community_id", "registered_on")
		v := e.do(http.MethodPost, "/api/v1/volunteers", tok, map[string]any{"name": "林晓红", "mobile": "13800138000", "id_number": "11010519491231002X",
			"community_id": c.ID, "registered_on": "2022-02-01"}).want(http.StatusCreated)
		if v.json["mobile"] != "138****8000" || strings.Contains(string(v.body), "13800138000") || strings.Contains(string(v.body), "19491231") {
			t.Errorf("numbers not masked: %s", v.body)
		}
		vid := v.id()
		team, err := e.api.Volunteers.CreateTeam(e.ctx, access.Actor{UserID: comm.ID, Role: access.Community, UnitID: c.ID, ScopePath: c.Path},
			volunteer.TeamInput{Name: "共融队", CommunityID: c.ID, CoordinatorID: comm.ID, Orgs: []volunteer.OrgInput{{Name: "社区党委", Kind: "community_party"}}})
		if err != nil {
			t.Fatal(err)
		}
		if n := len(e.do(http.MethodGet, "/api/v1/volunteer-teams", tok, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("teams: %d", n)
		}
		e.do(http.MethodPost, "/api/v1/volunteer-activities", tok, map[string]any{"team_id": team.ID}).
			wantError(http.StatusUnprocessableEntity, "invalid", "kind", "title", "day", "start", "end", "capacity", "org_ids")
		aid := e.do(http.MethodPost, "/api/v1/volunteer-activities", tok, map[string]any{"team_id": team.ID, "kind": "hygiene", "title": "环境整治",
			"day": "2022-06-10", "start": "09:00", "end": "11:00", "capacity": 1, "org_ids": []int64{team.Orgs[0].ID}}).want(http.StatusCreated).id()
		p := fmt.Sprintf("/api/v1/volunteer-activities/%d", aid)
		e.do(http.MethodGet, p, leader9, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, p+"/signups", tok, map[string]any{"volunteer_id": vid}).want(http.StatusCreated)
		e.do(http.MethodPost, p+"/signups", tok, map[string]any{"volunteer_id": vid}).wantError(http.StatusConflict, "conflict")
		e.do(http.MethodPost, p+"/hours", tok, map[string]any{"volunteer_id": vid, "sign_in": "10:00", "sign_out": "09:00"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "sign_out")
		e.do(http.MethodPost, p+"/hours", tok, map[string]any{"volunteer_id": vid, "hours": 2.5}).wantError(http.StatusUnprocessableEntity, "invalid", "hours")
		hid := e.do(http.MethodPost, p+"/hours", tok, map[string]any{"volunteer_id": vid, "sign_in": "09:05", "sign_out": "10:35"}).want(http.StatusCreated).id()
		h := fmt.Sprintf("%s/hours/%d/actions", p, hid)
		e.do(http.MethodPost, h, tok, map[string]any{"action": "nope"}).wantError(http.StatusUnprocessableEntity, "invalid", "action")
		e.do(http.MethodPost, h, tok, map[string]any{"action": "approve"}).want(http.StatusOK)
		e.do(http.MethodPost, h, tok, map[string]any{"action": "approve"}).wantError(http.StatusConflict, "conflict")
		got := e.do(http.MethodGet, p, tok, nil).want(http.StatusOK)
		if got.json["approved_hours"] != 1.5 || strings.Contains(string(got.body), "13800138000") {
			t.Errorf("activity: %s", got.body)
		}
		if n := len(e.do(http.MethodGet, "/api/v1/volunteer-activities?type=hygiene&from=2022-06-10&to=2022-06-10", tok, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("list: %d", n)
		}
		e.do(http.MethodGet, "/api/v1/volunteer-activities?type=nope", tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", "type")
		if n := len(e.do(http.MethodGet, "/api/v1/volunteers?q=林", tok, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("volunteers: %d", n)
		}
	})
}
