package i18n_test

import (
	"testing"

	"pinghu/internal/i18n"
)

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {2000000, "2,000,000"}, {-1234567, "-1,234,567"}, {-100, "-100"}} {
		if got := i18n.Yuan(c.n); got != c.want {
			t.Errorf("Yuan(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	for _, c := range []struct {
		h    float64
		want string
	}{{0, "0"}, {12, "12"}, {1.5, "1.5"}, {304.68333333333334, "304.7"}, {2.04, "2"}} {
		if got := i18n.Hours(c.h); got != c.want {
			t.Errorf("Hours(%v) = %q, want %q", c.h, got, c.want)
		}
	}
	r := 0.97239
	for _, c := range []struct {
		r    *float64
		want string
	}{{nil, "—"}, {&r, "97.2%"}} {
		if got := i18n.Percent(c.r); got != c.want {
			t.Errorf("Percent = %q, want %q", got, c.want)
		}
	}
}
