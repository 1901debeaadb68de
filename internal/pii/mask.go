package pii

import (
	"strings"
	"unicode/utf8"
)

// maskRunes replaces every character of s except the first head and the
// last tail with '*'. It counts characters, not bytes, so that masking a
// name or an address never cuts a UTF-8 sequence in half; an invalid byte
// counts as one character, as in a range loop. Kept characters are copied
// byte for byte. If head+tail covers the whole string, s is returned as is.
func maskRunes(s string, head, tail int) string {
	n := utf8.RuneCountInString(s)
	if head+tail >= n {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for idx, off := 0, 0; off < len(s); idx++ {
		_, size := utf8.DecodeRuneInString(s[off:])
		if idx < head || idx >= n-tail {
			b.WriteString(s[off : off+size])
		} else {
			b.WriteByte('*')
		}
		off += size
	}
	return b.String()
}

// maskFallback masks a value that does not have the shape its mask
// function expects: everything but the last two characters. Two characters
// are enough for a person to tell their own records apart and too few to
// identify anyone. Strings of up to two characters carry nothing worth
// hiding and are returned unchanged.
func maskFallback(s string) string {
	return maskRunes(s, 0, 2)
}
