package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestLockoutAfterFiveFailures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser()
		wrong := url.Values{"username": {"leader"}, "password": {"not-the-password"}}
		for i := 0; i < 5; i++ {
			if r := b.post("/login", wrong); r.Status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: status %d", i+1, r.Status)
			}
		}
		right := url.Values{"username": {"leader"}, "password": {testPassword}}
		r := b.post("/login", right)
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "锁定") {
			t.Fatalf("right password during lock: status %d, body %s", r.Status, snippet(r.Body))
		}
		if r := e.api("POST", "/api/v1/login", "", map[string]string{"username": "leader", "password": testPassword}); r.Status != 401 {
			t.Fatalf("API login during lock: %d", r.Status)
		}
		e.clock.Add(14 * time.Minute)
		if r := b.post("/login", right); r.Status != http.StatusUnauthorized {
			t.Fatalf("right password at 14 min: status %d", r.Status)
		}
		e.clock.Add(time.Minute + time.Second)
		if r := b.post("/login", right); r.Status != http.StatusSeeOther {
			t.Fatalf("right password after the lock expired: status %d %s", r.Status, snippet(r.Body))
		}
		// Another account is never affected by this one's failures.
		e.browser().login("office")
	})
}

func TestSessionEndsOnLogoutIdleAndDisable(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// Logout ends the session on the server: the old cookie stops working.
		b := e.browser().login("leader")
		u, _ := url.Parse(e.srv.URL)
		old := b.c.Jar.Cookies(u)
		if r := b.post("/logout", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("logout: %d", r.Status)
		}
		b.c.Jar.SetCookies(u, old)
		if r := b.get("/"); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("old cookie after logout: %d %s", r.Status, r.Header.Get("Location"))
		}

		// Idle timeout: 30 minutes without a request.
		b = e.browser().login("leader")
		e.clock.Add(29 * time.Minute)
		if r := b.get("/"); r.Status != 200 {
			t.Fatalf("at 29 min idle: %d", r.Status)
		}
		e.clock.Add(31 * time.Minute)
		if r := b.get("/"); r.Status != http.StatusSeeOther {
			t.Fatalf("after 31 min idle: %d", r.Status)
		}

		// Absolute timeout: 12 hours even when used every few minutes.
		b = e.browser().login("leader")
		for i := 0; i < 12*60/20; i++ {
			e.clock.Add(20 * time.Minute)
			b.get("/")
		}
		if r := b.get("/"); r.Status != http.StatusSeeOther {
			t.Fatalf("after 12 h: %d", r.Status)
		}

		// Disabling a user ends all their sessions at once.
		victim := e.browser().login("office")
		tok := e.token("office")
		admin := e.browser().login("admin")
		id := userID(t, e, "office")
		r := admin.post("/users/"+id, url.Values{"display_name": {"督查"}, "phone": {""}, "active_present": {"1"}, "active": {"false"}})
		if r.Status != http.StatusSeeOther {
			t.Fatalf("disable: %d %s", r.Status, snippet(r.Body))
		}
		if r := victim.get("/"); r.Status != http.StatusSeeOther {
			t.Fatalf("disabled user's page session still works: %d", r.Status)
		}
		if r := e.api("GET", "/api/v1/me", tok, nil); r.Status != 401 {
			t.Fatalf("disabled user's token still works: %d", r.Status)
		}
	})
}

func TestPerAddressLimit(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser()
		// Spread failures over many accounts so no account locks: the
		// address limit must still stop the attempt after the 30th.
		users := []string{"leader", "office", "dept", "community", "specialist", "enterprise", "expert"}
		for i := 0; i < 30; i++ {
			b.post("/login", url.Values{"username": {users[i%len(users)]}, "password": {"wrong-password-x"}})
			if i%len(users) == len(users)-1 {
				e.clock.Add(time.Second)
			}
		}
		r := b.post("/login", url.Values{"username": {"auditor"}, "password": {testPassword}})
		if r.Status != http.StatusTooManyRequests {
			t.Fatalf("31st attempt from one address: %d", r.Status)
		}
		if d, err := time.ParseDuration(r.Header.Get("Retry-After") + "s"); err != nil || d != e.app.Config.Policy().IPWindow {
			t.Fatalf("refused login's Retry-After %q, want the address window", r.Header.Get("Retry-After"))
		}
		e.clock.Add(16 * time.Minute)
		b.login("auditor")
	})
}
