package app_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"pinghu/internal/account"
	"pinghu/internal/i18n"
)

// cookie is the value of the browser's cookie name, "" when none.
func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// sha256Hex is how a session's token is stored: its SHA-256.
func sha256Hex(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// signedIn reports whether the browser's session opens the home page.
func (b *browser) signedIn() bool { return b.get("/").Status == http.StatusOK }

// passwordStep sends the password of username and checks that it leads to
// the second step, not to a session.
func (b *browser) passwordStep(t *testing.T, username string) {
	t.Helper()
	r := b.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login/2fa") {
		t.Fatalf("password of %s: %d → %q, want the second step", username, r.Status, r.Header.Get("Location"))
	}
	if b.cookie("pinghu_session") != "" || b.signedIn() {
		t.Fatalf("password of %s alone gave a session", username)
	}
}

var recoveryOnPage = regexp.MustCompile(`<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){5})</code></li>`)

// enrolByHand goes through a first login's enrolment as a person does and
// returns the recovery codes shown at its end.
func (e *env) enrolByHand(t *testing.T, username string) (*browser, []string) {
	t.Helper()
	b := e.browser()
	b.passwordStep(t, username)
	page := b.get("/login/2fa")
	m := secretOnPage.FindStringSubmatch(page.Body)
	if m == nil || !strings.Contains(page.Body, `src="data:image/png;base64,`) {
		t.Fatalf("enrolment page of %s without a QR code and a secret: %s", username, snippet(page.Body))
	}
	e.auth.Enrol(username, m[1])
	r := b.post("/login/2fa", url.Values{"code": {e.auth.Code(t, username)}})
	codes := recoveryCodes(r.Body)
	if r.Status != http.StatusOK || len(codes) != account.RecoveryCodes || !b.signedIn() {
		t.Fatalf("enrolling %s: %d, %d recovery codes: %s", username, r.Status, len(codes), snippet(r.Body))
	}
	return b, codes
}

