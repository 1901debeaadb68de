package appeal

import (
	"testing"
	"time"

	"pinghu/internal/errs"
)

// Dates come from query strings and bodies (from, to, as_of). Whatever
// the text, the readers agree with each other, accept only a canonical
// YYYY-MM-DD, and mean the right moments in China Standard Time.
func FuzzDates(f *testing.F) {
	for _, p := range [][2]string{{"2022-05-26", "2022-05-31"}, {"", "2022-05-31"}, {"2022-05-31", "2022-05-26"},
		{"2022-02-29", "2024-02-29"}, {"2022-5-26", "22-05-26"}, {"0000-01-01", "9999-12-31"}, {" 2022-05-26", "2022-05-26 "},
		{"2022-05-26T00:00:00Z", "+2022-05-26"}, {"2022-13-01", "2022-00-10"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, from, to string) {
		for _, s := range []string{from, to} {
			day, ok := parseDate(s)
			if !ok {
				if _, asOK := AsOfDate(s); asOK {
					t.Fatalf("AsOfDate(%q) accepted what parseDate refused", s)
				}
				continue
			}
			if dateOf(day) != s || day.Location() != cst || day.Hour() != 0 || day.Minute() != 0 || day.Nanosecond() != 0 {
				t.Fatalf("parseDate(%q) = %s: not the start of that day in CST", s, day)
			}
			asOf, asOK := AsOfDate(s)
			if !asOK || asOf.Location() != time.UTC || dateOf(asOf) != s || dateOf(asOf.Add(time.Microsecond)) == s {
				t.Fatalf("AsOfDate(%q) = %s, %v: not the last microsecond of that day", s, asOf, asOK)
			}
		}
		_, fromOK := parseDate(from)
		_, toOK := parseDate(to)
		lo, hi, ok := dateRange(from, to)
		if ok != ((from == "" || fromOK) && (to == "" || toOK)) {
			t.Fatalf("dateRange(%q, %q) ok %v", from, to, ok)
		}
		if ok && from != "" && to != "" && from <= to && lo >= hi {
			t.Fatalf("dateRange(%q, %q) = [%d, %d): empty", from, to, lo, hi)
		}
		// Zero means an open side, so a given date must never land on it.
		if ok && (from != "" && lo == 0 || to != "" && hi == 0) {
			t.Fatalf("dateRange(%q, %q) = [%d, %d): a given side reads as open", from, to, lo, hi)
		}
		fields := errs.Fields{}
		checkDates(fields, from, to)
		for name, msg := range fields {
			if name != "from" && name != "to" || msg == "" {
				t.Fatalf("checkDates(%q, %q) named %s=%q", from, to, name, msg)
			}
		}
		wantOK := ok && !(from != "" && to != "" && to < from)
		if (len(fields) == 0) != wantOK {
			t.Fatalf("checkDates(%q, %q) = %v, but the range reads ok=%v", from, to, fields, wantOK)
		}
	})
}
