package web

import "testing"

// The dashboard's rates: one decimal, and a dash, not 0%, when nothing
// was due.
func TestPercent(t *testing.T) {
	for _, c := range []struct {
		num, den int
		want     string
	}{
		{0, 0, "—"},
		{0, 4, "0.0%"},
		{4, 8, "50.0%"},
		{66, 84, "78.6%"},
		{2, 3, "66.7%"},
		{5, 5, "100.0%"},
	} {
		if got := percent(c.num, c.den); got != c.want {
			t.Errorf("percent(%d, %d) = %q, want %q", c.num, c.den, got, c.want)
		}
	}
}
