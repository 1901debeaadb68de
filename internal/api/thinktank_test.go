package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/thinktank"
)

// The think tank's routes answer as the OpenAPI document says: an expert
// appointed, a consultation asked, suggested, assigned, answered and
// rated, and each kind of bad input refused with its field.
func TestThinkTankAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.api.ThinkTank = &thinktank.Service{DB: d, Audit: e.log, Now: e.clock.Now}
		e.clock.Set(e.clock.Now().AddDate(0, 6, 0)) // within the term below
		s := e.unit(e.root.ID, org.Subdistrict, "s")
		c := e.unit(s.ID, org.Community, "c")
		other := e.unit(e.root.ID, org.Subdistrict, "t")
		e.user("office", access.Office, s.ID, "")
		e.user("comm", access.Community, c.ID, "")
		x := e.user("exp", access.Expert, c.ID, "")
		e.user("leader9", access.Leader, other.ID, "")
		office, comm, leader9 := e.login("office"), e.login("comm"), e.login("leader9")

		expert := map[string]any{"name": "林海涛", "field": "environment", "organisation": "研究院", "title": "高级工程师",
			"community_id": c.ID, "appointed_from": "2022-06-23", "appointed_to": "2025-06-22", "mobile": "13800138000", "user_id": x.ID}
		bad := map[string]any{}
		for k, v := range expert {
			bad[k] = v
		}
		bad["appointed_to"], bad["field"] = "2022-06-01", "astrology"
		e.do(http.MethodPost, "/api/v1/experts", comm, bad).wantError(http.StatusUnprocessableEntity, "invalid", "appointed_to", "field")
		xid := e.do(http.MethodPost, "/api/v1/experts", comm, expert).want(http.StatusCreated).id()
		e.do(http.MethodGet, fmt.Sprintf("/api/v1/experts/%d", xid), office, nil).want(http.StatusOK)
		e.do(http.MethodGet, fmt.Sprintf("/api/v1/experts/%d", xid), leader9, nil).wantError(http.StatusNotFound, "not_found")
		if n := len(e.do(http.MethodGet, "/api/v1/experts?field=environment&active=true&sort=load", office, nil).want(http.StatusOK).items()); n != 1 {
			t.Errorf("experts: %d", n)
		}
		e.do(http.MethodGet, "/api/v1/experts?field=nope", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "field")

		e.do(http.MethodPost, "/api/v1/consultations", comm, map[string]any{}).wantError(http.StatusUnprocessableEntity, "invalid", "topic", "description", "field")
		r := e.do(http.MethodPost, "/api/v1/consultations", comm, map[string]any{"topic": "垃圾分类督导", "description": "准确率不高",
			"field": "environment", "urgency": "urgent"}).want(http.StatusCreated)
		if sug, _ := r.json["suggestions"].([]any); len(sug) != 1 {
			t.Errorf("suggestions: %s", r.body)
		}
		p := fmt.Sprintf("/api/v1/consultations/%d", r.id())
		expTok := e.login("exp")
		e.do(http.MethodGet, p, expTok, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "assign", "expert_id": 999999}).wantError(http.StatusUnprocessableEntity, "invalid", "expert_id")
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "assign", "expert_id": xid}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", expTok, map[string]any{"action": "rate", "rating": 5}).wantError(http.StatusConflict, "conflict")
		e.do(http.MethodPost, p+"/actions", expTok, map[string]any{"action": "answer", "advice": "定时定点投放。"}).want(http.StatusOK)
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "rate", "rating": 0}).wantError(http.StatusUnprocessableEntity, "invalid", "rating")
		e.do(http.MethodPost, p+"/actions", comm, map[string]any{"action": "rate", "rating": 4, "comment": "好"}).want(http.StatusOK)
		e.do(http.MethodGet, p, expTok, nil).want(http.StatusOK)
		if n := len(e.do(http.MethodGet, "/api/v1/consultations?status=rated&field=environment&answered=true&from=2022-01-01&to=2022-12-31", office, nil).
			want(http.StatusOK).items()); n != 1 {
			t.Errorf("consultations: %d", n)
		}
		e.do(http.MethodGet, "/api/v1/consultations?status=nope&urgency=x", office, nil).wantError(http.StatusUnprocessableEntity, "invalid", "status", "urgency")
		e.do(http.MethodGet, p, leader9, nil).wantError(http.StatusNotFound, "not_found")
	})
}
