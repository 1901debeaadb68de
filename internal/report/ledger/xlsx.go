package ledger

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Limits of what Excel itself can hold.
const (
	maxSheetRows = excelize.TotalRows      // 1,048,576
	maxSheetCols = excelize.MaxColumns     // 16,384
	maxCellChars = excelize.TotalCellChars // 32,767 UTF-16 units
)

// WriteXLSX writes the sheets as one .xlsx workbook. Each sheet has an
// optional merged bold title row, a bold shaded header row, panes frozen
// below the header, column widths and a number format per column kind.
// Rows go through excelize's stream writer, which spills to a temporary
// file past 16 MB, so that a ledger of 100,000 rows does not sit in memory
// as cell objects.
func WriteXLSX(w io.Writer, sheets ...Sheet) error {
	if len(sheets) == 0 {
		return errors.New("ledger: no sheet to write")
	}
	names, err := sheetNames(sheets)
	if err != nil {
		return err
	}
	f := excelize.NewFile()
	defer f.Close() // removes the stream writers' temporary files
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("ledger: styles: %w", err)
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), names[0])
		} else {
			_, err = f.NewSheet(names[i])
		}
		if err == nil {
			err = writeSheet(f, names[i], s, st)
		}
		if err != nil {
			return fmt.Errorf("ledger: sheet %q: %w", names[i], err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("ledger: write xlsx: %w", err)
	}
	return nil
}

// sheetNames gives every sheet a name and refuses duplicates, which
// excelize would otherwise silently merge into one sheet.
func sheetNames(sheets []Sheet) ([]string, error) {
	names := make([]string, len(sheets))
	seen := make(map[string]bool, len(sheets))
	for i, s := range sheets {
		name := s.Name
		if name == "" {
			name = "Sheet" + strconv.Itoa(i+1)
		}
		key := strings.ToLower(name)
		if seen[key] {
			return nil, fmt.Errorf("ledger: two sheets named %q", name)
		}
		seen[key] = true
		names[i] = name
	}
	return names, nil
}

func checkColumns(s Sheet) error {
	if len(s.Columns) == 0 {
		return errors.New("no columns")
	}
	if len(s.Columns) > maxSheetCols {
		return fmt.Errorf("%d columns, more than a worksheet holds", len(s.Columns))
	}
	for i, c := range s.Columns {
		if c.Kind >= kindCount {
			return fmt.Errorf("column %d (%q): unknown kind %v", i+1, c.Header, c.Kind)
		}
	}
	return nil
}

// styles are the style ids of one workbook.
type styles struct {
	title, header int
	kind          [kindCount]int
}

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	if st.title, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Size: 14},
		Alignment: center,
	}); err != nil {
		return st, err
	}
	thin := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1},
		{Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	if st.header, err = f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border:    thin,
		Alignment: center,
		NumFmt:    49, // text, so that headers like "2022" stay text
	}); err != nil {
		return st, err
	}
	custom := func(code string) *string { return &code }
	kinds := [kindCount]excelize.Style{
		Text:     {NumFmt: 49}, // @
		Int:      {NumFmt: 1},  // 0 — no separator, years stay 2022
		Money:    {NumFmt: 4},  // #,##0.00
		Percent:  {CustomNumFmt: custom("0.0%")},
		Date:     {CustomNumFmt: custom("yyyy-mm-dd")},
		DateTime: {CustomNumFmt: custom("yyyy-mm-dd hh:mm")},
	}
	for k := range kinds {
		if st.kind[k], err = f.NewStyle(&kinds[k]); err != nil {
			return st, err
		}
	}
	return st, nil
}