func recoveryCodes(body string) []string {
	var out []string
	for _, m := range recoveryOnPage.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

// apiLogin posts an API login and returns the answer and its error code.
func (e *env) apiLogin(body map[string]string) (resp, string) {
	e.t.Helper()
	r := e.api("POST", "/api/v1/login", "", body)
	var out struct {
		Error struct{ Code string }
	}
	_ = json.Unmarshal([]byte(r.Body), &out)
	return r, out.Error.Code
}

// The acceptance rule: a password alone never yields a session or a token
// for the three officers, nor for a role the security administrator makes
// need two-factor login; the password and a fresh code do, once.
func TestPasswordAloneNeverSignsIn(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		// The security administrator (enrolling on the way) makes the
		// leader role need two-factor login too.
		sec := e.browser().login("secadmin")
		if r := sec.post("/security", url.Values{"two_factor": {"leader", "admin-is-no-role"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("policy with an unknown role: %d", r.Status)
		}
		if r := sec.post("/security", url.Values{"two_factor": {"leader"}}); r.Status != http.StatusSeeOther {
			t.Fatalf("policy: %d %s", r.Status, snippet(r.Body))
		}
		var n int
		if err := e.app.DB.R.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'security.two_factor_roles'
			AND after_data LIKE '%leader%'`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("policy change audited %d times, %v", n, err)
		}
		for _, c := range []struct {
			who      string
			enrolled bool
		}{{"admin", false}, {"secadmin", true}, {"auditor", false}, {"leader", false}} {
			who := c.who
			t.Run(who, func(t *testing.T) {
				password := map[string]string{"username": who, "password": testPassword}
				if !c.enrolled {
					if _, code := e.apiLogin(password); code != "enrolment_required" {
						t.Fatalf("API, no authenticator: %s, want enrolment_required", code)
					}
					e.browser().passwordStep(t, who)
					e.enrolByHand(t, who)
				}
				e.browser().passwordStep(t, who)
				if r, code := e.apiLogin(password); r.Status != http.StatusUnauthorized || code != "totp_required" {
					t.Fatalf("API, password only: %d %s, want 401 totp_required", r.Status, code)
				}
				for _, wrong := range []string{"000000", "12345", "not-a-code"} {
					body := map[string]string{"username": who, "password": testPassword, "totp": wrong}
					if r, _ := e.apiLogin(body); r.Status != http.StatusUnauthorized {
						t.Fatalf("API, code %q: %d", wrong, r.Status)
					}
				}
				body := map[string]string{"username": who, "password": testPassword, "totp": e.auth.Code(t, who)}
				if r, _ := e.apiLogin(body); r.Status != http.StatusOK {
					t.Fatalf("API, password and code: %d %s", r.Status, r.Body)
				}
				if r, _ := e.apiLogin(body); r.Status != http.StatusUnauthorized {
					t.Fatalf("API, the same code again: %d", r.Status)
				}
				b := e.browser()
				b.passwordStep(t, who)
				if r := b.post("/login/2fa", url.Values{"code": {body["totp"]}}); r.Status != http.StatusUnauthorized || b.signedIn() {
					t.Fatalf("web, a used code: %d", r.Status)
				}
				if r := b.post("/login/2fa", url.Values{"code": {e.auth.Code(t, who)}}); r.Status != http.StatusSeeOther || !b.signedIn() {
					t.Fatalf("web, a fresh code: %d %s", r.Status, snippet(r.Body))
				}
			})
		}
		// A role the policy does not name keeps the password alone.
		if r, _ := e.apiLogin(map[string]string{"username": "office", "password": testPassword}); r.Status != http.StatusOK {
			t.Fatalf("office: %d", r.Status)
		}
	})
}

// The pending login of the password step is no session anywhere, serves
// only its own second step, and expires after five minutes.
func TestPendingLoginIsNoSession(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.browser().login("auditor") // enrols
		b := e.browser()
		b.passwordStep(t, "auditor")
		pending := b.cookie("pinghu_login")
		if pending == "" {
			t.Fatal("no pending-login cookie")
		}
		thief := e.browser()
		u, _ := url.Parse(e.srv.URL)
		thief.c.Jar.SetCookies(u, []*http.Cookie{{Name: "pinghu_session", Value: pending, Path: "/"}})
		for _, p := range []string{"/", "/audit", "/account/security"} {
			if r := thief.get(p); r.Status != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
				t.Errorf("pending token as a session cookie on %s: %d", p, r.Status)
			}
		}
		for _, p := range []string{"/api/v1/me", "/api/v1/audit", "/api/v1/account/sessions"} {
			if r := e.api("GET", p, pending, nil); r.Status != http.StatusUnauthorized {
				t.Errorf("pending token as a bearer token on %s: %d", p, r.Status)
			}
		}
		e.clock.Advance(account.PendingFor)
		r := b.post("/login/2fa", url.Values{"code": {e.auth.Code(t, "auditor")}})
		if r.Status != http.StatusUnauthorized || b.signedIn() {
			t.Fatalf("a code after the pending login expired: %d", r.Status)
		}
		if r := b.get("/login/2fa"); r.Status == http.StatusOK && strings.Contains(r.Body, `name="code"`) {
			t.Fatal("the expired pending login still asks for a code")
		}
		// The next password step clears the expired pending logins.
		e.browser().passwordStep(t, "auditor")
		var pendings int
		if err := e.app.DB.R.QueryRow("SELECT count(*) FROM sessions WHERE kind = 'pending'").Scan(&pendings); err != nil || pendings != 1 {
			t.Fatalf("%d pending logins kept, want the live one only (%v)", pendings, err)
		}
	})
}

// Recovery codes are shown once, each signs in once, and using one is audited.
func TestRecoveryCodeWorksOnce(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		_, codes := e.enrolByHand(t, "secadmin")
		seen := map[string]bool{}
		for _, c := range codes {
			seen[c] = true
		}
		if len(seen) != account.RecoveryCodes {
			t.Fatalf("recovery codes repeat: %v", codes)
		}
		for i, want := range []int{http.StatusSeeOther, http.StatusUnauthorized} {
			b := e.browser()
			b.passwordStep(t, "secadmin")
			// Typed in capitals with spaces: still the same code.
			code := strings.ToUpper(strings.ReplaceAll(codes[0], "-", " "))
			if r := b.post("/login/2fa", url.Values{"code": {code}}); r.Status != want {
				t.Fatalf("use %d of a recovery code: %d, want %d", i+1, r.Status, want)
			}
		}
		body := map[string]string{"username": "secadmin", "password": testPassword, "recovery_code": codes[1]}
		if r, _ := e.apiLogin(body); r.Status != http.StatusOK {
			t.Fatalf("API with a recovery code: %d", r.Status)
		}
		if r, _ := e.apiLogin(body); r.Status != http.StatusUnauthorized {
			t.Fatalf("API with the same recovery code: %d", r.Status)
		}
		var n int
		if err := e.app.DB.R.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'login' AND result = 'ok'
			AND after_data LIKE '%"factor":"recovery"%'`).Scan(&n); err != nil || n != 2 {
			t.Fatalf("%d logins audited as using a recovery code, want 2 (%v)", n, err)
		}
		var secrets int
		if err := e.app.DB.R.QueryRow(`SELECT count(*) FROM audit_log WHERE before_data LIKE '%' || $1 || '%'
			OR after_data LIKE '%' || $1 || '%'`, codes[2]).Scan(&secrets); err != nil || secrets != 0 {
			t.Fatalf("a recovery code appears in the audit log: %d %v", secrets, err)
		}
	})
}

