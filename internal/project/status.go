package project

import "time"

// Status is a project's state as of a date, computed, never stored.
type Status string

const (
	OnTrack Status = "on_track"
	AtRisk  Status = "at_risk"
	Overdue Status = "overdue"
	Done    Status = "done"
)

// Statuses in the order pages show them.
var Statuses = []Status{OnTrack, AtRisk, Overdue, Done}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s == OnTrack || s == AtRisk || s == Overdue || s == Done }

// The thresholds of the at-risk rule.
const (
	// BehindPoints is how far the reported percent may lag the share of
	// the planned time already spent before the project is at risk.
	BehindPoints = 20
	// ReportGapDays is how long a started project may go without a report.
	ReportGapDays = 45
)

// Facts are what the status depends on; dates are YYYY-MM-DD.
type Facts struct {
	StartDate, TargetDate, ClosedDate string
	Milestones                        []Milestone
	Reports                           []Report
}

// Compute is the status of a project as of the date asOf (YYYY-MM-DD),
// looking only at what was true on that date. The first rule that holds
// wins:
//
//  1. done: the project was closed on or before asOf;
//  2. overdue: its target date is before asOf, or a milestone was due
//     before asOf and was not done by asOf;
//  3. at risk, once started (start date on or before asOf): the latest
//     report up to asOf shows a percent more than BehindPoints points
//     behind the elapsed share of the planned time (asOf − start over
//     target − start, as a percent), or no report was made in the last
//     ReportGapDays days (counting from the start when there is none);
//  4. on track otherwise.
//
// Compute is pure: the same facts and date give the same status.
func Compute(f Facts, asOf string) Status {
	if f.ClosedDate != "" && f.ClosedDate <= asOf {
		return Done
	}
	if f.TargetDate < asOf {
		return Overdue
	}
	for _, m := range f.Milestones {
		if MilestoneOverdue(m, asOf) {
			return Overdue
		}
	}
	if f.StartDate > asOf {
		return OnTrack
	}
	var latest *Report
	for i := range f.Reports {
		r := &f.Reports[i]
		if r.ReportDate > asOf {
			continue
		}
		if latest == nil || r.ReportDate > latest.ReportDate || (r.ReportDate == latest.ReportDate && r.ID > latest.ID) {
			latest = r
		}
	}
	since := f.StartDate
	if latest != nil {
		since = latest.ReportDate
	}
	if days(since, asOf) > ReportGapDays {
		return AtRisk
	}
	if latest != nil && ElapsedPercent(f.StartDate, f.TargetDate, asOf)-latest.Percent > BehindPoints {
		return AtRisk
	}
	return OnTrack
}

// MilestoneOverdue reports whether m was due before asOf and not done by
// asOf.
func MilestoneOverdue(m Milestone, asOf string) bool {
	return m.DueDate < asOf && (m.DoneDate == "" || m.DoneDate > asOf)
}

// ElapsedPercent is the share of the planned time from start to target
// spent by asOf, from 0 to 100.
func ElapsedPercent(start, target, asOf string) int {
	total := days(start, target)
	if total <= 0 {
		if asOf >= target {
			return 100
		}
		return 0
	}
	n := days(start, asOf)
	switch {
	case n <= 0:
		return 0
	case n >= total:
		return 100
	}
	return n * 100 / total
}

// days is the number of days from a to b (negative when b is earlier);
// 0 when either is not a date.
func days(a, b string) int {
	ta, err1 := time.Parse(time.DateOnly, a)
	tb, err2 := time.Parse(time.DateOnly, b)
	if err1 != nil || err2 != nil {
		return 0
	}
	return int(tb.Sub(ta).Hours() / 24)
}
