package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"pinghu/internal/account"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
)

// bodies are the input types the API decodes, each made fresh.
var bodies = map[string]func() any{
	"login":              func() any { return new(loginRequest) },
	"unit":               func() any { return new(org.Input) },
	"user":               func() any { return new(account.Input) },
	"enterprise":         func() any { return new(enterprise.Input) },
	"assignment":         func() any { return new(enterprise.Assignment) },
	"visit":              func() any { return new(visitBody) },
	"appeal":             func() any { return new(appeal.Input) },
	"appeal action":      func() any { return new(appeal.ActionInput) },
	"appeal category":    func() any { return new(appeal.CategoryInput) },
	"(a body too large)": func() any { return new(visitBody) },
}

// Whatever bytes come as a body, decoding never panics and either fails
// as malformed (400) with a message the catalog has — naming the field
// when it is about one — or yields a value that encodes and decodes back
// to itself.
func FuzzDecodeBody(f *testing.F) {
	for _, s := range []string{`{}`, `{"username":"leader","password":"x"}`, `{"name":"平湖","parent_id":1}`, `{"nope":1}`,
		`{"name":1}`, `{"date":"2022-05-26","form":"visit","people":[{"user_id":1},{"name":"x"}]}`, `{} {}`, `[]`, `null`,
		`{"title":"t","enterprise_id":"3"}`, `{"community_id":1e400}`, `{"status":"\ud800"}`, ``, `{"a":`, `{"above_scale":"yes"}`, `{"":"0"}`, `{} }`, `{}]`, "{}\n\t "} {
		f.Add([]byte(s))
	}
	cat := i18n.MustLoad()
	f.Fuzz(func(t *testing.T, data []byte) {
		for name, make := range bodies {
			v := make()
			r := httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(data))
			r.Header.Set("Content-Type", "application/json")
			if name == "(a body too large)" {
				r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 16)
			}
			err := edge.DecodeJSON(r, v)
			if err != nil {
				e := errs.As(err)
				if e.Code != errs.Malformed || !cat.Has(i18n.En, e.Message) {
					t.Fatalf("%s %q: %v", name, data, err)
				}
				for field, msg := range e.Fields {
					if field == "" || !cat.Has(i18n.En, msg) {
						t.Fatalf("%s %q: field problem %q=%q", name, data, field, msg)
					}
				}
				continue
			}
			if !json.Valid(data) {
				t.Fatalf("%s: accepted %q, not JSON", name, data)
			}
			enc, err := json.Marshal(v)
			if err != nil {
				t.Fatalf("%s %q: decoded value does not encode: %v", name, data, err)
			}
			back := make()
			r = httptest.NewRequest("POST", "/api/v1/x", bytes.NewReader(enc))
			if err := edge.DecodeJSON(r, back); err != nil || !reflect.DeepEqual(back, v) {
				t.Fatalf("%s %q: decoded %+v, encoded %s, decoded again %+v, %v", name, data, v, enc, back, err)
			}
		}
	})
}
