package pii

import "strings"

// ValidMobile reports whether s is exactly a mainland China mobile number:
// 11 ASCII digits, the first 1 and the second 3–9. Numbers starting 10, 11
// or 12 are not mobile numbers (12 starts public service numbers such as
// 12345 and 12306). Carrier number segments are not checked: new ones are
// opened every few years, and a table of them would reject real
// subscribers. Prefixes and separators are not accepted here; use
// NormalizeMobile on user input.
func ValidMobile(s string) bool {
	return len(s) == 11 && allDigits(s) && s[0] == '1' && s[1] >= '3'
}

// NormalizeMobile turns a mobile number as people type it into the bare 11
// digits, and reports whether the result is a valid mobile number. It trims
// surrounding whitespace, folds full-width characters, and accepts an
// optional "+86" or "86" country code and spaces or hyphens between digits,
// as in "+86 138-0013-8000". Anything else (other country codes, "0086",
// brackets, letters) is rejected rather than guessed at.
func NormalizeMobile(s string) (string, bool) {
	s = strings.TrimSpace(foldWidth(s))
	plus := false
	if rest, ok := strings.CutPrefix(s, "+"); ok {
		plus, s = true, rest
	}
	if s == "" || !isDigit(s[0]) || !isDigit(s[len(s)-1]) {
		return "", false
	}
	digits := make([]byte, 0, 13)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			if len(digits) == 13 {
				return "", false
			}
			digits = append(digits, c)
		case c == ' ' || c == '-':
		default:
			return "", false
		}
	}
	d := string(digits)
	if len(d) == 13 && strings.HasPrefix(d, "86") {
		d = d[2:]
	} else if plus {
		return "", false
	}
	if !ValidMobile(d) {
		return "", false
	}
	return d, true
}

// MaskMobile masks a mobile number for display, keeping the first 3 and
// last 4 digits: "13800138000" → "138****8000". The first 3 identify the
// carrier and the last 4 let a person recognise their own number, which is
// the convention users expect. Any other string of 11 ASCII digits is
// masked the same way. Strings of another shape, including numbers with a
// country code or separators, keep only their last 2 characters; mask the
// bare digits from NormalizeMobile to get the usual form.
func MaskMobile(s string) string {
	if len(s) == 11 && allDigits(s) {
		return s[:3] + "****" + s[7:]
	}
	return maskFallback(s)
}
