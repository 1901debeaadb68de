package pii

import (
	"errors"
	"fmt"
	"strings"
)

// creditCodeAlphabet holds the 31 characters of GB 32100-2015 in the order
// of their values 0–30. I, O, Z, S and V are left out because they are
// easily confused with 1, 0, 2, 5 and U.
const creditCodeAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// CreditCodeCheckChar computes the check character of a 统一社会信用代码
// from its first 17 characters (lowercase letters are accepted). It reports
// false if first17 is not 17 characters of the code alphabet. It does not
// check the structure of the prefix; MakeCreditCode does.
func CreditCodeCheckChar(first17 string) (byte, bool) {
	if len(first17) != 17 {
		return 0, false
	}
	// Weight i is 3^i mod 31, as listed in GB 32100-2015.
	weights := [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, w := range weights {
		v := creditCodeValue(first17[i])
		if v < 0 {
			return 0, false
		}
		sum += v * w
	}
	// 31 - (sum mod 31), where 31 itself is written as 0.
	return creditCodeAlphabet[(31-sum%31)%31], true
}

// ValidCreditCode reports whether s is a valid 18-character 统一社会信用代码
// per GB 32100-2015: characters from the code alphabet (no I, O, Z, S, V;
// lowercase is accepted), an administrative division code of 6 digits in
// positions 3–8, and a check character matching CreditCodeCheckChar. The
// registration-authority and organisation-kind codes in positions 1 and 2
// are only checked against the alphabet: authorities have been added since
// the standard was published, and an out-of-date list would reject real
// organisations. Surrounding whitespace is not accepted; use
// NormalizeCreditCode on user input.
func ValidCreditCode(s string) bool {
	if len(s) != 18 || !allDigits(s[2:8]) {
		return false
	}
	want, ok := CreditCodeCheckChar(s[:17])
	return ok && upperASCII(s[17:]) == string(want)
}

// NormalizeCreditCode trims whitespace, folds full-width characters and
// upper-cases letters, giving the form in which codes are stored and
// compared. It does not validate.
func NormalizeCreditCode(s string) string {
	return upperASCII(strings.TrimSpace(foldWidth(s)))
}

// MakeCreditCode appends the check character to a 17-character prefix and
// returns the normalised 18-character code. It exists for generating demo
// and test data that passes validation; it returns an error if the prefix
// could never be part of a valid code.
func MakeCreditCode(prefix17 string) (string, error) {
	p := NormalizeCreditCode(prefix17)
	if len(p) != 17 {
		return "", fmt.Errorf("pii: credit code prefix must be 17 characters, got %d bytes", len(p))
	}
	if !allDigits(p[2:8]) {
		return "", errors.New("pii: credit code positions 3–8 must be a 6-digit division code")
	}
	c, ok := CreditCodeCheckChar(p)
	if !ok {
		return "", errors.New("pii: credit code prefix has a character outside 0-9 and A-Y without I, O, S, V, Z")
	}
	return p + string(c), nil
}

// creditCodeValue returns the value 0–30 of a code character, upper-casing
// ASCII letters, or -1 if it is not in the alphabet.
func creditCodeValue(c byte) int {
	if 'a' <= c && c <= 'z' {
		c -= 'a' - 'A'
	}
	return strings.IndexByte(creditCodeAlphabet, c)
}
