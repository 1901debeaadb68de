package assessment

import "strconv"

// Ratio is a fraction shown with its parts. With a zero denominator it has
// no value, and the page says so rather than showing 0% or 100%.
type Ratio struct {
	Num int `json:"numerator"`
	Den int `json:"denominator"`
}

// Known reports whether the ratio has a value.
func (r Ratio) Known() bool { return r.Den > 0 }

// Value is Num/Den, 0 when unknown.
func (r Ratio) Value() float64 {
	if r.Den == 0 {
		return 0
	}
	return float64(r.Num) / float64(r.Den)
}

// Percent is the value as "87.5%", or "—" when unknown.
func (r Ratio) Percent() string {
	if r.Den == 0 {
		return "—"
	}
	return strconv.FormatFloat(r.Value()*100, 'f', 1, 64) + "%"
}

// Rates are the three fractions the reference shows. Pending items (not
// yet due) count in none of them: a cadre is not marked down for work
// whose time has not come.
type Rates struct {
	Milestones Ratio `json:"milestones_on_time_rate"`
	Notices    Ratio `json:"notices_on_time_rate"`
	Attendance Ratio `json:"attendance_rate"`
}

// RatesOf computes the rates from the parts, by Formula.
func RatesOf(p Parts) Rates {
	return Rates{
		Milestones: Ratio{Num: p.MilestonesOnTime, Den: p.MilestonesOnTime + p.MilestonesLate + p.MilestonesOverdue},
		Notices:    Ratio{Num: p.NoticesOnTime, Den: p.NoticesOnTime + p.NoticesLate + p.NoticesOverdue},
		Attendance: Ratio{Num: p.Attended, Den: p.Invited - p.OnLeave},
	}
}

// Formula is the message key of the formula text shown with the figures;
// the text states exactly what RatesOf computes.
const Formula = "assessment.formula"
