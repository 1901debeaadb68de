package api_test

import (
	"fmt"
	"net/http"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
)

// TestRevealAPI: a phone in full only to the roles the inventory names,
// in scope, with a reason; every answer checked against openapi.json.
func TestRevealAPI(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEntEnv(t, d)
		phone := "13912345670"
		c := e.addContact(e.e1, "王女士", phone)
		path := fmt.Sprintf("/api/v1/enterprises/%d/contacts/%d/reveal", e.e1, c.ID)
		why := map[string]string{"reason": "contact", "note": "回电确认走访时间"}
		for _, who := range []string{"spec1", "leader", "office"} {
			r := e.do(http.MethodPost, path, e.token(who), why).want(http.StatusOK)
			if r.json["phone"] != phone || r.header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %s, Cache-Control %q", who, r.body, r.header.Get("Cache-Control"))
			}
		}
		for _, who := range []string{"spec2", "comm1", "dept1", "ent1", "expert", "sysadmin", "auditor", "leader.ot"} {
			e.do(http.MethodPost, path, e.token(who), why).wantError(http.StatusNotFound, "not_found")
		}
		// The contact of another enterprise, named under E1: not found.
		e.do(http.MethodPost, fmt.Sprintf("/api/v1/enterprises/%d/contacts/%d/reveal", e.e2, c.ID), e.token("leader"), why).
			wantError(http.StatusNotFound, "not_found")
		e.do(http.MethodPost, path, e.token("spec1"), map[string]string{"reason": "curious", "note": "x"}).
			wantError(http.StatusUnprocessableEntity, "invalid", "reason", "note")
		e.do(http.MethodPost, path, e.token("spec1"), rawBody(`{"reason":"contact","note":"回电确认","value":1}`)).
			wantError(http.StatusBadRequest, "malformed", "value")

		uphone := "13912345671"
		u := e.user("withphone", access.Community, e.c1.ID, uphone)
		upath := fmt.Sprintf("/api/v1/users/%d/reveal", u.ID)
		r := e.do(http.MethodPost, upath, e.token("sysadmin"), map[string]string{"reason": "verify", "note": "确认账号本人"}).want(http.StatusOK)
		if r.json["phone"] != uphone {
			t.Errorf("sysadmin reveal: %s", r.body)
		}
		for _, who := range []string{"leader", "auditor", "comm1"} {
			e.do(http.MethodPost, upath, e.token(who), map[string]string{"reason": "verify", "note": "确认账号本人"}).
				wantError(http.StatusNotFound, "not_found")
		}
	})
}

// leader acts as the sub-district's leader, for setting up records.
func (e *entEnv) leader() access.Actor {
	u := e.users["leader"]
	return access.Actor{UserID: u.ID, Username: u.Username, Role: access.Leader, UnitID: e.sub.ID, ScopePath: e.sub.Path}
}

// addContact gives an enterprise a contact whose phone no answer but a
// reveal may show.
func (e *entEnv) addContact(enterpriseID int64, name, phone string) enterprise.Contact {
	e.t.Helper()
	*e.phones = append(*e.phones, phone)
	c, err := e.svc.AddContact(e.ctx, e.leader(), enterpriseID, enterprise.ContactInput{Name: &name, Phone: &phone})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}
