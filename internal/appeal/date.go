package appeal

import (
	"time"

	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// cst is China Standard Time, in which dates are read ("appeals collected
// from 26 to 31 May") and deadlines fall.
var cst = i18n.Zone

// parseDate reads a YYYY-MM-DD date as the start of that day in CST.
func parseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, cst)
	return t, err == nil
}

// dateOf is the CST date of t.
func dateOf(t time.Time) string { return t.In(cst).Format(time.DateOnly) }

// AsOfDate turns a date such as the as_of parameter "2022-07-01" into the
// moment it means: the last microsecond of that day in CST, so that
// everything that happened on that day counts and nothing of the next.
func AsOfDate(date string) (time.Time, bool) {
	t, ok := parseDate(date)
	if !ok {
		return time.Time{}, false
	}
	return t.AddDate(0, 0, 1).Add(-time.Microsecond).UTC(), true
}

// dateRange turns inclusive CST dates into stored bounds [from, until):
// from is the start of the first day, until the start of the day after
// the last. An empty date leaves that side open (zero).
func dateRange(from, to string) (lo, hi int64, ok bool) {
	if from != "" {
		t, good := parseDate(from)
		if !good {
			return 0, 0, false
		}
		lo = t.UnixMicro()
	}
	if to != "" {
		t, good := parseDate(to)
		if !good {
			return 0, 0, false
		}
		hi = t.AddDate(0, 0, 1).UnixMicro()
	}
	return lo, hi, true
}

// checkDates adds a problem for a from or to that is not a date, or a to
// before from.
func checkDates(f errs.Fields, from, to string) {
	_, fromOK := parseDate(from)
	_, toOK := parseDate(to)
	if from != "" && !fromOK {
		f.Add("from", "err.bad_date")
	}
	if to != "" && !toOK {
		f.Add("to", "err.bad_date")
	}
	if from != "" && to != "" && fromOK && toOK && to < from {
		f.Add("to", "err.appeal_date_order")
	}
}
