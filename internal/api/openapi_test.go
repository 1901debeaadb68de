package api_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"pinghu/internal/api"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/edge"
)

// TestOpenAPIMatchesRoutes holds the document and the route table to each
// other in both directions, including who may call each operation.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	doc := loadDoc(t)
	if doc.OpenAPI != "3.0.3" {
		t.Errorf("openapi = %q, want 3.0.3", doc.OpenAPI)
	}
	if _, ok := doc.Components.SecuritySchemes["bearerAuth"]; !ok {
		t.Error("no bearerAuth security scheme")
	}
	if s := doc.Components.Schemas["Error"]; s == nil || s.Value.Properties["error"] == nil {
		t.Error("no Error schema with an error object")
	}

	routes := map[string]edge.Route{}
	for _, rt := range (&api.API{}).Routes() {
		if !rt.API {
			t.Errorf("%s is not marked API: it would redirect to the login page instead of answering 401", rt.Key())
		}
		path, ok := strings.CutPrefix(rt.Pattern, api.Prefix)
		if !ok {
			t.Errorf("%s is outside %s", rt.Key(), api.Prefix)
			continue
		}
		key := rt.Method + " " + path
		if _, dup := routes[key]; dup {
			t.Errorf("%s registered twice", rt.Key())
		}
		routes[key] = rt
		item := doc.Paths.Value(path)
		if item == nil {
			t.Errorf("%s: path %s is not in openapi.json", rt.Key(), path)
			continue
		}
		op := item.GetOperation(rt.Method)
		if op == nil {
			t.Errorf("%s: no %s operation on %s in openapi.json", rt.Key(), rt.Method, path)
			continue
		}
		// A public route declares "security": []; every other operation
		// inherits the document's bearerAuth requirement.
		public := op.Security != nil && len(*op.Security) == 0
		if public != (rt.Access == edge.Public) {
			t.Errorf("%s: public in openapi.json = %v, in the route table = %v", rt.Key(), public, rt.Access == edge.Public)
		}
		if rt.Access == edge.Signed && op.Responses.Status(http.StatusUnauthorized) == nil {
			t.Errorf("%s: signed but 401 is not documented", rt.Key())
		}
		if strings.Contains(path, "{id}") && op.Responses.Status(http.StatusNotFound) == nil {
			t.Errorf("%s: takes an id but 404 is not documented", rt.Key())
		}
	}

	var documented []string
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented = append(documented, method+" "+path)
			if _, ok := routes[method+" "+path]; !ok {
				t.Errorf("openapi.json documents %s %s, which is not a route", method, path)
			}
		}
	}
	if len(documented) != len(routes) {
		sort.Strings(documented)
		t.Errorf("%d operations documented, %d routes: %v", len(documented), len(routes), documented)
	}
}

// TestOpenAPIServed checks the document the server hands out.
func TestOpenAPIServed(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.do(http.MethodGet, "/api/v1/openapi.json", "", nil).want(http.StatusOK)
		if !bytes.Equal(r.body, api.OpenAPI()) {
			t.Error("the served document is not the embedded one")
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type %q", ct)
		}
	})
}

// TestOpenAPIValidationBites makes sure the response check the other tests
// rely on does fail on a wrong answer: a leaked field, a missing one, an
// undocumented status.
func TestOpenAPIValidationBites(t *testing.T) {
	router, err := gorillamux.NewRouter(loadDoc(t))
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/users/7", nil)
	route, params, err := router.FindRoute(req)
	if err != nil {
		t.Fatal(err)
	}
	if params["id"] != "7" {
		t.Errorf("path params %v", params)
	}
	good := `{"id":7,"username":"a.b","display_name":"A","phone":"138****8000","role":"dept","unit_id":2,"unit_name":"x","active":true}`
	cases := []struct {
		name   string
		status int
		body   string
		ok     bool
	}{
		{"good", http.StatusOK, good, true},
		{"leaked field", http.StatusOK, strings.Replace(good, `"active":true`, `"active":true,"password_hash":"x"`, 1), false},
		{"missing field", http.StatusOK, strings.Replace(good, `"phone":"138****8000",`, "", 1), false},
		{"unknown role", http.StatusOK, strings.Replace(good, `"dept"`, `"king"`, 1), false},
		{"error shape", http.StatusNotFound, `{"error":{"code":"not_found","message":"x"}}`, true},
		{"bad error shape", http.StatusNotFound, `{"code":"not_found"}`, false},
		{"undocumented status", http.StatusTeapot, `{}`, false},
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true}
	for _, tc := range cases {
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
			Status:                 tc.status,
			Header:                 http.Header{"Content-Type": {"application/json; charset=utf-8"}},
			Body:                   io.NopCloser(strings.NewReader(tc.body)),
			Options:                opts,
		}
		err := openapi3filter.ValidateResponse(context.Background(), in)
		if (err == nil) != tc.ok {
			t.Errorf("%s: validation error %v, want ok = %v", tc.name, err, tc.ok)
		}
	}
}
