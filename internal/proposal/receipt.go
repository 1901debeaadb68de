package proposal

import (
	"crypto/rand"
	"strings"

	"pinghu/internal/errs"
)

// Receipt is the code a resident gets for a proposal, e.g.
// "JD-7KQ2-M9XF": the only key of the public status page. Eight random
// characters of Crockford's base32 (no I, L, O, U) give 2^40 codes, so
// that guessing one is hopeless, and it is short enough to write down.
type Receipt string

// receiptAlphabet is Crockford's base32.
const receiptAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

const receiptPrefix = "JD-"

// newReceipt draws a receipt from the system's random source.
func newReceipt() Receipt {
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
	return Receipt(out.String())
}

// ParseReceipt reads a receipt as people type it: any case, with or
// without the prefix and dashes, spaces around it, and the letters
// Crockford's base32 reads as digits (O as 0, I and L as 1). Anything
// else is invalid.
func ParseReceipt(s string) (Receipt, error) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = strings.NewReplacer("-", "", " ", "").Replace(s)
	// The prefix is taken off only when what stays is a whole body: "JD"
	// is also a body's first two letters (JD-JDD5-D8V7).
	if len(s) == len(receiptPrefix)-1+8 && strings.HasPrefix(s, "JD") {
		s = s[2:]
	}
	if len(s) != 8 {
		return "", errs.InvalidField("receipt", "err.proposal_receipt")
	}
	body := []byte(s)
	for i, c := range body {
		switch c {
		case 'O':
			c = '0'
		case 'I', 'L':
			c = '1'
		}
		if strings.IndexByte(receiptAlphabet, c) < 0 {
			return "", errs.InvalidField("receipt", "err.proposal_receipt")
		}
		body[i] = c
	}
	return Receipt(receiptPrefix + string(body[:4]) + "-" + string(body[4:])), nil
}
