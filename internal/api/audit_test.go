package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestAudit(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.user("auditor", access.Auditor, e.root.ID, "")
		e.user("sysadmin", access.Sysadmin, e.root.ID, "")
		e.user("secadmin", access.Secadmin, e.root.ID, "")
		e.user("leader", access.Leader, e.root.ID, "")
		target := e.user("target", access.Community, e.root.ID, "13800138000")

		// Failed logins around the edges of 1 March 2022 in China Standard
		// Time (UTC+8), which is what the date filters mean.
		for _, at := range []string{
			"2022-02-28T15:00:00Z", // 28 Feb 23:00 CST
			"2022-02-28T17:30:00Z", // 1 Mar 01:30 CST, still 28 Feb in UTC
			"2022-03-01T15:59:59Z", // 1 Mar 23:59:59 CST
			"2022-03-01T16:00:00Z", // 2 Mar 00:00 CST
		} {
			ts, _ := time.Parse(time.RFC3339, at)
			e.clock.Set(ts)
			e.do(http.MethodPost, "/api/v1/login", "", map[string]string{"username": "target", "password": "wrong-password"}).
				wantError(http.StatusUnauthorized, "unauthenticated")
		}
		e.clock.Set(time.Date(2022, 3, 2, 2, 0, 0, 0, time.UTC))
		tok := e.login("auditor")

		failures := "action=login&result=failure"
		lists := []struct {
			query string
			total int
		}{
			{failures, 4},
			{failures + "&from=2022-03-01&to=2022-03-01", 2},
			{failures + "&from=2022-03-01", 3},
			{failures + "&to=2022-02-28", 1},
			{failures + "&from=2022-03-02&to=2022-03-02", 1},
			{failures + "&to=2022-02-27", 0},
			{"actor=target", 4},
			{fmt.Sprintf("entity=user&entity_id=%d&action=login", target.ID), 4},
			// The browser login that enrolled the auditor's authenticator, then the API's.
			{"action=login&result=ok&actor=auditor", 2},
			{"action=user.create", 5},
			{"action=nothing.like.this", 0},
		}
		for _, l := range lists {
			r := e.do(http.MethodGet, "/api/v1/audit?"+l.query, tok, nil).want(http.StatusOK)
			if r.json["total"] != float64(l.total) || len(r.items()) != l.total {
				t.Errorf("audit?%s: total %v, %d items, want %d", l.query, r.json["total"], len(r.items()), l.total)
			}
		}

		r := e.do(http.MethodGet, "/api/v1/audit?page_size=3&page=2", tok, nil).want(http.StatusOK)
		items := r.items()
		if len(items) != 3 || r.json["page"] != float64(2) || r.json["page_size"] != float64(3) {
			t.Fatalf("page 2: %s", r.body)
		}
		for i := 1; i < len(items); i++ {
			if items[i-1]["seq"].(float64) <= items[i]["seq"].(float64) {
				t.Errorf("not newest first: %v then %v", items[i-1]["seq"], items[i]["seq"])
			}
		}

		for _, q := range []struct {
			query  string
			fields []string
		}{
			{"from=2022-13-01", []string{"from"}},
			{"from=1%2F3%2F2022", []string{"from"}},
			{"to=2022-03-01T00:00:00Z", []string{"to"}},
			{"from=2022-03-02&to=2022-03-01", []string{"to"}},
			{"page=first&to=tomorrow", []string{"page", "to"}},
		} {
			t.Run(q.query, func(t *testing.T) {
				e.in(t).do(http.MethodGet, "/api/v1/audit?"+q.query, tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", q.fields...)
			})
		}
		r = e.do(http.MethodGet, "/api/v1/audit?from=2022-03-02&to=2022-03-01&lang=en", tok, nil)
		if got := r.field("to"); got != "The end date cannot be before the start date" {
			t.Errorf("date order in English: %q", got)
		}

		// Only the auditor reads the log: for everyone else it does not exist.
		for _, who := range []string{"sysadmin", "secadmin", "leader", "target"} {
			t.Run(who, func(t *testing.T) {
				e.in(t).do(http.MethodGet, "/api/v1/audit", e.login(who), nil).wantError(http.StatusNotFound, "not_found")
			})
		}
		e.do(http.MethodGet, "/api/v1/audit", "", nil).wantError(http.StatusUnauthorized, "unauthenticated")
	})
}
