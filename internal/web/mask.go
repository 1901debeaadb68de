package web

import (
	"bytes"

	"pinghu/internal/pii"
)

// maskPage masks every mobile and ID number on a rendered page — in an
// appeal's description, a visit's findings, an audit record's data, a
// cell of an import's problem list — so that masking is the default of
// every page and not a duty of each template. Form controls are left as
// they are: a textarea or a value attribute holds what the user typed and
// will send again, and masking it would store asterisks over the number.
// The reveal page, which shows one number on purpose, is rendered without
// this (renderRevealed).
func maskPage(b []byte) []byte {
	ms := pii.FindUnmasked(string(b))
	if len(ms) == 0 {
		return b
	}
	keep := formControls(b)
	out := []byte(pii.MaskText(string(b)))
	for _, k := range keep {
		copy(out[k[0]:k[1]], b[k[0]:k[1]])
	}
	return out
}

// formControls returns the byte ranges of textarea contents and value
// attributes in a page written by html/template, which quotes every
// attribute with " and escapes " inside one.
func formControls(b []byte) [][2]int {
	var out [][2]int
	for _, c := range []struct{ open, close string }{{"<textarea", "</textarea>"}, {` value="`, `"`}} {
		for i := 0; ; {
			j := bytes.Index(b[i:], []byte(c.open))
			if j < 0 {
				break
			}
			start := i + j + len(c.open)
			k := bytes.Index(b[start:], []byte(c.close))
			if k < 0 {
				break
			}
			out = append(out, [2]int{start, start + k})
			i = start + k + len(c.close)
		}
	}
	return out
}
