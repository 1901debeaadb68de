package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/api"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/pii/piitest"
)

// testPassword satisfies the password policy and contains no test username.
const testPassword = "Pinghu-test-2022!"

// clock is the test's injected time.
type clock = dbtest.Clock

// env is one API over one fresh database, wired like production.
type env struct {
	t      *testing.T
	ctx    context.Context
	clock  *clock
	acc    *account.Service
	units  *org.Service
	log    *audit.Log
	api    *api.API
	h      http.Handler
	router routers.Router
	root   org.Unit
	sys    access.Actor // acts for the test setup, with the whole tree in scope

	// phones are the plain numbers given to accounts; no answer may
	// contain one of them. A pointer, so that copies made by in share it.
	phones *[]string
	// auth holds the authenticators the logins enrolled.
	auth *dbtest.Authenticators
}

// in returns the env reporting to t, for subtests.
func (e *env) in(t *testing.T) *env {
	c := *e
	c.t = t
	return &c
}

var (
	docOnce sync.Once
	doc     *openapi3.T
	docErr  error
)

// loadDoc parses and validates the embedded OpenAPI document once.
func loadDoc(t *testing.T) *openapi3.T {
	t.Helper()
	docOnce.Do(func() {
		l := openapi3.NewLoader()
		doc, docErr = l.LoadFromData(api.OpenAPI())
		if docErr == nil {
			docErr = doc.Validate(context.Background())
		}
	})
	if docErr != nil {
		t.Fatalf("openapi.json: %v", docErr)
	}
	return doc
}

// newEnv builds the services over d with a clock at a fixed time and
// mounts the API exactly as the server does.
func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC))
	log := &audit.Log{DB: d, Now: c.Now}
	acc := &account.Service{DB: d, Audit: log, Now: c.Now, Policy: account.DefaultPolicy,
		Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}
	units := &org.Service{DB: d, Audit: log, Now: c.Now}
	cal := &calendar.Service{DB: d, Audit: log, Now: c.Now}
	a := &api.API{Accounts: acc, Units: units, Audit: log, Calendar: cal, Now: c.Now}

	mux := http.NewServeMux()
	edge.Mount(mux, a.Routes(), nil, nil)
	h := edge.Chain(mux, edge.Observe(false, func(*edge.State, string, time.Duration) {}), edge.SecurityHeaders,
		edge.LimitBody(1<<20), edge.Language, edge.Authenticate(acc))

	router, err := gorillamux.NewRouter(loadDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	return &env{t: t, ctx: ctx, clock: c, acc: acc, units: units, log: log, api: a, h: h, router: router, root: root, phones: new([]string),
		auth: dbtest.NewAuthenticators(c),
		sys:  access.Actor{Username: "test", Role: access.Sysadmin, UnitID: root.ID, ScopePath: root.Path}}
}

// unit creates a unit under parent as the test's sysadmin.
func (e *env) unit(parent int64, kind org.Kind, code string) org.Unit {
	e.t.Helper()
	name := "单位 " + code
	u, err := e.units.Create(e.ctx, e.sys, org.Input{ParentID: &parent, Kind: &kind, Name: &name, Code: &code})
	if err != nil {
		e.t.Fatalf("create unit %s: %v", code, err)
	}
	return u
}