// Wrong codes count towards the lockout like wrong passwords, are audited,
// and the lockout ends the pending login.
func TestWrongCodesLockTheAccount(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		e.browser().login("admin")
		b := e.browser()
		b.passwordStep(t, "admin")
		for i := range 5 {
			if r := b.post("/login/2fa", url.Values{"code": {"000000"}}); r.Status != http.StatusUnauthorized {
				t.Fatalf("wrong code %d: %d", i+1, r.Status)
			}
		}
		var failures int
		if err := e.app.DB.R.QueryRow(`SELECT count(*) FROM audit_log WHERE action = 'login' AND result = 'failure'
			AND after_data LIKE '%"factor":"totp"%'`).Scan(&failures); err != nil || failures != 5 {
			t.Fatalf("%d failed codes audited, want 5 (%v)", failures, err)
		}
		if r := b.post("/login/2fa", url.Values{"code": {e.auth.Code(t, "admin")}}); r.Status != http.StatusUnauthorized || b.signedIn() {
			t.Fatalf("right code after the lockout: %d", r.Status)
		}
		r := e.browser().post("/login", url.Values{"username": {"admin"}, "password": {testPassword}})
		if r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "锁定") {
			t.Fatalf("password during the lockout: %d", r.Status)
		}
		// Wrong codes on the API count as well: four after the lock ended,
		// and a fifth locks again.
		e.clock.Advance(16 * time.Minute)
		for i := range 5 {
			body := map[string]string{"username": "admin", "password": testPassword, "totp": "999999"}
			if r, code := e.apiLogin(body); r.Status != http.StatusUnauthorized || code != "unauthenticated" {
				t.Fatalf("API wrong code %d: %d %s", i+1, r.Status, r.Body)
			}
		}
		body := map[string]string{"username": "admin", "password": testPassword, "totp": e.auth.Code(t, "admin")}
		if r, _ := e.apiLogin(body); r.Status != http.StatusUnauthorized || !strings.Contains(r.Body, "锁定") {
			t.Fatalf("API right code after five wrong ones: %d %s", r.Status, r.Body)
		}
	})
}

