package pii_test

import (
	"testing"

	"pinghu/internal/pii"
)

func TestValidMobile(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"13800138000", true},
		{"19912345678", true},
		{"16612345678", true},
		{"14712345678", true},
		{"15000000000", true},
		{"12012345678", false}, // 12x is not a mobile range
		{"12912345678", false},
		{"11012345678", false},
		{"10012345678", false},
		{"23800138000", false}, // must start with 1
		{"1380013800", false},  // 10 digits
		{"138001380000", false},
		{"1380013800a", false},
		{"+8613800138000", false}, // prefixes only via NormalizeMobile
		{"138 0013 8000", false},
		{" 13800138000", false},
		{"１３８００１３８０００", false}, // full-width only via NormalizeMobile
		{"", false},
	}
	for _, tt := range tests {
		if got := pii.ValidMobile(tt.in); got != tt.want {
			t.Errorf("ValidMobile(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestNormalizeMobile(t *testing.T) {
	tests := []struct {
		in     string
		want   string
		wantOK bool
	}{
		{"13800138000", "13800138000", true},
		{"  13800138000\t", "13800138000", true},
		{"+8613800138000", "13800138000", true},
		{"8613800138000", "13800138000", true},
		{"+86 138 0013 8000", "13800138000", true},
		{"+86-138-0013-8000", "13800138000", true},
		{"86 13800138000", "13800138000", true},
		{"138-0013-8000", "13800138000", true},
		{"138 0013 8000", "13800138000", true},
		{"１３８００１３８０００", "13800138000", true}, // full-width IME input
		{"＋８６　１３８－００１３－８０００", "13800138000", true},
		{"+13800138000", "", false}, // '+' needs the country code
		{"+8513800138000", "", false},
		{"008613800138000", "", false},
		{"+86 12012345678", "", false}, // 12x
		{"12012345678", "", false},
		{"-13800138000", "", false},
		{"13800138000-", "", false},
		{"+ 86 13800138000", "", false},
		{"138_0013_8000", "", false},
		{"138.0013.8000", "", false},
		{"(+86) 13800138000", "", false},
		{"1380013800", "", false},
		{"138001380001", "", false},
		{"86861380013800", "", false},
		{"+86", "", false},
		{"+", "", false},
		{"", "", false},
		{"   ", "", false},
	}
	for _, tt := range tests {
		got, ok := pii.NormalizeMobile(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("NormalizeMobile(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestMaskMobile(t *testing.T) {
	tests := []struct{ in, want string }{
		{"13800138000", "138****8000"},
		{"19912345678", "199****5678"},
		{"12012345678", "120****5678"}, // any 11 digits get the usual form
		{"", ""},
		{"1", "1"},
		{"12", "12"},
		{"123", "*23"},
		{"1380013800", "********00"},
		{"+86 138 0013 8000", "***************00"},
		{"138-0013-8000", "***********00"},
		{"１３８００１３８０００", "*********００"},
		{"张三丰", "*三丰"},
	}
	for _, tt := range tests {
		got := pii.MaskMobile(tt.in)
		if got != tt.want {
			t.Errorf("MaskMobile(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkMasked(t, "MaskMobile", tt.in, got)
	}
}

func FuzzNormalizeMobile(f *testing.F) {
	for _, s := range []string{
		"13800138000", "+86 138-0013-8000", "8613800138000", "１３８００１３８０００",
		"12012345678", "+", "", "138 0013 8000", "\xff13800138000", "*******00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, ok := pii.NormalizeMobile(s)
		if ok {
			if len(n) != 11 || !pii.ValidMobile(n) {
				t.Fatalf("NormalizeMobile(%q) = %q, true: not a valid 11-digit mobile", s, n)
			}
			if again, ok := pii.NormalizeMobile(n); !ok || again != n {
				t.Fatalf("NormalizeMobile not idempotent: %q → %q → %q, %v", s, n, again, ok)
			}
			m := pii.MaskMobile(n)
			if want := n[:3] + "****" + n[7:]; m != want {
				t.Fatalf("MaskMobile(%q) = %q, want %q", n, m, want)
			}
			if !pii.ContainsUnmaskedMobile(n) {
				t.Fatalf("ContainsUnmaskedMobile(%q) = false for a valid mobile", n)
			}
			if pii.ContainsUnmaskedMobile(m) {
				t.Fatalf("ContainsUnmaskedMobile(%q) = true for a masked mobile", m)
			}
		} else if n != "" {
			t.Fatalf("NormalizeMobile(%q) = %q, false: want empty string", s, n)
		}
		if pii.ValidMobile(s) && (!ok || n != s) {
			t.Fatalf("NormalizeMobile(%q) = %q, %v for a valid mobile", s, n, ok)
		}
		checkMasked(t, "MaskMobile", s, pii.MaskMobile(s))
		// Any text holding a valid mobile is flagged; the scan must not panic.
		if pii.ValidMobile(s) && !pii.ContainsUnmaskedMobile(" "+s+" ") {
			t.Fatalf("ContainsUnmaskedMobile misses %q", s)
		}
	})
}
