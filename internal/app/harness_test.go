package app_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/app"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
)

// clock is the test's injected time.
type clock = dbtest.Clock

const testPassword = "lake-lantern-2026"

// env is one running instance over a fresh database with the demo loaded.
type env struct {
	t     testing.TB
	app   *app.App
	srv   *httptest.Server
	clock *clock
	// auth holds the authenticators the logins enrolled.
	auth *dbtest.Authenticators
}

func newEnv(t *testing.T, dialect db.Dialect) *env { return newEnvTB(t, dialect) }

func newEnvTB(t testing.TB, dialect db.Dialect) *env {
	t.Helper()
	cfg := app.Defaults()
	cfg.DB = dbtest.URL(t, dialect)
	cfg.Data = t.TempDir() // attachments of SQLite installations live here
	if dialect == db.SQLite {
		// Loading the demo takes most of a test's time; on SQLite each test
		// starts from a copy of one loaded database instead.
		cfg.DB = "sqlite:" + copyTemplate(t, strings.TrimPrefix(cfg.DB, "sqlite:"))
	}
	cfg.Demo = true
	cfg.DemoPassword = testPassword
	clk := dbtest.NewClock(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
	a, err := app.Open(context.Background(), cfg, app.Options{Now: clk.Now, Hasher: &account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if err := a.Prepare(context.Background(), io.Discard); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(piScan.Handler(t, a.Handler()))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { failOnLoggedNumbers(t) })
	return &env{t: t, app: a, srv: srv, clock: clk, auth: dbtest.NewAuthenticators(clk)}
}

// each runs fn on every database.
func each(t *testing.T, fn func(t *testing.T, e *env)) {
	dbtest.RequirePostgresInCI(t)
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) { fn(t, newEnv(t, d)) })
	}
}

// browser is a client with its own cookies that does not follow redirects,
// so tests see exactly what the server answered.
type browser struct {
	e *env
	c *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type resp struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browser) do(method, path string, form url.Values, header map[string]string) resp {
	b.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.e.srv.URL+path, body)
	if err != nil {
		b.e.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

func (b *browser) get(path string) resp { return b.do("GET", path, nil, nil) }

func (b *browser) post(path string, form url.Values) resp { return b.do("POST", path, form, nil) }

// login signs the browser in and fails the test if it cannot: with the
// password, then, for an account with two-factor login, a one-time code,
// enrolling an authenticator through the login's own pages the first
// time a role needs one (the secret read from the page, as a person
// would type it into an app).
func (b *browser) login(username string) *browser {
	b.e.t.Helper()
	r := b.post("/login", url.Values{"username": {username}, "password": {testPassword}})
	if r.Status != http.StatusSeeOther {
		b.e.t.Fatalf("login %s: status %d: %s", username, r.Status, snippet(r.Body))
	}
	if !strings.HasPrefix(r.Header.Get("Location"), "/login/2fa") {
		return b
	}
	page := b.get("/login/2fa")
	if m := secretOnPage.FindStringSubmatch(page.Body); m != nil {
		b.e.auth.Enrol(username, m[1])
	}
	if !b.e.auth.Has(username) {
		b.e.t.Fatalf("login %s: a code is asked for and the test knows no authenticator: %s", username, snippet(page.Body))
	}
	r = b.post("/login/2fa", url.Values{"code": {b.e.auth.Code(b.e.t, username)}})
	if r.Status != http.StatusSeeOther && r.Status != http.StatusOK {
		b.e.t.Fatalf("login %s: second factor: status %d: %s", username, r.Status, snippet(r.Body))
	}
	return b
}

// secretOnPage finds the authenticator's secret on the enrolment page.
var secretOnPage = regexp.MustCompile(`<code id="totp-secret"[^>]*>([A-Z2-7 ]+)</code>`)

// api calls the JSON API with a bearer token.
func (e *env) api(method, path, token string, body any) resp {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = strings.NewReader(string(b))
	}
	req, _ := http.NewRequest(method, e.srv.URL+path, rd)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return resp{Status: res.StatusCode, Header: res.Header, Body: string(data)}
}

// token signs in through the API, with a one-time code for an account
// with two-factor login; one that must enrol does so in a browser first,
// as the API tells a person to.
func (e *env) token(username string) string {
	e.t.Helper()
	body := map[string]string{"username": username, "password": testPassword}
	if e.auth.Has(username) {
		body["totp"] = e.auth.Code(e.t, username)
	}
	r := e.api("POST", "/api/v1/login", "", body)
	if r.Status == http.StatusUnauthorized && strings.Contains(r.Body, `"enrolment_required"`) {
		e.browser().login(username)
		return e.token(username)
	}
	if r.Status != 200 {
		e.t.Fatalf("api login %s: %d %s", username, r.Status, r.Body)
	}
	var out struct{ Token string }
	_ = json.Unmarshal([]byte(r.Body), &out)
	return out.Token
}

// addUser creates an account directly, with the unit given by code ("" for
// none, or an id that does not exist).
func (e *env) addUser(username string, role access.Role, unitID int64) {
	e.t.Helper()
	name := username
	pw := testPassword
	in := account.Input{Username: &username, DisplayName: &name, Role: &role, Password: &pw}
	if unitID != 0 {
		in.UnitID = &unitID
	}
	if _, err := e.app.Accounts.CreateAs(context.Background(), access.System("test"), in); err != nil {
		e.t.Fatal(err)
	}
}

func (e *env) unit(code string) org.Unit {
	e.t.Helper()
	u, err := org.FindByCode(context.Background(), e.app.DB.R, code)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

func snippet(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return s
}

func init() {
	// Request logs would bury test failures: they are scanned for personal
	// information (pii_scan_test.go) and dropped; tests that check logs
	// capture them with a handler of their own.
	slog.SetDefault(piScan.Log())
}

var (
	templateOnce sync.Once
	templatePath string
	templateErr  error
)

// copyTemplate copies a demo-loaded SQLite database, built once per test
// process, to path.
func copyTemplate(t testing.TB, path string) string {
	t.Helper()
	templateOnce.Do(func() {
		dir, err := os.MkdirTemp("", "pinghu-template-")
		if err != nil {
			templateErr = err
			return
		}
		templatePath = filepath.Join(dir, "template.db")
		cfg := app.Defaults()
		cfg.DB, cfg.Demo, cfg.DemoPassword = "sqlite:"+templatePath, true, testPassword
		clk := dbtest.NewClock(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC))
		a, err := app.Open(context.Background(), cfg, app.Options{Now: clk.Now, Hasher: &account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}})
		if err != nil {
			templateErr = err
			return
		}
		templateErr = a.Prepare(context.Background(), io.Discard)
		// Closing checkpoints the WAL into the main file.
		if err := a.Close(); templateErr == nil {
			templateErr = err
		}
	})
	if templateErr != nil {
		t.Fatalf("demo template: %v", templateErr)
	}
	b, err := os.ReadFile(templatePath)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
