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
