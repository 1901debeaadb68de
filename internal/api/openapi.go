package api

import (
	"bytes"
	_ "embed"
	"net/http"
)

// openapiJSON is the API's OpenAPI 3.0.3 document. It is written by hand
// and kept honest by the tests: every route must be in it, everything in
// it must be a route, and real answers must match its schemas.
//
//go:embed openapi.json
var openapiJSON []byte

// OpenAPI returns a copy of the embedded document, for tools and tests.
func OpenAPI() []byte { return bytes.Clone(openapiJSON) }

func openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(openapiJSON)
}