// user creates an account directly through the service, as the command
// line does; unit 0 leaves it without a unit.
func (e *env) user(username string, role access.Role, unit int64, phone string) account.User {
	e.t.Helper()
	name, pw := "用户 "+username, testPassword
	in := account.Input{Username: &username, DisplayName: &name, Role: &role, Password: &pw}
	if unit > 0 {
		in.UnitID = &unit
	}
	if phone != "" {
		in.Phone = &phone
		*e.phones = append(*e.phones, phone)
	}
	u, err := e.acc.CreateAs(e.ctx, access.System("test"), in)
	if err != nil {
		e.t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// login signs in through the API and returns the bearer token, with a
// one-time code for an account with two-factor login. An account whose
// role needs it and has no authenticator yet enrols one first, through
// the service as a browser's login would.
func (e *env) login(username string) string {
	e.t.Helper()
	body := map[string]string{"username": username, "password": testPassword}
	if e.auth.Has(username) {
		body["totp"] = e.auth.Code(e.t, username)
	}
	r := e.do(http.MethodPost, "/api/v1/login", "", body)
	if r.status == http.StatusUnauthorized && r.errorCode() == "enrolment_required" {
		who := access.Actor{IP: "192.0.2.1"}
		in, err := e.acc.Login(e.ctx, who, account.Credentials{Username: username, Password: testPassword}, account.WebSession)
		if err != nil || !in.Enrol {
			e.t.Fatalf("login %s: %+v, %v; want a login that enrols", username, in, err)
		}
		p, err := e.acc.PendingLogin(e.ctx, in.Token)
		if err != nil {
			e.t.Fatal(err)
		}
		e.auth.Enrol(username, p.Enrolment.Secret)
		if _, err := e.acc.FinishLogin(e.ctx, who, in.Token, e.auth.Code(e.t, username)); err != nil {
			e.t.Fatalf("enrol %s: %v", username, err)
		}
		return e.login(username)
	}
	r.want(http.StatusOK)
	tok, _ := r.json["token"].(string)
	if tok == "" {
		e.t.Fatalf("login %s: no token in %s", username, r.body)
	}
	return tok
}

// response is an answer with its body decoded as a JSON object.
type response struct {
	t      *testing.T
	req    string
	status int
	header http.Header
	body   []byte
	json   map[string]any
}

func (r *response) want(status int) *response {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("%s: status %d, want %d; body %s", r.req, r.status, status, r.body)
	}
	return r
}

// wantError checks an error answer: its status, its code and, when
// fields are given, that exactly those fields are named.
func (r *response) wantError(status int, code string, fields ...string) *response {
	r.t.Helper()
	r.want(status)
	e, _ := r.json["error"].(map[string]any)
	if e == nil || e["code"] != code {
		r.t.Fatalf("%s: error %v, want code %s", r.req, r.json["error"], code)
	}
	if msg, _ := e["message"].(string); msg == "" || strings.Contains(msg, "⟦") {
		r.t.Errorf("%s: message %q is empty or not in the catalog", r.req, msg)
	}
	got, _ := e["fields"].(map[string]any)
	if len(fields) > 0 || len(got) > 0 {
		if len(got) != len(fields) {
			r.t.Fatalf("%s: fields %v, want exactly %v", r.req, got, fields)
		}
		for _, f := range fields {
			msg, _ := got[f].(string)
			if msg == "" || strings.Contains(msg, "⟦") {
				r.t.Fatalf("%s: fields %v, want %s named with a catalog message", r.req, got, f)
			}
		}
	}
	return r
}

// errorCode is the code of an error answer, "" for any other answer.
func (r *response) errorCode() string {
	e, _ := r.json["error"].(map[string]any)
	c, _ := e["code"].(string)
	return c
}

// field returns the message the error names for field.
func (r *response) field(name string) string {
	e, _ := r.json["error"].(map[string]any)
	f, _ := e["fields"].(map[string]any)
	s, _ := f[name].(string)
	return s
}

// items returns the items of a list answer.
func (r *response) items() []map[string]any {
	r.t.Helper()
	raw, ok := r.json["items"].([]any)
	if !ok {
		r.t.Fatalf("%s: no items in %s", r.req, r.body)
	}
	out := make([]map[string]any, 0, len(raw))
	for _, x := range raw {
		out = append(out, x.(map[string]any))
	}
	return out
}

func (r *response) id() int64 {
	r.t.Helper()
	f, ok := r.json["id"].(float64)
	if !ok {
		r.t.Fatalf("%s: no id in %s", r.req, r.body)
	}
	return int64(f)
}

// rawBody marks a request body sent exactly as given, not marshalled.
type rawBody string

// do sends one request through the whole middleware chain. Every answer
// is checked against the OpenAPI document (status documented, body
// matching its schema) and for unmasked phone numbers; the request of a
// successful answer must satisfy the document too, so the document can
// neither refuse what the server accepts nor describe answers it does not
// give.
func (e *env) do(method, target, token string, body any) *response {
	e.t.Helper()
	hdr := map[string]string{}
	var b []byte
	switch x := body.(type) {
	case nil:
	case rawBody:
		b = []byte(x)
	default:
		var err error
		if b, err = json.Marshal(x); err != nil {
			e.t.Fatal(err)
		}
	}
	if body != nil {
		hdr["Content-Type"] = "application/json"
	}
	if token != "" {
		hdr["Authorization"] = "Bearer " + token
	}
	return e.send(method, target, b, hdr)
}

// doWith sends a raw body with the given headers.
func (e *env) doWith(method, target, body string, hdr map[string]string) *response {
	e.t.Helper()
	return e.send(method, target, []byte(body), hdr)
}

func newRequest(method, target string, body []byte, hdr map[string]string) *http.Request {
	req := httptest.NewRequest(method, target, bytes.NewReader(body))
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return req
}

func (e *env) send(method, target string, body []byte, hdr map[string]string) *response {
	e.t.Helper()
	rec := httptest.NewRecorder()
	req := newRequest(method, target, body, hdr)
	e.h.ServeHTTP(rec, req)
	scanAnswer(e.t, req, body, rec)
	r := &response{t: e.t, req: method + " " + target, status: rec.Code, header: rec.Header(), body: rec.Body.Bytes()}
	if len(r.body) > 0 {
		if err := json.Unmarshal(r.body, &r.json); err != nil {
			e.t.Fatalf("%s: answer is not a JSON object: %v: %s", r.req, err, r.body)
		}
	}
	for _, p := range *e.phones {
		if bytes.Contains(r.body, []byte(p)) && !piitest.Exempt(req.URL.Path) {
			e.t.Errorf("%s: answer contains the unmasked phone %s: %s", r.req, p, r.body)
		}
	}
	if bytes.Contains(r.body, []byte("argon2")) || bytes.Contains(r.body, []byte("password_hash")) {
		e.t.Errorf("%s: answer contains a password hash: %s", r.req, r.body)
	}
	e.validate(newRequest(method, target, body, hdr), r)
	return r
}

func (e *env) validate(req *http.Request, r *response) {
	e.t.Helper()
	route, params, err := e.router.FindRoute(req)
	if err != nil {
		e.t.Errorf("%s: not in openapi.json: %v", r.req, err)
		return
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts}
	if r.status < 300 {
		if err := openapi3filter.ValidateRequest(e.ctx, in); err != nil {
			e.t.Errorf("%s: the server accepted a request openapi.json refuses: %v", r.req, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.status, Header: r.header,
		Body: io.NopCloser(bytes.NewReader(r.body)), Options: opts}
	if err := openapi3filter.ValidateResponse(e.ctx, out); err != nil {
		e.t.Errorf("%s: answer does not match openapi.json: %v", r.req, err)
	}
}

// message is a catalog message in the default language, for comparing
// with error answers.
func message(key string) string { return i18n.MustLoad().T(i18n.Default, key) }
