package app_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"pinghu/internal/audit"
)

// A reveal shows the number once to a role the inventory names, with a
// stated reason, writes who looked at whose field and why (never the
// number), and stops at the hourly cap.
func TestRevealContactPhone(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		f := e.facts(t)
		const phone = "13612345670"
		contact := addContact(t, e, f.own, "回访联系人", phone)
		ent := id(f.own)
		path := "/enterprises/" + ent + "/contacts/" + contact + "/reveal"
		spec := e.browser().login("specialist")

		// The enterprise page offers the form beside the masked number to
		// the specialist, not to the department, and shows the number to
		// neither.
		if r := spec.get("/enterprises/" + ent); r.Status != 200 || !strings.Contains(r.Body, `action="`+path+`"`) ||
			strings.Contains(r.Body, phone) || !strings.Contains(r.Body, "136****5670") {
			t.Fatalf("enterprise page for the specialist: %d, reveal form or masking wrong", r.Status)
		}
		if r := e.browser().login("community").get("/enterprises/" + ent); r.Status != 200 || strings.Contains(r.Body, path) {
			t.Errorf("enterprise page for the community offers a reveal it may not make: %d", r.Status)
		}

		before := reveals(t, e)
		for _, c := range []struct {
			form  url.Values
			field string
		}{
			{url.Values{"note": {"call back about the visit"}}, "reveal-reason-err"},
			{url.Values{"reason": {"contact"}, "note": {"hi"}}, "reveal-note-err"},
			{url.Values{"reason": {"contact"}, "note": {strings.Repeat("长", 201)}}, "reveal-note-err"},
		} {
			r := spec.post(path, c.form)
			if r.Status != 422 || !strings.Contains(r.Body, c.field) || strings.Contains(r.Body, phone) {
				t.Errorf("reveal with %v: %d, want 422 naming %s without the number", c.form, r.Status, c.field)
			}
		}
		if n := reveals(t, e); n != before {
			t.Fatalf("refused reveals were audited: %d records, want %d", n, before)
		}

		r := spec.post(path, url.Values{"reason": {"contact"}, "note": {"回电确认走访时间 13900001111"}})
		if r.Status != 200 || !strings.Contains(r.Body, phone) || r.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("reveal: %d, Cache-Control %q, number shown %v", r.Status, r.Header.Get("Cache-Control"), strings.Contains(r.Body, phone))
		}
		var rec struct{ Actor, Entity, EntityID, After string }
		if err := e.app.DB.R.QueryRow(`SELECT actor, entity, entity_id, after_data FROM audit_log WHERE action = $1 ORDER BY seq DESC LIMIT 1`,
			audit.RevealAction).Scan(&rec.Actor, &rec.Entity, &rec.EntityID, &rec.After); err != nil {
			t.Fatal(err)
		}
		var after map[string]string
		_ = json.Unmarshal([]byte(rec.After), &after)
		if rec.Actor != "specialist" || rec.Entity != "enterprise_contact" || rec.EntityID != contact || after["field"] != "phone" ||
			after["reason"] != "contact" || !strings.HasPrefix(after["note"], "回电确认走访时间") {
			t.Errorf("audit record %+v", rec)
		}
		if strings.Contains(rec.After, phone) || strings.Contains(rec.After, "13900001111") {
			t.Errorf("the audit record holds a number in full: %s", rec.After)
		}

		// The API: the same rule, a JSON answer that no cache keeps.
		tok := e.token("specialist")
		a := e.api("POST", "/api/v1"+path, tok, map[string]string{"reason": "follow_up", "note": "诉求办理回访"})
		if a.Status != 200 || a.Body != `{"phone":"`+phone+`"}`+"\n" || a.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("API reveal: %d %s, Cache-Control %q", a.Status, a.Body, a.Header.Get("Cache-Control"))
		}
		if a := e.api("POST", "/api/v1"+path, e.token("dept"), map[string]string{"reason": "contact", "note": "想看一下号码"}); a.Status != 404 {
			t.Errorf("API reveal by the department: %d, want 404", a.Status)
		}

		// The cap: RevealsPerHour in an hour, then 429 until the hour has
		// passed.
		for n := reveals(t, e) - before; n < audit.RevealsPerHour; n++ {
			if r := spec.post(path, url.Values{"reason": {"contact"}, "note": {"call back about the visit"}}); r.Status != 200 {
				t.Fatalf("reveal %d: %d", n+1, r.Status)
			}
		}
		if r := spec.post(path, url.Values{"reason": {"contact"}, "note": {"call back about the visit"}}); r.Status != 429 ||
			strings.Contains(r.Body, phone) {
			t.Errorf("reveal over the cap: %d, want 429 without the number", r.Status)
		}
		e.clock.Advance(61 * time.Minute) // past the session's idle limit too
		if r := e.browser().login("specialist").post(path, url.Values{"reason": {"contact"}, "note": {"call back about the visit"}}); r.Status != 200 {
			t.Errorf("reveal an hour later: %d", r.Status)
		}
	})
}

// The system administrator reveals an account's phone; the security
// administrator, who reads accounts but does not keep them, may not.
func TestRevealUserPhone(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		var phone string
		uid := userID(t, e, "community")
		if err := e.app.DB.R.QueryRow("SELECT phone FROM users WHERE id = $1", uid).Scan(&phone); err != nil || len(phone) != 11 {
			t.Fatalf("the demo account has no phone: %q %v", phone, err)
		}
		admin := e.browser().login("admin")
		if r := admin.get("/users/" + uid); r.Status != 200 || !strings.Contains(r.Body, "/users/"+uid+"/reveal") || strings.Contains(r.Body, phone) {
			t.Fatalf("account page for admin: %d, reveal form or masking wrong", r.Status)
		}
		form := url.Values{"reason": {"verify"}, "note": {"确认账号本人"}}
		if r := admin.post("/users/"+uid+"/reveal", form); r.Status != 200 || !strings.Contains(r.Body, phone) {
			t.Errorf("admin reveal: %d", r.Status)
		}
		sec := e.browser().login("secadmin")
		if r := sec.get("/users/" + uid); r.Status != 200 || strings.Contains(r.Body, "/reveal") {
			t.Errorf("account page for secadmin offers a reveal: %d", r.Status)
		}
		if r := sec.post("/users/"+uid+"/reveal", form); r.Status != 404 || strings.Contains(r.Body, phone) {
			t.Errorf("secadmin reveal: %d, want 404", r.Status)
		}
	})
}

func reveals(t *testing.T, e *env) int {
	t.Helper()
	var n int
	if err := e.app.DB.R.QueryRow("SELECT count(*) FROM audit_log WHERE action = $1", audit.RevealAction).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