func writeSheet(f *excelize.File, name string, s Sheet, st styles) error {
	if err := checkColumns(s); err != nil {
		return err
	}
	headerRow := 1
	if s.Title != "" {
		headerRow = 2
	}
	if len(s.Rows) > maxSheetRows-headerRow {
		return fmt.Errorf("%d rows, more than a worksheet holds", len(s.Rows))
	}
	sw, err := f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	ncol := len(s.Columns)
	// Column layout must precede the first row in a stream writer. The
	// column style carries the number format to cells typed in later, so
	// that an identity number typed into a Text column stays text.
	for i, c := range s.Columns {
		width := c.Width
		if width <= 0 {
			width = autoWidth(c, i, s.Rows)
		}
		if err := sw.SetColWidth(i+1, i+1, min(width, excelize.MaxColumnWidth)); err != nil {
			return err
		}
		if err := sw.SetColStyle(i+1, i+1, st.kind[c.Kind]); err != nil {
			return err
		}
	}
	below := "A" + strconv.Itoa(headerRow+1)
	if err := sw.SetPanes(&excelize.Panes{
		Freeze:      true,
		YSplit:      headerRow,
		TopLeftCell: below,
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: below, ActiveCell: below, Pane: "bottomLeft"}},
	}); err != nil {
		return err
	}
	if s.Title != "" {
		title := []any{excelize.Cell{StyleID: st.title, Value: clip(EscapeCell(s.Title))}}
		if err := sw.SetRow("A1", title, excelize.RowOpts{Height: 28}); err != nil {
			return err
		}
		if ncol > 1 {
			last, _ := excelize.CoordinatesToCellName(ncol, 1)
			if err := sw.MergeCell("A1", last); err != nil {
				return err
			}
		}
	}
	header := make([]any, ncol)
	for i, c := range s.Columns {
		header[i] = excelize.Cell{StyleID: st.header, Value: clip(EscapeCell(c.Header))}
	}
	if err := sw.SetRow("A"+strconv.Itoa(headerRow), header); err != nil {
		return err
	}
	// One reused row of cells, handed to SetRow by pointer, saves boxing a
	// Cell per value.
	cells := make([]excelize.Cell, ncol)
	row := make([]any, ncol)
	for r, values := range s.Rows {
		if len(values) > ncol {
			return fmt.Errorf("row %d has %d values for %d columns", r+1, len(values), ncol)
		}
		for i, c := range s.Columns {
			row[i] = nil
			if i >= len(values) {
				continue
			}
			v, ok := xlsxValue(c.Kind, values[i])
			if !ok {
				continue
			}
			cells[i] = excelize.Cell{StyleID: st.kind[c.Kind], Value: v}
			row[i] = &cells[i]
		}
		if err := sw.SetRow("A"+strconv.Itoa(headerRow+1+r), row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// xlsxValue gives the value excelize should store, false for an empty cell.
// Times are stored as Excel serial numbers of their Shanghai wall clock, so
// that the cell is a real date whatever the reader's time zone.
func xlsxValue(k ColumnKind, v any) (any, bool) {
	c := toCell(k, v)
	switch c.typ {
	case cellText:
		return clip(c.text), true
	case cellInt:
		return c.i, true
	case cellFloat:
		return c.f, true
	case cellTime:
		if serial, ok := excelSerial(c.t, k == Date); ok {
			return serial, true
		}
		// Outside what Excel can show as a date: keep it readable as text.
		return c.display(k), true
	}
	return nil, false
}

// excelEpoch is day 0 of Excel's 1900 date system (as corrected for its
// 1900 leap-year bug, which only matters before March 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC).Unix()

func excelSerial(t time.Time, dateOnly bool) (float64, bool) {
	w := t.In(shanghai)
	y, m, d := w.Date()
	if y < 1900 || (y == 1900 && m < time.March) || y > 9999 {
		return 0, false
	}
	days := (time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() - excelEpoch) / 86400
	serial := float64(days)
	if !dateOnly {
		secs := w.Hour()*3600 + w.Minute()*60 + w.Second()
		serial += float64(secs) / 86400
	}
	return serial, true
}

// clip keeps text within what one cell holds, cutting on a rune boundary.
func clip(s string) string {
	if len(s) <= maxCellChars { // bytes ≥ UTF-16 units, the common case
		return s
	}
	units := 0
	for i, r := range s {
		n := 1
		if r >= 0x10000 {
			n = 2
		}
		if units+n > maxCellChars {
			return s[:i]
		}
		units += n
	}
	return s
}

// autoWidth estimates a column's width from its header and the first rows,
// counting wide (CJK) characters twice.
func autoWidth(c Column, col int, rows [][]any) float64 {
	w := displayWidth(c.Header)
	for _, r := range rows[:min(len(rows), 100)] {
		if col < len(r) {
			w = max(w, displayWidth(toCell(c.Kind, r[col]).display(c.Kind)))
		}
	}
	return float64(min(max(w+2, 8), 60))
}

func displayWidth(s string) int {
	if len(s) > 256 {
		s = s[:256] // enough to know the column is wide
	}
	w := 0
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		s = s[n:]
		if isWide(r) {
			w += 2
		} else {
			w++
		}
	}
	return w
}

func isWide(r rune) bool {
	return unicode.Is(unicode.Han, r) ||
		(r >= 0x3000 && r <= 0x303F) || // CJK punctuation
		(r >= 0xFF00 && r <= 0xFF60) // full-width forms
}
