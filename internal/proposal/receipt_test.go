package proposal

import (
	"strings"
	"testing"
)

func TestParseReceipt(t *testing.T) {
	for _, c := range []struct {
		in, want string
	}{
		{"JD-7KQ2-M9XF", "JD-7KQ2-M9XF"},
		{" jd-7kq2-m9xf ", "JD-7KQ2-M9XF"},
		{"7KQ2M9XF", "JD-7KQ2-M9XF"},
		{"JD 7KQ2 M9XF", "JD-7KQ2-M9XF"},
		{"JD-OKQ2-M9XI", "JD-0KQ2-M9X1"}, // O reads as 0, I as 1
		{"JD-7KQ2-M9X", ""},
		{"JD-7KQ2-M9XFF", ""},
		{"JD-7KQ2-M9XU", ""}, // U is not in the alphabet
		{"JD-7KQ2-M9X%", ""},
		{"", ""},
		{"JD-", ""},
		{"JD-JDD5-D8V7", "JD-JDD5-D8V7"}, // a body that itself starts with JD
		{"jdd5d8v7", "JD-JDD5-D8V7"},
		{"JDJD-JDD5-D8V7", ""},
	} {
		got, err := ParseReceipt(c.in)
		if string(got) != c.want || (err != nil) != (c.want == "") {
			t.Errorf("ParseReceipt(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	for range 100 {
		r := newReceipt()
		if got, err := ParseReceipt(string(r)); err != nil || got != r {
			t.Fatalf("new receipt %q parses as %q, %v", r, got, err)
		}
	}
}

func FuzzParseReceipt(f *testing.F) {
	for _, s := range []string{"JD-7KQ2-M9XF", "jd7kq2m9xf", "JD--", "ＪＤ-1234-5678", "JD-OOOO-IIII"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			return
		}
		// A parsed receipt is canonical: it parses to itself.
		if len(r) != 12 || !strings.HasPrefix(string(r), "JD-") || r[7] != '-' {
			t.Fatalf("ParseReceipt(%q) = %q", s, r)
		}
		again, err := ParseReceipt(string(r))
		if err != nil || again != r {
			t.Fatalf("%q reparses as %q, %v", r, again, err)
		}
	})
}
