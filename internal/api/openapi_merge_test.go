package api

import (
	"strings"
	"testing"
	"testing/fstest"
)

func TestMergeOpenAPIRefusesDuplicates(t *testing.T) {
	base := `{"openapi":"3.0.3","paths":{"/a":{}},"components":{"schemas":{"A":{}}}}`
	cases := []struct {
		name, frag, want string
	}{
		{"new path", `{"paths":{"/b":{}}}`, ""},
		{"duplicate path", `{"paths":{"/a":{}}}`, `paths "/a" is defined twice`},
		{"duplicate schema", `{"components":{"schemas":{"A":{}}}}`, `schemas "A" is defined twice`},
		{"stray key", `{"info":{}}`, `not "info"`},
		{"broken json", `{`, "openapi/m.json"},
	}
	for _, c := range cases {
		_, err := mergeOpenAPI(fstest.MapFS{"openapi.json": {Data: []byte(base)}, "openapi/m.json": {Data: []byte(c.frag)}})
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
