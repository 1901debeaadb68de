package pii

// Kind names the sort of identifier FindUnmasked reports.
type Kind string

const (
	KindMobile Kind = "mobile"
	KindIDCard Kind = "id_card"
)

// Match is one unmasked identifier in a text: its kind, the bytes
// [Start, End) it covers, and the bytes [hideFrom, hideTo) that its mask
// replaces with '*' (the middle of a mobile number, the birth date of an ID
// number).
type Match struct {
	Kind             Kind
	Start, End       int
	hideFrom, hideTo int
}

// Masked returns the match in s as MaskText would show it, for reporting a
// leak without repeating it.
func (m Match) Masked(s string) string {
	b := []byte(s[m.Start:m.End])
	star(b, m.hideFrom-m.Start, m.hideTo-m.Start)
	return string(b)
}

// ContainsUnmaskedMobile reports whether text of any kind (HTML, JSON, CSV,
// log lines) contains a valid mobile number that has not been masked. It
// exists for tests that scan everything the system outputs for leaks, so it
// errs towards reporting. It finds
//
//   - a run of exactly 11 ASCII digits that is a valid mobile number; a run
//     that is part of a longer digit run (an order number, a timestamp) or
//     touches an ASCII letter (a hash, a request id, a token) is not one;
//   - a run of exactly 13 digits that is "86" followed by a valid mobile
//     number, as in "+8613800138000";
//   - the grouped form "138 0013 8000" or "138-0013-8000", with the same
//     separator twice.
//
// A masked number such as "138****8000" breaks the digit run and is not
// reported.
func ContainsUnmaskedMobile(s string) bool { return mobiles(s, true) != nil }

// ContainsUnmaskedIDCard reports whether text of any kind contains a
// 居民身份证号码 that has not been masked: a run of exactly 18 ASCII letters
// and digits (not part of a longer one) that has a matching check character
// and a real birth date from 1900 on. The birth date is checked because 1 in
// 11 random 18-digit numbers has a matching check character; it is not
// compared with today, so that the result does not depend on the clock.
// Characters outside ASCII, such as Chinese text, end a run, so
// "身份证号11010519491231002X" is found.
func ContainsUnmaskedIDCard(s string) bool { return idCards(s, true) != nil }

// FindUnmasked returns every mobile number and ID number in s that
// ContainsUnmaskedMobile and ContainsUnmaskedIDCard would report, mobile
// numbers first.
func FindUnmasked(s string) []Match {
	return append(mobiles(s, false), idCards(s, false)...)
}

// MaskText masks every mobile number and ID number in free text — an appeal
// someone typed a number into, a note, a log line — as MaskMobile and
// MaskIDCard do for a field: 139****5678, 139 **** 5678, 110105********002X.
// Only ASCII digits are replaced, one for one, so the length, the encoding
// and the markup around a number (HTML, CSV) stay as they were.
func MaskText(s string) string {
	ms := FindUnmasked(s)
	if len(ms) == 0 {
		return s
	}
	b := []byte(s)
	for _, m := range ms {
		star(b, m.hideFrom, m.hideTo)
	}
	return string(b)
}

// star replaces the ASCII digits and letters of b[from:to] with '*'.
func star(b []byte, from, to int) {
	for k := from; k < to; k++ {
		if isAlnum(b[k]) {
			b[k] = '*'
		}
	}
}

// mobiles finds the unmasked mobile numbers in s; with first it stops at
// the first.
func mobiles(s string, first bool) []Match {
	var out []Match
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := digitRunEnd(s, i)
		var m Match
		if i > 0 && isLetter(s[i-1]) {
			i = j
			continue
		}
		switch run := s[i:j]; len(run) {
		case 11:
			if ValidMobile(run) {
				m = Match{KindMobile, i, j, i + 3, i + 7}
			}
		case 13:
			if run[:2] == "86" && ValidMobile(run[2:]) {
				m = Match{KindMobile, i, j, i + 5, i + 9}
			}
		case 3:
			if end := groupedMobile(s, i, j); end > 0 {
				m = Match{KindMobile, i, end, j + 1, j + 5}
				j = end
			}
		}
		if m.Kind != "" && (m.End == len(s) || !isLetter(s[m.End])) {
			out = append(out, m)
			if first {
				return out
			}
		}
		i = j
	}
	return out
}

// groupedMobile reports where a mobile number written as 3-4-4 digits
// separated by the same space or hyphen ends, if the 3-digit run s[i:j]
// starts one, and 0 otherwise.
func groupedMobile(s string, i, j int) int {
	if j+10 > len(s) {
		return 0
	}
	sep := s[j]
	if sep != ' ' && sep != '-' {
		return 0
	}
	k := digitRunEnd(s, j+1)
	if k != j+5 || k >= len(s) || s[k] != sep {
		return 0
	}
	l := digitRunEnd(s, k+1)
	if l != k+5 || !ValidMobile(s[i:j]+s[j+1:k]+s[k+1:l]) {
		return 0
	}
	return l
}

// idCards finds the unmasked ID numbers in s; with first it stops at the
// first.
func idCards(s string, first bool) []Match {
	var out []Match
	for i := 0; i < len(s); {
		if !isAlnum(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isAlnum(s[j]) {
			j++
		}
		if j-i == 18 && idCardShape(s[i:j]) {
			out = append(out, Match{KindIDCard, i, j, i + 6, i + 14})
			if first {
				return out
			}
		}
		i = j
	}
	return out
}

// digitRunEnd returns the index just past the run of ASCII digits that
// starts at i.
func digitRunEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
