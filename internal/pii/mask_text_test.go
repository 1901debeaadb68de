package pii_test

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"testing"

	"pinghu/internal/pii"
)

func TestMaskText(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"请回电 13912345678", "请回电 139****5678"},
		{"电话13912345678或13800138000。", "电话139****5678或138****8000。"},
		{"+8613912345678", "+86139****5678"},
		{"139 1234 5678", "139 **** 5678"},
		{"139-1234-5678", "139-****-5678"},
		{"139-1234 5678", "139-1234 5678"},                     // two different separators: not a number
		{"订单号 2022052613912345678", "订单号 2022052613912345678"}, // part of a longer run
		{"12345678901", "12345678901"},                         // not a mobile number
		{"139****5678", "139****5678"},
		{"=1+1", "=1+1"},
		{"身份证号11010519491231002X。", "身份证号110105********002X。"},
		{"id=11010519491231002x&m=13800138000", "id=110105********002x&m=138****8000"},
		{"440307199001011234", "440307199001011234"}, // wrong check digit: not an ID number
		{"<td>440307199001011232</td>", "<td>440307********1232</td>"},
	} {
		if got := pii.MaskText(c.in); got != c.want {
			t.Errorf("MaskText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFindUnmasked(t *testing.T) {
	s := "a 13800138000, b 11010519491231002X, c 139 1234 5678, d 138****8000"
	ms := pii.FindUnmasked(s)
	var got []string
	for _, m := range ms {
		got = append(got, string(m.Kind)+"@"+s[m.Start:m.End]+"→"+m.Masked(s))
	}
	want := []string{"mobile@13800138000→138****8000", "mobile@139 1234 5678→139 **** 5678",
		"id_card@11010519491231002X→110105********002X"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("FindUnmasked:\n got %q\nwant %q", got, want)
	}
}

func TestMaskJSON(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`{"a":"13800138000"}`, `{"a":"138****8000"}`},
		{`{"n":13800138000,"s":"x 13800138000"}`, `{"n":13800138000,"s":"x 138****8000"}`}, // a JSON number stays a number
		{`{"d":"\n11010519491231002X"}`, `{"d":"\n110105********002X"}`},
		{`{"d":"a\"13800138000\""}`, `{"d":"a\"138****8000\""}`},
		{`{"k":"13800138000号"}`, `{"k":"138****8000号"}`},
		{`{"hash":"0a13800138000b"}`, `{"hash":"0a13800138000b"}`}, // a hex token is not a number
		{`{"ok":true}`, `{"ok":true}`},
	} {
		got := string(pii.MaskJSON([]byte(c.in)))
		if got != c.want {
			t.Errorf("MaskJSON(%s) = %s, want %s", c.in, got, c.want)
		}
		if !json.Valid([]byte(got)) {
			t.Errorf("MaskJSON(%s) = %s is not JSON", c.in, got)
		}
	}
}

func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	l := slog.New(pii.LogHandler(slog.NewJSONHandler(&buf, nil))).With("who", "13800138000")
	l.Info("call 13912345678", "id", "11010519491231002X", slog.Group("g", "m", "+86 139 1234 5678"),
		"err", errString("refused 13700137000"), "n", 13800138000)
	out := buf.String()
	if pii.ContainsUnmaskedIDCard(out) || strings.Contains(out, "13800138000\"") || strings.Contains(out, "13912345678") ||
		strings.Contains(out, "13700137000") || strings.Contains(out, "1234 5678") {
		t.Errorf("log line holds a number: %s", out)
	}
	for _, s := range []string{"139****5678", "110105********002X", "137****7000", "138****8000"} {
		if !strings.Contains(out, s) {
			t.Errorf("log line lacks %s: %s", s, out)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

// Whatever the text, nothing MaskText returns holds a number in full, and
// text without one comes back as it was, with its length.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{"13912345678", "139 1234 5678", "8613800138000", "a139-1234-5678b", "１３９12345678",
		"1391234567813912345678", "11010519491231002X", "11010519491231002X13912345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := pii.MaskText(s)
		if len(pii.FindUnmasked(got)) > 0 {
			t.Fatalf("MaskText(%q) = %q still holds a number", s, got)
		}
		if len(pii.FindUnmasked(s)) == 0 && got != s {
			t.Fatalf("MaskText(%q) = %q changed text without a number", s, got)
		}
		if len(got) != len(s) {
			t.Fatalf("MaskText(%q) = %q changed the length", s, got)
		}
		doc, _ := json.Marshal(map[string]string{"s": s})
		masked := pii.MaskJSON(doc)
		if !json.Valid(masked) || len(pii.FindUnmasked(pii.JSONStrings(masked))) > 0 {
			t.Fatalf("MaskJSON(%s) = %s", doc, masked)
		}
	})
}
