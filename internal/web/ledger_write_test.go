package web

import (
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
	} {
		if got := maskText(c.in); got != c.want {
			t.Errorf("maskText(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Whatever the text, nothing maskText returns holds a mobile number in
// full, and text without one comes back as it was.
func FuzzMaskText(f *testing.F) {
	for _, s := range []string{"13912345678", "139 1234 5678", "8613800138000", "a139-1234-5678b", "１３９12345678", "1391234567813912345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := maskText(s)
		if pii.ContainsUnmaskedMobile(got) {
			t.Fatalf("maskText(%q) = %q still holds a number", s, got)
		}
		if !pii.ContainsUnmaskedMobile(s) && got != s {
			t.Fatalf("maskText(%q) = %q changed text without a number", s, got)
		}
		if len(got) != len(s) {
			t.Fatalf("maskText(%q) = %q changed the length", s, got)
		}
	})
}

func TestContentDisposition(t *testing.T) {
	got := contentDisposition("appeals-20220701.xlsx", "诉求台账 (1)-20220701.xlsx")
	want := `attachment; filename="appeals-20220701.xlsx"; filename*=UTF-8''%E8%AF%89%E6%B1%82%E5%8F%B0%E8%B4%A6%20%281%29-20220701.xlsx`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
