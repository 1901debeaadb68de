package api_test

import (
	"net/http"
	"testing"

	"pinghu/internal/access"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestCalendar(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.user("zhou", access.Leader, e.root.ID, "")
		tok := e.login("zhou")
		r := e.do(http.MethodGet, "/api/v1/calendar?year=2022", tok, nil).want(http.StatusOK)
		days, _ := r.json["days"].([]any)
		// 2022: 18 weekday holidays and 7 make-up working days (State Council schedule).
		holidays, workdays := 0, 0
		for _, x := range days {
			switch x.(map[string]any)["kind"] {
			case "holiday":
				holidays++
			case "workday":
				workdays++
			}
		}
		if holidays != 18 || workdays != 7 {
			t.Errorf("2022: %d holidays and %d make-up days, want 18 and 7", holidays, workdays)
		}
		e.do(http.MethodGet, "/api/v1/calendar?year=1999", tok, nil).wantError(http.StatusUnprocessableEntity, "invalid", "year")
		e.do(http.MethodGet, "/api/v1/calendar", "", nil).wantError(http.StatusUnauthorized, "unauthenticated")
	})
}
