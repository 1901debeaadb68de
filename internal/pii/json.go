package pii

// MaskJSON masks, as MaskText does, the mobile and ID numbers inside the
// string values of a JSON document (an API answer, an audit record's
// data). Numbers outside strings are left alone, so the document stays
// valid JSON; escape sequences count as boundaries, so "\n11010519491231002X"
// is found as a value would show it.
func MaskJSON(b []byte) []byte {
	ms := FindUnmasked(JSONStrings(b))
	if len(ms) == 0 {
		return b
	}
	out := append([]byte(nil), b...)
	for _, m := range ms {
		star(out, m.hideFrom, m.hideTo)
	}
	return out
}

// JSONStrings returns b with everything but the contents of its string
// values blanked to spaces, escape sequences included, byte for byte, so
// that positions in the result are positions in b.
func JSONStrings(b []byte) string {
	out := make([]byte, len(b))
	in := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case !in:
			out[i] = ' '
			in = c == '"'
		case c == '"':
			out[i] = ' '
			in = false
		case c == '\\':
			n := 2
			if i+1 < len(b) && b[i+1] == 'u' {
				n = 6
			}
			for k := i; k < i+n && k < len(b); k++ {
				out[k] = ' '
			}
			i += n - 1
		default:
			out[i] = c
		}
	}
	return string(out)
}
