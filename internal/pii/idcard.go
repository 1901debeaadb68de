package pii

import (
	"strings"
	"time"
	"unicode/utf8"
)

// idCardCheckChars maps the weighted sum mod 11 to the check character of
// GB 11643-1999 (ISO 7064 MOD 11-2): the check value is (12 - sum) mod 11,
// and the value 10 is written as X.
const idCardCheckChars = "10X98765432"

// IDCardCheckChar computes the check character (0–9 or X) of a 居民身份证号码
// from its first 17 characters, which must be ASCII digits. It reports false
// if first17 is not exactly 17 digits.
func IDCardCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 || !allDigits(first17) {
		return 0, false
	}
	// Weight i is 2^(17-i) mod 11, the ISO 7064 MOD 11-2 weights, as listed
	// in GB 11643-1999.
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(first17[i]-'0') * w
	}
	return idCardCheckChars[sum%11], true
}

// ValidIDCard reports whether s is a valid 18-character 居民身份证号码 per
// GB 11643-1999: 17 digits and a check character that matches
// IDCardCheckChar (a lowercase x is accepted for X), with a birth date in
// positions 7–14 that is a real calendar date from 1900-01-01 up to and
// including today's date. today is a parameter so that tests do not depend
// on the clock; its calendar date is taken in its own location. The first
// six digits (the administrative division at first registration) are not
// checked: divisions are renamed and merged, but the numbers stay valid.
// The 15-digit numbers issued before 1999 are not accepted.
func ValidIDCard(s string, today time.Time) bool {
	if !idCardShape(s) {
		return false
	}
	y, m, d := today.Date()
	return s[6:14] <= dateDigits(y, m, d)
}

// NormalizeIDCard trims whitespace, folds full-width characters and
// upper-cases a trailing x, so that what a user typed can be validated,
// stored and compared in one form. It does not validate.
func NormalizeIDCard(s string) string {
	return upperASCII(strings.TrimSpace(foldWidth(s)))
}

// MaskIDCard masks a 居民身份证号码 for display, keeping the first 6 and the
// last 4 characters: "440307199001011234" → "440307********1234". The birth
// date is always hidden; the division code and the last four are what staff
// use to confirm an identity over the phone. The old 15-digit numbers are
// masked the same way (6 + 5 masked + 4). Strings of any other length keep
// only their last 2 characters.
func MaskIDCard(s string) string {
	switch utf8.RuneCountInString(s) {
	case 18, 15:
		return maskRunes(s, 6, 4)
	}
	return maskFallback(s)
}

// idCardShape reports whether s is an 18-character ID number with a
// matching check character and a birth date that is a real date no earlier
// than 1900-01-01. It does not look at the clock.
func idCardShape(s string) bool {
	if len(s) != 18 {
		return false
	}
	want, ok := IDCardCheckChar(s[:17])
	if !ok {
		return false
	}
	got := s[17]
	if got == 'x' {
		got = 'X'
	}
	return got == want && validBirthDate(s[6:14])
}

// validBirthDate reports whether the 8 digits YYYYMMDD form a real calendar
// date (19990230 does not) in 1900 or later. A year before 1900 is far more
// likely a slip of the keyboard (1880 for 1980) than a living person.
func validBirthDate(s string) bool {
	if len(s) != 8 || !allDigits(s) {
		return false
	}
	y := atoi(s[:4])
	m := atoi(s[4:6])
	d := atoi(s[6:8])
	if y < 1900 || m < 1 || m > 12 || d < 1 {
		return false
	}
	// Day 0 of the next month is the last day of this one.
	last := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	return d <= last
}

// dateDigits formats a date as YYYYMMDD, which for four-digit years sorts
// in date order as a string.
func dateDigits(y int, m time.Month, d int) string {
	if y > 9999 {
		return "99991231"
	}
	if y < 0 {
		return "00000000"
	}
	// #nosec G115 -- each digit is 0…9: y is within 0…9999 (checked above), m and d are a date's.
	b := []byte{
		byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10),
		byte('0' + int(m)/10), byte('0' + int(m)%10),
		byte('0' + d/10), byte('0' + d%10),
	}
	return string(b)
}
