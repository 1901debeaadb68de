package i18n

import (
	"math"
	"strconv"
	"strings"
)

// The numbers of pages and reports are written the same way in every
// language: digits with thousands separators, rates as percentages.

// Yuan writes whole yuan with thousands separators: 1,234,567.
func Yuan(n int64) string {
	s := strconv.FormatInt(n, 10)
	digits := strings.TrimPrefix(s, "-")
	var b strings.Builder
	if len(digits) < len(s) {
		b.WriteByte('-')
	}
	for i, c := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// Hours writes hours with at most one decimal: 304.7, 12.
func Hours(h float64) string { return strconv.FormatFloat(math.Round(h*10)/10, 'f', -1, 64) }

// Percent writes a rate (a fraction) as a percentage with one decimal,
// and "—" when there is none (nothing was due).
func Percent(rate *float64) string {
	if rate == nil {
		return "—"
	}
	return strconv.FormatFloat(*rate*100, 'f', 1, 64) + "%"
}
