package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
)

// Every answer of the micro-project routes, errors included, matches the
// OpenAPI document (the harness checks each one); a refusal of the money
// or the quorum carries its figures in the message.
func TestMicroprojectsAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.Microprojects = &microproject.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		s := e.unit(e.root.ID, org.Subdistrict, "s")
		c := e.unit(s.ID, org.Community, "c")
		c2 := e.unit(s.ID, org.Community, "c2")
		dept := e.unit(s.ID, org.Department, "d")
		e.user("comm", access.Community, c.ID, "")
		e.user("dept", access.Dept, dept.ID, "")
		e.user("office", access.Office, s.ID, "")
		comm, deptTok := e.login("comm"), e.login("dept")

		e.do(http.MethodPost, "/api/v1/microprojects", comm, map[string]any{}).
			wantError(http.StatusUnprocessableEntity, "invalid", "title", "description", "kind", "category", "source", "community_id")
		in := map[string]any{"community_id": c.ID, "kind": "works", "category": "facilities", "title": "路灯改造", "description": "背街小巷",
			"source": "visit", "budget": 400_001, "proposer_name": "张小明", "proposer_mobile": "13800138000"}
		r := e.do(http.MethodPost, "/api/v1/microprojects", comm, in).wantError(http.StatusUnprocessableEntity, "invalid", "budget")
		if msg := r.json["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "400001") || !strings.Contains(msg, "400000") {
			t.Errorf("over the cap: %q", msg)
		}
		e.do(http.MethodPost, "/api/v1/microprojects", comm, map[string]any{"community_id": c2.ID, "kind": "goods", "category": "other",
			"title": "t", "description": "d", "source": "visit"}).wantError(http.StatusUnprocessableEntity, "invalid", "community_id")
		in["budget"] = 300_000
		id := e.do(http.MethodPost, "/api/v1/microprojects", comm, in).want(http.StatusCreated).id()
		p := fmt.Sprintf("/api/v1/microprojects/%d", id)
		got := e.do(http.MethodGet, p, deptTok, nil).want(http.StatusOK)
		if got.json["proposer_mobile"] != "138****8000" || got.json["proposer_name"] != "张**" {
			t.Errorf("proposer: %v %v", got.json["proposer_name"], got.json["proposer_mobile"])
		}
		e.do(http.MethodPost, p+"/actions", deptTok, map[string]any{"action": "review"}).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "publish", "days": 5}).wantError(http.StatusConflict, "conflict")
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "review"}).want(http.StatusOK)
		r = e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "vote", "for": 8, "present": 8, "council_size": 15}).
			wantError(http.StatusUnprocessableEntity, "invalid", "present")
		if msg := r.json["error"].(map[string]any)["message"].(string); !strings.Contains(msg, "8") || !strings.Contains(msg, "15") || !strings.Contains(msg, "10") {
			t.Errorf("no quorum: %q", msg)
		}
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "vote", "for": 9, "against": 1, "abstain": 1, "present": 11, "council_size": 15}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "publish", "days": 3}).wantError(http.StatusUnprocessableEntity, "invalid", "days")
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "publish", "days": 5}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "object", "body": "挡住了盲道"}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "confirm"}).wantError(http.StatusConflict, "conflict")
		e.clock.Advance(5*24*time.Hour + time.Second)
		comm = e.login("comm")
		for _, a := range []map[string]any{{"action": "confirm"}, {"action": "start"}, {"action": "progress", "percent": 50, "note": "过半"},
			{"action": "spend", "amount": 200_000, "item": "灯具"}} {
			e.do(http.MethodPost, p+"/actions", comm, a).want(http.StatusOK)
		}
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "spend", "amount": 100_001, "item": "追加"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "amount")
		done := e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "accept"}).want(http.StatusOK)
		if done.json["stage"] != "accepted" || done.json["spent"] != float64(200_000) {
			t.Errorf("accepted: %v %v", done.json["stage"], done.json["spent"])
		}
		office := e.login("office")
		if n := len(e.do(http.MethodGet, "/api/v1/microprojects?year=2022&stage=accepted&kind=works&sort=-budget", office, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("list: %d items", n)
		}
		e.do(http.MethodGet, "/api/v1/microprojects?stage=nope", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "stage")
	})
}
