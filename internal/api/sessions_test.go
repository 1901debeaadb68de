package api_test

import (
	"net/http"
	"strconv"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// Sessions through the API, every answer checked against the OpenAPI
// document: one's own are listed and ended, another user's are not found,
// and the security administrator sees and ends anyone's.
func TestSessions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		leader := e.user("leader", access.Leader, e.root.ID, "")
		e.user("office", access.Office, e.root.ID, "")
		e.user("secadmin", access.Secadmin, e.root.ID, "")
		first, second := e.login("leader"), e.login("leader")

		items := e.do(http.MethodGet, "/api/v1/account/sessions", first, nil).want(http.StatusOK).items()
		if len(items) != 2 {
			t.Fatalf("own sessions: %v", items)
		}
		var other string
		for _, s := range items {
			if s["current"] == false {
				other = s["id"].(string)
			}
		}
		if other == "" {
			t.Fatalf("no session other than the current one in %v", items)
		}

		office := e.login("office")
		e.do(http.MethodDelete, "/api/v1/account/sessions/"+other, office, nil).wantError(http.StatusNotFound, "not_found")
		leaderPath := "/api/v1/users/" + strconv.FormatInt(leader.ID, 10) + "/sessions"
		e.do(http.MethodGet, leaderPath, office, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodDelete, leaderPath+"/"+other, office, nil).wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodGet, "/api/v1/me", second, nil).want(http.StatusOK)

		e.do(http.MethodDelete, "/api/v1/account/sessions/"+other, first, nil).want(http.StatusNoContent)
		e.do(http.MethodGet, "/api/v1/me", second, nil).wantError(http.StatusUnauthorized, "unauthenticated")
		e.do(http.MethodDelete, "/api/v1/account/sessions/"+other, first, nil).wantError(http.StatusNotFound, "not_found")

		sec := e.login("secadmin")
		items = e.do(http.MethodGet, leaderPath, sec, nil).want(http.StatusOK).items()
		if len(items) != 1 || items[0]["current"] != false {
			t.Fatalf("secadmin's view of the leader's sessions: %v", items)
		}
		e.do(http.MethodDelete, leaderPath+"/"+items[0]["id"].(string), sec, nil).want(http.StatusNoContent)
		e.do(http.MethodGet, "/api/v1/me", first, nil).wantError(http.StatusUnauthorized, "unauthenticated")

		// The officer's login without its code, answered as documented.
		e.do(http.MethodPost, "/api/v1/login", "", map[string]string{"username": "secadmin", "password": testPassword}).
			wantError(http.StatusUnauthorized, "totp_required")
		e.do(http.MethodPost, "/api/v1/login", "", map[string]string{"username": "secadmin", "password": testPassword,
			"totp": "123456", "recovery_code": "abcd"}).wantError(http.StatusUnprocessableEntity, "invalid", "recovery_code")
	})
}
