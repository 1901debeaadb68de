package ledger

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// RowError is one problem of an import, located as Excel shows it.
type RowError struct {
	Row     int    // 1-based, as Excel numbers rows
	Column  string // the header of the column; a column letter for a cell outside every column
	Message string // a catalog key
	Value   string // the offending value, if any
}

func (e RowError) Error() string {
	s := fmt.Sprintf("row %d", e.Row)
	if e.Column != "" {
		s += ", " + e.Column
	}
	s += ": " + e.Message
	if e.Value != "" {
		s += fmt.Sprintf(" (%q)", e.Value)
	}
	return s
}

// Catalog keys of the problems Run itself finds; Parse adds its own.
const (
	MsgNoHeader        = "ledger.no_header"        // the sheet is empty
	MsgHeaderMissing   = "ledger.header_missing"   // Column is the missing header
	MsgHeaderUnknown   = "ledger.header_unknown"   // Column and Value are the unknown header
	MsgHeaderDuplicate = "ledger.header_duplicate" // Column is the repeated header
	MsgHeaderMisplaced = "ledger.header_misplaced" // Column is the header, Value the column letter where it was found
	MsgCellOutside     = "ledger.cell_outside"     // a value in a column without a header; Column is its letter
)

// Import validates the rows of an all-or-nothing import.
type Import[T any] struct {
	// Headers is the required header row, exactly and in order.
	Headers []string
	// Parse turns one row into an item, or reports every problem of the
	// row. cells maps each header to its cell, trimmed and unescaped
	// (UnescapeCell), "" when empty; row
	// is the row's number as Excel shows it. A RowError whose Row is 0 is
	// given row.
	Parse func(row int, cells map[string]string) (T, []RowError)
}

// Run checks the header row — the first non-empty row — and then parses
// every following row that is not entirely empty, collecting every
// problem rather than stopping at the first. A wrong header row is
// reported alone (on its row, naming each header at fault), since no cell
// below it can be trusted to be what its column says. The caller writes
// nothing unless problems is empty. Uniqueness within the file (a credit
// code twice) is for Parse to track, in a map its closure holds.
func (im Import[T]) Run(rows [][]string) (items []T, problems []RowError) {
	hr := -1
	for i, r := range rows {
		if !emptyRow(r) {
			hr = i
			break
		}
	}
	if hr < 0 {
		return nil, []RowError{{Row: 1, Message: MsgNoHeader}}
	}
	if problems = im.checkHeader(hr+1, rows[hr]); len(problems) > 0 {
		return nil, problems
	}
	n := len(im.Headers)
	for i := hr + 1; i < len(rows); i++ {
		r := rows[i]
		if emptyRow(r) {
			continue
		}
		num := i + 1
		cells := make(map[string]string, n)
		for j, h := range im.Headers {
			if j < len(r) {
				cells[h] = cellValue(r[j])
			} else {
				cells[h] = ""
			}
		}
		var rowProblems []RowError
		for j := n; j < len(r); j++ {
			if v := cellValue(r[j]); v != "" {
				rowProblems = append(rowProblems, RowError{Row: num, Column: columnLetter(j), Message: MsgCellOutside, Value: v})
			}
		}
		item, errs := im.Parse(num, cells)
		for _, e := range errs {
			if e.Row == 0 {
				e.Row = num
			}
			rowProblems = append(rowProblems, e)
		}
		if len(rowProblems) > 0 {
			problems = append(problems, rowProblems...)
			continue
		}
		items = append(items, item)
	}
	return items, problems
}

func (im Import[T]) checkHeader(num int, row []string) []RowError {
	got := make([]string, len(row))
	where := make(map[string][]int, len(row))
	for i, c := range row {
		got[i] = cellValue(c)
		if got[i] != "" {
			where[got[i]] = append(where[got[i]], i)
		}
	}
	want := make(map[string]bool, len(im.Headers))
	for _, h := range im.Headers {
		want[h] = true
	}
	var problems []RowError
	for _, h := range im.Headers {
		switch len(where[h]) {
		case 0:
			problems = append(problems, RowError{Row: num, Column: h, Message: MsgHeaderMissing})
		case 1:
		default:
			problems = append(problems, RowError{Row: num, Column: h, Message: MsgHeaderDuplicate, Value: h})
		}
	}
	for i, g := range got {
		if g != "" && !want[g] {
			if where[g][0] == i { // once per unknown header
				problems = append(problems, RowError{Row: num, Column: g, Message: MsgHeaderUnknown, Value: g})
			}
		}
	}
	if len(problems) > 0 {
		return problems // positions mean little while the set is wrong
	}
	for i, h := range im.Headers {
		if at := where[h][0]; at != i {
			problems = append(problems, RowError{Row: num, Column: h, Message: MsgHeaderMisplaced, Value: columnLetter(at)})
		}
	}
	return problems
}

// UnescapeCell undoes EscapeCell, so that a ledger exported by Pinghu and
// imported again yields the values it was made from. A leading quote is
// not part of a value typed into Excel (Excel keeps it as a cell property),
// so one followed by a formula character can only come from escaping.
func UnescapeCell(s string) string {
	if len(s) >= 2 && s[0] == '\'' {
		switch s[1] {
		case '=', '+', '-', '@', '\t', '\r':
			return s[1:]
		}
	}
	return s
}

// trim removes the spaces a spreadsheet user cannot see: ordinary and
// full-width spaces, no-break spaces, zero-width spaces and stray BOMs.
func trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff'
	})
}

// cellValue is a cell as an import sees it.
func cellValue(s string) string { return trim(UnescapeCell(trim(s))) }

func emptyRow(r []string) bool {
	for _, c := range r {
		if trim(c) != "" {
			return false
		}
	}
	return true
}

func columnLetter(i int) string {
	name, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return name
}

// Template is a sheet to offer as a downloadable import template: the
// header row, every column formatted as text (so that identity numbers,
// credit codes and phone numbers typed in stay exactly as typed), and the
// example row if one is given. Name it, from the catalog, before writing.
func Template(headers []string, example []string) Sheet {
	s := Sheet{Columns: make([]Column, len(headers))}
	for i, h := range headers {
		s.Columns[i] = Column{Header: h, Kind: Text}
	}
	if len(example) > 0 {
		row := make([]any, min(len(example), len(headers)))
		for i := range row {
			row[i] = example[i]
		}
		s.Rows = [][]any{row}
	}
	return s
}