// Changing the password or two-factor login asks for the password again
// and, with two-factor login on, a code: a session left open is not enough.
func TestReauthenticationBeforeSecurityChanges(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		b := e.browser().login("office")

		// Enrolling: the password first.
		if r := b.post("/account/security/enrol", url.Values{"current_password": {"Not-the-password-1"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("enrol with a wrong password: %d", r.Status)
		}
		r := b.post("/account/security/enrol", url.Values{"current_password": {testPassword}})
		m := secretOnPage.FindStringSubmatch(r.Body)
		if r.Status != http.StatusOK || m == nil {
			t.Fatalf("enrol: %d %s", r.Status, snippet(r.Body))
		}
		if r := b.get("/account/security/enrol"); r.Status != http.StatusOK || !strings.Contains(r.Body, m[1]) {
			t.Fatalf("the enrolment page again: %d", r.Status)
		}
		if r := b.post("/account/security/confirm", url.Values{"code": {"000000"}}); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("confirm with a wrong code: %d", r.Status)
		}
		if e.browser().login("office").signedIn() != true {
			t.Fatal("an unconfirmed authenticator already changed the login")
		}
		e.auth.Enrol("office", m[1])
		r = b.post("/account/security/confirm", url.Values{"code": {e.auth.Code(t, "office")}})
		codes := recoveryCodes(r.Body)
		if r.Status != http.StatusOK || len(codes) != account.RecoveryCodes {
			t.Fatalf("confirm: %d %s", r.Status, snippet(r.Body))
		}
		e.browser().passwordStep(t, "office") // two-factor login is on now

		// Each change: refused without the code, with a wrong one, and with
		// a wrong password; then done with both.
		changes := []struct {
			name, path string
			extra      url.Values
			ok         int
		}{
			{"password", "/account/password", url.Values{"new_password": {"Lakeside-kite-2031"}, "new_password_again": {"Lakeside-kite-2031"}}, http.StatusSeeOther},
			{"recovery codes", "/account/security/recovery", nil, http.StatusOK},
			{"replace", "/account/security/enrol", nil, http.StatusOK},
			{"disable", "/account/security/disable", nil, http.StatusSeeOther},
		}
		password := testPassword
		for _, c := range changes {
			form := func(pw, code string) url.Values {
				f := url.Values{"current_password": {pw}, "code": {code}}
				for k, v := range c.extra {
					f[k] = v
				}
				return f
			}
			for _, bad := range []url.Values{form(password, ""), form(password, "000000"), form("Not-the-password-1", e.auth.Code(t, "office"))} {
				if r := b.post(c.path, bad); r.Status != http.StatusUnprocessableEntity {
					t.Fatalf("%s with %v: %d, want 422", c.name, bad, r.Status)
				}
				// Keep clear of the lockout: the refusals above count.
				if _, err := e.app.DB.W.Exec("UPDATE users SET failed_logins = 0 WHERE username = 'office'"); err != nil {
					t.Fatal(err)
				}
			}
			r := b.post(c.path, form(password, e.auth.Code(t, "office")))
			if r.Status != c.ok {
				t.Fatalf("%s with the password and a code: %d, want %d: %s", c.name, r.Status, c.ok, snippet(r.Body))
			}
			switch c.name {
			case "password":
				password = "Lakeside-kite-2031"
			case "recovery codes":
				fresh := recoveryCodes(r.Body)
				if len(fresh) != account.RecoveryCodes || fresh[0] == codes[0] {
					t.Fatalf("new recovery codes: %v", fresh)
				}
				old := e.browser()
				old.post("/login", url.Values{"username": {"office"}, "password": {password}})
				if r := old.post("/login/2fa", url.Values{"code": {codes[0]}}); r.Status != http.StatusUnauthorized {
					t.Fatalf("an old recovery code after new ones were made: %d", r.Status)
				}
				if _, err := e.app.DB.W.Exec("UPDATE users SET failed_logins = 0 WHERE username = 'office'"); err != nil {
					t.Fatal(err)
				}
			case "replace":
				// The old authenticator keeps working until the new one is
				// confirmed; leave it at that.
			}
		}
		// Off again: the password alone signs in.
		r = e.browser().post("/login", url.Values{"username": {"office"}, "password": {password}})
		if r.Status != http.StatusSeeOther || strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("login after turning two-factor login off: %d %s", r.Status, r.Header.Get("Location"))
		}

		// An officer may not turn it off even with a good proof.
		admin := e.browser().login("admin")
		r = admin.post("/account/security/disable", url.Values{"current_password": {testPassword}, "code": {e.auth.Code(t, "admin")}})
		if r.Status != http.StatusConflict {
			t.Fatalf("an officer turning two-factor login off: %d", r.Status)
		}
		e.browser().passwordStep(t, "admin")
	})
}

