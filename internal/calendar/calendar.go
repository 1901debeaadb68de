// Package calendar holds the working-day calendar: Monday to Friday work
// and weekends rest, except the public holidays and make-up working days
// (调休) that the State Council announces each year and an administrator
// keeps here. Deadlines counted in working days use it.
package calendar

import (
	"time"

	"pinghu/internal/i18n"
)

// Kinds of listed day.
const (
	Holiday = "holiday" // a weekday without work
	Workday = "workday" // a weekend day with work (调休)
)

// Day is one listed day.
type Day struct {
	Date string `json:"date"` // YYYY-MM-DD, China Standard Time
	Kind string `json:"kind"`
	Name string `json:"name"`
}

// Calendar answers which days are working days.
type Calendar struct {
	listed map[string]string // date → kind
}

// New builds a calendar from listed days.
func New(days []Day) Calendar {
	c := Calendar{listed: make(map[string]string, len(days))}
	for _, d := range days {
		c.listed[d.Date] = d.Kind
	}
	return c
}

// IsWorkday reports whether the date of t, in China Standard Time, is a
// working day.
func (c Calendar) IsWorkday(t time.Time) bool {
	t = t.In(i18n.Zone)
	switch c.listed[t.Format(time.DateOnly)] {
	case Holiday:
		return false
	case Workday:
		return true
	}
	wd := t.Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// AddWorkdays returns the end of the n-th working day after the day of t:
// counting starts the next day, and the deadline is midnight (China
// Standard Time) at the end of the last counted day. So an appeal received
// on a Monday with three working days is due at the end of Thursday, and
// one received on a Saturday is due at the end of Wednesday.
func (c Calendar) AddWorkdays(t time.Time, n int) time.Time {
	local := t.In(i18n.Zone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, i18n.Zone)
	for counted := 0; counted < n; {
		day = day.AddDate(0, 0, 1)
		if c.IsWorkday(day) {
			counted++
		}
	}
	return day.AddDate(0, 0, 1).UTC()
}

// Unit is how a time limit is counted.
type Unit string

const (
	Hours    Unit = "hours"
	Workdays Unit = "workdays"
)

// Limit is a time limit such as "24 hours" or "3 working days".
type Limit struct {
	N    int  `json:"n"`
	Unit Unit `json:"unit"`
}

// Valid reports whether the limit can be computed.
func (l Limit) Valid() bool { return l.N > 0 && l.N <= 1000 && (l.Unit == Hours || l.Unit == Workdays) }

// Due returns when something started at t is due under the limit.
func (c Calendar) Due(t time.Time, l Limit) time.Time {
	if l.Unit == Hours {
		return t.Add(time.Duration(l.N) * time.Hour).UTC()
	}
	return c.AddWorkdays(t, l.N)
}
