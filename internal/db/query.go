package db

import (
	"strconv"
	"strings"
)

// Where builds a WHERE clause from conditions written with ? placeholders,
// numbered $1, $2… in the order they are added, so filters can be added
// conditionally without counting placeholders by hand.
type Where struct {
	parts []string
	Args  []any
}

// And adds a condition. Each ? in cond takes the next of args.
func (w *Where) And(cond string, args ...any) {
	var b strings.Builder
	i := 0
	for _, r := range cond {
		if r == '?' && i < len(args) {
			w.Args = append(w.Args, args[i])
			i++
			b.WriteString("$" + strconv.Itoa(len(w.Args)))
			continue
		}
		b.WriteRune(r)
	}
	w.parts = append(w.parts, b.String())
}

// SQL returns " WHERE …" or "" when there is no condition.
func (w *Where) SQL() string {
	if len(w.parts) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.parts, " AND ")
}

// Next returns the placeholder for one more argument appended after the
// conditions, such as LIMIT and OFFSET.
func (w *Where) Next(arg any) string {
	w.Args = append(w.Args, arg)
	return "$" + strconv.Itoa(len(w.Args))
}

// MaxPageSize caps every list.
const MaxPageSize = 100

// MaxPageNumber bounds the page number.
const MaxPageNumber = 1_000_000

// DefaultPageSize is the page size when none is asked for.
const DefaultPageSize = 20

// Page is a validated page request.
type Page struct {
	Number int // from 1
	Size   int
}

// NewPage clamps a requested page into range.
func NewPage(number, size int) Page {
	if number < 1 {
		number = 1
	}
	// A page past any real list would overflow the offset arithmetic.
	if number > MaxPageNumber {
		number = MaxPageNumber
	}
	if size < 1 {
		size = DefaultPageSize
	}
	if size > MaxPageSize {
		size = MaxPageSize
	}
	return Page{Number: number, Size: size}
}

// Offset is the number of rows before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }

// LimitOffset appends LIMIT and OFFSET to a query built with w.
func (p Page) LimitOffset(w *Where) string {
	p = NewPage(p.Number, p.Size) // a zero Page means the first page, not none
	return " LIMIT " + w.Next(p.Size) + " OFFSET " + w.Next(p.Offset())
}

// List is one page of results with the total that matched.
type List[T any] struct {
	Items    []T `json:"items"`
	Total    int `json:"total"`
	Page     int `json:"page"`
	PageSize int `json:"page_size"`
}

// Pages is the number of pages for the total.
func (l List[T]) Pages() int {
	if l.PageSize == 0 {
		return 0
	}
	return (l.Total + l.PageSize - 1) / l.PageSize
}
