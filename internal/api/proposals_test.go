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
	"pinghu/internal/proposal"
	"pinghu/internal/rule"
)

// Every answer of the proposal and rule routes, errors included, matches
// the OpenAPI document (the harness checks each one).
func TestProposalsAndRulesAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Proposals = &proposal.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		e.api.Rules = &rule.Service{DB: d, Audit: e.log, Now: e.clock.Now, Proposals: e.api.Proposals}
		s := e.unit(e.root.ID, org.Subdistrict, "s")
		c := e.unit(s.ID, org.Community, "c")
		dept := e.unit(s.ID, org.Department, "d")
		other := e.unit(e.root.ID, org.Subdistrict, "t")
		e.user("office", access.Office, s.ID, "")
		e.user("dept", access.Dept, dept.ID, "")
		e.user("leader9", access.Leader, other.ID, "")
		office, deptTok, leader9 := e.login("office"), e.login("dept"), e.login("leader9")

		e.do(http.MethodPost, "/api/v1/proposals", office, map[string]any{"title": ""}).wantError(http.StatusUnprocessableEntity, "invalid", "title", "body", "community_id")
		id := e.do(http.MethodPost, "/api/v1/proposals", office, map[string]any{"title": "重点项目周报", "body": "每周汇总", "community_id": c.ID}).
			want(http.StatusCreated).id()
		p := fmt.Sprintf("/api/v1/proposals/%d", id)
		if n := len(e.do(http.MethodGet, "/api/v1/proposals?state=submitted&sort=title", office, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("list: %d items", n)
		}
		e.do(http.MethodGet, "/api/v1/proposals?state=nope", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "state")
		e.do(http.MethodGet, p, leader9, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, p+"/actions", office, map[string]any{"action": "adopt"}).wantError(http.StatusConflict, "conflict")
		e.do(http.MethodPost, p+"/actions", office, map[string]any{"action": "evaluate", "unit_id": dept.ID}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", deptTok, map[string]any{"action": "comment", "feasibility": 7, "value": 1}).
			wantError(http.StatusUnprocessableEntity, "invalid", "feasibility")
		e.do(http.MethodPost, p+"/actions", deptTok, map[string]any{"action": "comment", "feasibility": 4, "value": 5, "comment": "可行"}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", office, map[string]any{"action": "decline"}).wantError(http.StatusUnprocessableEntity, "invalid", "reason")
		e.do(http.MethodPost, p+"/actions", office, map[string]any{"action": "adopt"}).want(http.StatusOK)
		e.do(http.MethodGet, p, deptTok, nil).want(http.StatusOK)

		e.do(http.MethodPost, "/api/v1/rules", office, map[string]any{}).wantError(http.StatusUnprocessableEntity, "invalid", "number", "title", "body", "unit_id")
		rid := e.do(http.MethodPost, "/api/v1/rules", office, map[string]any{"number": "1号", "title": "督办制度", "unit_id": dept.ID,
			"body": "第一条\n第二条", "proposal_ids": []int64{id}}).want(http.StatusCreated).id()
		r := fmt.Sprintf("/api/v1/rules/%d", rid)
		e.do(http.MethodPost, "/api/v1/rules", office, map[string]any{"number": "1号", "title": "x", "unit_id": dept.ID, "body": "b"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "number")
		e.do(http.MethodPost, r+"/versions", deptTok, map[string]any{"body": "第一条\n第二条（修订）", "comment": "修订", "version": 1}).want(http.StatusCreated)
		e.do(http.MethodPost, r+"/versions", deptTok, map[string]any{"body": "又一版", "version": 1}).wantError(http.StatusConflict, "conflict")
		diff := e.do(http.MethodGet, r+"/diff?from=1&to=2", deptTok, nil).want(http.StatusOK)
		if u, _ := diff.json["unified"].(string); u == "" || !strings.Contains(u, "+第二条（修订）") {
			t.Errorf("no unified diff: %s", diff.body)
		}
		e.do(http.MethodGet, r+"/diff?from=1&to=9", deptTok, nil).wantError(http.StatusUnprocessableEntity, "invalid", "to")
		e.do(http.MethodGet, r+"/diff", deptTok, nil).wantError(http.StatusUnprocessableEntity, "invalid", "from", "to")
		e.do(http.MethodPost, r+"/actions", deptTok, map[string]any{"action": "enact", "effective_on": "2022-06-01"}).wantError(http.StatusForbidden, "forbidden")
		e.do(http.MethodGet, r, leader9, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, r+"/actions", office, map[string]any{"action": "enact", "effective_on": "2022-06-01"}).want(http.StatusOK)
		// In force, it is everybody's to read, and still not theirs to change.
		e.do(http.MethodGet, r, leader9, nil).want(http.StatusOK)
		e.do(http.MethodPost, r+"/versions", leader9, map[string]any{"body": "改"}).wantError(http.StatusForbidden, "forbidden")
		if n := len(e.do(http.MethodGet, "/api/v1/rules?status=in_force&q=督办", leader9, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("rules in force: %d", n)
		}
	})
}
