package api

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"sort"
)

// The API's OpenAPI 3.0.3 document is written by hand and kept honest by
// the tests: every route must be in it, everything in it must be a route,
// and real answers must match its schemas. openapi.json holds the
// foundation; each module adds a fragment, openapi/MODULE.json, with its
// own "paths" and "components.schemas", merged here once at start.
//
//go:embed openapi.json openapi
var openapiFS embed.FS

var openapiJSON = mustMergeOpenAPI()

func mustMergeOpenAPI() []byte {
	b, err := mergeOpenAPI(openapiFS)
	if err != nil {
		panic(err)
	}
	return b
}

func mergeOpenAPI(fsys fs.FS) ([]byte, error) {
	base, err := fs.ReadFile(fsys, "openapi.json")
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("openapi.json: %w", err)
	}
	parts, err := fs.Glob(fsys, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(parts)
	for _, p := range parts {
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		var frag map[string]any
		if err := json.Unmarshal(b, &frag); err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		for k := range frag {
			if k != "paths" && k != "components" {
				return nil, fmt.Errorf("%s: a fragment holds only paths and components, not %q", p, k)
			}
		}
		if err := mergeInto(doc, frag, "paths", p); err != nil {
			return nil, err
		}
		if comps, ok := frag["components"].(map[string]any); ok {
			docComps, _ := doc["components"].(map[string]any)
			if docComps == nil {
				docComps = map[string]any{}
				doc["components"] = docComps
			}
			for section := range comps {
				if err := mergeInto(docComps, comps, section, p); err != nil {
					return nil, err
				}
			}
		}
	}
	return json.MarshalIndent(doc, "", "  ")
}

// mergeInto adds the entries of src[key] to dst[key]; a name defined twice
// is an error, never a silent override.
func mergeInto(dst, src map[string]any, key, file string) error {
	add, ok := src[key].(map[string]any)
	if !ok {
		return nil
	}
	into, _ := dst[key].(map[string]any)
	if into == nil {
		into = map[string]any{}
		dst[key] = into
	}
	for name, v := range add {
		if _, dup := into[name]; dup {
			return fmt.Errorf("%s: %s %q is defined twice", file, key, name)
		}
		into[name] = v
	}
	return nil
}

// OpenAPI returns a copy of the merged document, for tools and tests.
func OpenAPI() []byte { return bytes.Clone(openapiJSON) }

func openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, _ = w.Write(openapiJSON)
}