// A user lists their own sessions and ends any of them; nobody but the
// security administrator ends another user's.
func TestUsersEndSessions(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		phone, laptop := e.browser().login("leader"), e.browser().login("leader")
		token := e.token("leader")
		r := e.api("GET", "/api/v1/account/sessions", token, nil)
		var list struct {
			Items []account.SessionInfo
		}
		if err := json.Unmarshal([]byte(r.Body), &list); err != nil || r.Status != 200 || len(list.Items) != 3 {
			t.Fatalf("own sessions: %d %s", r.Status, r.Body)
		}
		handle := map[string]string{} // browser → its session's handle
		for _, s := range list.Items {
			if s.Current != (s.Kind == "api") {
				t.Errorf("session %+v: current is the API's own", s)
			}
		}
		sessionOf := func(b *browser) string {
			t.Helper()
			var h string
			if err := e.app.DB.R.QueryRow("SELECT substr(id, 1, 16) FROM sessions WHERE id = $1",
				sha256Hex(b.cookie("pinghu_session"))).Scan(&h); err != nil {
				t.Fatal(err)
			}
			return h
		}
		handle["laptop"], handle["phone"] = sessionOf(laptop), sessionOf(phone)
		if page := phone.get("/account/security"); page.Status != 200 || strings.Count(page.Body, "/end\"") != 3 ||
			!strings.Contains(page.Body, "/account/sessions/"+handle["laptop"]+"/end") {
			t.Fatalf("security page: %d, sessions not listed: %s", page.Status, snippet(page.Body))
		}

		// Others cannot end them: another user, and the auditor.
		for _, who := range []string{"office", "auditor"} {
			b := e.browser().login(who)
			if r := b.post("/account/sessions/"+handle["laptop"]+"/end", url.Values{}); r.Status != http.StatusNotFound {
				t.Errorf("%s ends leader's session: %d", who, r.Status)
			}
			if r := b.post("/users/"+userID(t, e, "leader")+"/sessions/"+handle["laptop"]+"/end", url.Values{}); r.Status != http.StatusNotFound {
				t.Errorf("%s ends leader's session as an administrator: %d", who, r.Status)
			}
			if r := e.api("DELETE", "/api/v1/account/sessions/"+handle["laptop"], e.token(who), nil); r.Status != http.StatusNotFound {
				t.Errorf("%s ends leader's session through the API: %d", who, r.Status)
			}
		}
		if !laptop.signedIn() {
			t.Fatal("the laptop's session ended by somebody else's request")
		}

		// The leader ends the laptop's session from the phone.
		if r := phone.post("/account/sessions/"+handle["laptop"]+"/end", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("end own session: %d", r.Status)
		}
		if laptop.signedIn() {
			t.Fatal("the ended session still works")
		}
		// The API ends the phone's.
		if r := e.api("DELETE", "/api/v1/account/sessions/"+handle["phone"], token, nil); r.Status != http.StatusNoContent {
			t.Fatalf("API end own session: %d %s", r.Status, r.Body)
		}
		if phone.signedIn() {
			t.Fatal("the session ended through the API still works")
		}

		// The security administrator ends anyone's, and resets a lost phone.
		tablet := e.browser().login("leader")
		sec := e.browser().login("secadmin")
		if r := sec.get("/users/" + userID(t, e, "leader") + "/sessions"); r.Status != 200 || !strings.Contains(r.Body, sessionOf(tablet)) {
			t.Fatalf("secadmin's view of the sessions: %d", r.Status)
		}
		if r := sec.post("/users/"+userID(t, e, "leader")+"/sessions/"+sessionOf(tablet)+"/end", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("secadmin ends a session: %d", r.Status)
		}
		if tablet.signedIn() {
			t.Fatal("the session the secadmin ended still works")
		}
		auditor := e.browser().login("auditor")
		if r := sec.post("/users/"+userID(t, e, "auditor")+"/two-factor/reset", url.Values{}); r.Status != http.StatusSeeOther {
			t.Fatalf("reset: %d", r.Status)
		}
		if auditor.signedIn() {
			t.Fatal("the reset left a session")
		}
		if _, code := e.apiLogin(map[string]string{"username": "auditor", "password": testPassword}); code != "enrolment_required" {
			t.Fatalf("after the reset the auditor must enrol again; got %s", code)
		}

		// Ending the session in use signs this browser out; "all others"
		// keeps it.
		a, b2, c := e.browser().login("office"), e.browser().login("office"), e.browser().login("office")
		if r := a.post("/account/sessions/end-others", url.Values{}); r.Status != http.StatusSeeOther || !a.signedIn() || b2.signedIn() || c.signedIn() {
			t.Fatalf("end others: %d", r.Status)
		}
		if r := a.post("/account/sessions/"+sessionOf(a)+"/end", url.Values{}); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login" || a.signedIn() {
			t.Fatalf("end the session in use: %d %s", r.Status, r.Header.Get("Location"))
		}
		var ended int
		if err := e.app.DB.R.QueryRow("SELECT count(*) FROM audit_log WHERE action IN ('session.end', 'session.end_others')").Scan(&ended); err != nil || ended != 5 {
			t.Fatalf("%d session ends audited, want 5 (%v)", ended, err)
		}
	})
}

// The login's second step, both ways, and the enrolment page of a signed-in
// user show every message in the three languages.
func TestSecondFactorPagesInAllLanguages(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		enrolling := e.browser()
		enrolling.passwordStep(t, "admin")
		e.browser().login("secadmin")
		code := e.browser()
		code.passwordStep(t, "secadmin")
		office := e.browser().login("office")
		if r := office.post("/account/security/enrol", url.Values{"current_password": {testPassword}}); r.Status != http.StatusOK {
			t.Fatalf("enrol: %d", r.Status)
		}
		for _, lang := range i18n.Langs {
			for _, c := range []struct {
				b    *browser
				path string
			}{{enrolling, "/login/2fa"}, {code, "/login/2fa"}, {office, "/account/security/enrol"}, {office, "/account/security"}} {
				r := c.b.get(c.path + "?lang=" + lang)
				if r.Status != http.StatusOK {
					t.Errorf("%s [%s]: %d", c.path, lang, r.Status)
				}
				if strings.Contains(r.Body, "⟦") {
					t.Errorf("%s [%s]: missing message %s", c.path, lang, missing(r.Body))
				}
			}
		}
	})
}
