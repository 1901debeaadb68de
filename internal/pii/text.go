package pii

// ContainsUnmaskedMobile reports whether text of any kind (HTML, JSON, CSV,
// log lines) contains a valid mobile number that has not been masked. It
// exists for tests that scan everything the system outputs for leaks, so it
// errs towards reporting. It finds
//
//   - a run of exactly 11 ASCII digits that is a valid mobile number; a run
//     that is part of a longer digit run (an order number, a timestamp) is
//     not one;
//   - a run of exactly 13 digits that is "86" followed by a valid mobile
//     number, as in "+8613800138000";
//   - the grouped form "138 0013 8000" or "138-0013-8000", with the same
//     separator twice.
//
// A masked number such as "138****8000" breaks the digit run and is not
// reported.
func ContainsUnmaskedMobile(s string) bool {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := digitRunEnd(s, i)
		switch run := s[i:j]; len(run) {
		case 11:
			if ValidMobile(run) {
				return true
			}
		case 13:
			if run[:2] == "86" && ValidMobile(run[2:]) {
				return true
			}
		case 3:
			if groupedMobile(s, i, j) {
				return true
			}
		}
		i = j
	}
	return false
}

// groupedMobile reports whether the 3-digit run s[i:j] starts a mobile
// number written as 3-4-4 digits separated by the same space or hyphen.
func groupedMobile(s string, i, j int) bool {
	if j+10 > len(s) {
		return false
	}
	sep := s[j]
	if sep != ' ' && sep != '-' {
		return false
	}
	k := digitRunEnd(s, j+1)
	if k != j+5 || k >= len(s) || s[k] != sep {
		return false
	}
	l := digitRunEnd(s, k+1)
	if l != k+5 {
		return false
	}
	return ValidMobile(s[i:j] + s[j+1:k] + s[k+1:l])
}

// ContainsUnmaskedIDCard reports whether text of any kind contains a
// 居民身份证号码 that has not been masked: a run of exactly 18 ASCII letters
// and digits (not part of a longer one) that has a matching check character
// and a real birth date from 1900 on. The birth date is checked because 1 in
// 11 random 18-digit numbers has a matching check character; it is not
// compared with today, so that the result does not depend on the clock.
// Characters outside ASCII, such as Chinese text, end a run, so
// "身份证号11010519491231002X" is found.
func ContainsUnmaskedIDCard(s string) bool {
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
			return true
		}
		i = j
	}
	return false
}

// digitRunEnd returns the index just past the run of ASCII digits that
// starts at i.
func digitRunEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}
