package main

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

var (
	secretOnPage = regexp.MustCompile(`<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>`)
	recoveryCode = regexp.MustCompile(`<li><code>([a-z2-7]{4}(?:-[a-z2-7]{4}){5})</code></li>`)
)

// enrolOnWeb signs an officer in through the browser pages, enrolling an
// authenticator at the real time: the password on first, the code on
// second (a pending login lives in the database, like every session). It
// returns the recovery codes the last page shows once.
func enrolOnWeb(t *testing.T, first, second *server, username, password string) []string {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	send := func(method, u string, form url.Values) (int, string) {
		t.Helper()
		req, err := http.NewRequest(method, u, strings.NewReader(form.Encode()))
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		// Both servers are 127.0.0.1 on other ports; the cookie jar keys
		// cookies by host, so the pending login's cookie goes to both.
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	if code, body := send("POST", first.url("/login"), url.Values{"username": {username}, "password": {password}}); code != http.StatusSeeOther {
		t.Fatalf("login %s on %s: %d %.300s", username, first.name, code, body)
	}
	code, page := send("GET", second.url("/login/2fa"), nil)
	m := secretOnPage.FindStringSubmatch(page)
	if code != http.StatusOK || m == nil {
		t.Fatalf("enrolment page of %s on %s: %d without a secret: %.300s", username, second.name, code, page)
	}
	otp, err := totp.GenerateCode(strings.ReplaceAll(m[1], " ", ""), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	code, page = send("POST", second.url("/login/2fa"), url.Values{"code": {otp}})
	var codes []string
	for _, m := range recoveryCode.FindAllStringSubmatch(page, -1) {
		codes = append(codes, m[1])
	}
	if code != http.StatusOK || len(codes) != 10 {
		t.Fatalf("enrolling %s on %s: %d with %d recovery codes: %.300s", username, second.name, code, len(codes), page)
	}
	return codes
}
