package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/party"
)

// Every answer of the party routes, errors included, matches the OpenAPI
// document (the harness checks each one).
func TestPartyAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Party = &party.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		s := e.unit(e.root.ID, org.Subdistrict, "s")
		c := e.unit(s.ID, org.Community, "c")
		other := e.unit(e.root.ID, org.Subdistrict, "t")
		e.user("office", access.Office, s.ID, "")
		e.user("comm", access.Community, c.ID, "")
		e.user("leader9", access.Leader, other.ID, "")
		e.user("dept", access.Dept, s.ID, "")
		office, comm, leader9, dept := e.login("office"), e.login("comm"), e.login("leader9"), e.login("dept")
		var ent int64
		if err := d.W.QueryRow(`INSERT INTO enterprises (name, credit_code, community_id, status, created_at, updated_at)
			VALUES ('测试企业', 'CODE-1', $1, 'operating', 0, 0) RETURNING id`, c.ID).Scan(&ent); err != nil {
			t.Fatal(err)
		}

		e.do(http.MethodPost, "/api/v1/party-organisations", comm, map[string]any{}).
			wantError(http.StatusUnprocessableEntity, "invalid", "name", "unit_id", "level", "sector", "founded_on")
		e.do(http.MethodPost, "/api/v1/party-organisations", dept, map[string]any{}).wantError(http.StatusNotFound, "not_found")
		top := e.do(http.MethodPost, "/api/v1/party-organisations", office, map[string]any{"name": "党委", "unit_id": c.ID,
			"level": "committee", "sector": "community", "founded_on": "2020-01-01", "lng": 114.12, "lat": 22.68}).want(http.StatusCreated).id()
		id := e.do(http.MethodPost, "/api/v1/party-organisations", comm, map[string]any{"name": "联合党支部", "unit_id": c.ID,
			"parent_id": top, "level": "branch", "sector": "park", "formation": "joint_park", "founded_on": "2022-02-01",
			"secretary": "张书记", "member_count": 6}).want(http.StatusCreated).id()
		p := fmt.Sprintf("/api/v1/party-organisations/%d", id)
		got := e.do(http.MethodPost, p+"/coverage", comm, map[string]any{"enterprise_id": ent, "from": "2022-02-01"}).want(http.StatusOK)
		if cov, _ := got.json["coverage"].([]any); len(cov) != 1 || got.json["covers"] != float64(1) {
			t.Errorf("after cover: %v", got.json)
		}
		if n := len(e.do(http.MethodGet, "/api/v1/party-organisations?sector=park&located=false", comm, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("list: %d items", n)
		}
		if n := len(e.do(http.MethodGet, "/api/v1/party-organisations?located=true", office, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("located: %d items", n)
		}
		e.do(http.MethodGet, "/api/v1/party-organisations?level=cell&sort=x", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "level", "sort")
		st := e.do(http.MethodGet, "/api/v1/stats/party?from=2022-01-01&to=2022-02-28", office, nil).want(http.StatusOK)
		if st.json["new_organisations"] != float64(1) || st.json["org_coverage_rate"] != float64(1) || st.json["nonpublic_enterprises"] != float64(1) {
			t.Errorf("stats: %v", st.json)
		}
		e.do(http.MethodGet, "/api/v1/stats/party?from=2022-03-01&to=2022-01-01", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "to")
		e.do(http.MethodGet, fmt.Sprintf("/api/v1/stats/party?unit_id=%d", s.ID), comm, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodGet, "/api/v1/stats/party", dept, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodGet, p, leader9, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, p+"/merge", comm, map[string]any{"day": "2022-02-20", "into_id": id}).wantError(http.StatusUnprocessableEntity, "invalid", "into_id")
		e.do(http.MethodPost, p+"/dissolve", comm, map[string]any{"day": "2022-02-20", "note": "企业迁出"}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/coverage", comm, map[string]any{"enterprise_id": ent, "from": "2022-02-25"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "status")
		e.do(http.MethodPost, "/api/v1/party-positions", comm, map[string]any{"name": "党员活动室", "kind": "activity_room", "unit_id": c.ID,
			"address": "x", "area_m2": 60, "status": "open", "lng": 22.68, "lat": 114.12}).
			wantError(http.StatusUnprocessableEntity, "invalid", "opened_on", "lng", "lat")
		e.do(http.MethodPost, "/api/v1/party-positions", comm, map[string]any{"name": "党员活动室", "kind": "activity_room", "unit_id": c.ID,
			"address": "x", "area_m2": 60, "status": "open", "opened_on": "2021-07-01", "lng": 114.12, "lat": 22.68}).want(http.StatusCreated)
		if n := len(e.do(http.MethodGet, "/api/v1/party-positions?status=open", office, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("positions: %d items", n)
		}
		e.do(http.MethodGet, "/api/v1/party-positions?kind=tower", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "kind")
	})
}
