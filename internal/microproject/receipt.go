package microproject

import (
	"crypto/rand"
	"strings"
)

// A receipt is the code a resident gets for a proposed project, e.g.
// "WS-7KQ2-M9XF": eight random characters of Crockford's base32, like a
// proposal's, with the prefix of 微实事.
const (
	receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	receiptPrefix   = "WS-"
)

// newReceipt draws a receipt from the system's random source.
func newReceipt() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	var out strings.Builder
	out.WriteString(receiptPrefix)
	for i, c := range b {
		if i == 4 {
			out.WriteByte('-')
		}
		out.WriteByte(receiptAlphabet[int(c)%len(receiptAlphabet)])
	}
	return out.String()
}

// normalReceipt reads a receipt as people type it: any case, spaces
// around it, with or without the prefix and the dash; "" when it cannot be
// one.
func normalReceipt(s string) string {
	s = strings.NewReplacer("-", "", " ", "").Replace(strings.ToUpper(strings.TrimSpace(s)))
	if len(s) == len(receiptPrefix)-1+8 && strings.HasPrefix(s, "WS") {
		s = s[2:]
	}
	if len(s) != 8 {
		return ""
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte(receiptAlphabet, s[i]) < 0 {
			return ""
		}
	}
	return receiptPrefix + s[:4] + "-" + s[4:]
}
