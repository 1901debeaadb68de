package summary

import (
	"strconv"
	"strings"
)

func itoa(n int) string { return strconv.Itoa(n) }

// percent writes a rate with one decimal, "—" when nothing was due.
func percent(r *float64) string {
	if r == nil {
		return "—"
	}
	return strconv.FormatFloat(*r*100, 'f', 1, 64) + "%"
}

// yuan writes whole yuan with thousands separators.
func yuan(n int64) string {
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && c != '-' && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// hours writes hours with at most one decimal.
func hours(h float64) string { return strconv.FormatFloat(h, 'f', -1, 64) }
