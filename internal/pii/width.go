package pii

import "strings"

// foldWidth maps the full-width forms of ASCII characters (U+FF01–U+FF5E)
// and the ideographic space (U+3000) to their ASCII equivalents. Chinese
// input methods in full-width mode produce "１３８００１３８０００" or
// "９１３５…", which look right on screen; rejecting them would give the user
// an error they cannot see the reason for.
func foldWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 0xFF01 && r <= 0xFF5E:
			return r - 0xFEE0
		case r == 0x3000:
			return ' '
		}
		return r
	}, s)
}
