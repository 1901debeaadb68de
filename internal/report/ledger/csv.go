package ledger

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
)

// utf8BOM makes Excel read the file as UTF-8; without it Excel on a Chinese
// system decodes as GBK and every Chinese character comes out garbled.
const utf8BOM = "\ufeff"

// WriteCSV writes one sheet as CSV for Excel: UTF-8 with a byte-order mark,
// CRLF line ends, the header row then the rows, each value shown as in the
// .xlsx (money with two decimals, percentages with one, dates as
// YYYY-MM-DD in Asia/Shanghai). The title is left out, so that the first
// line is always the header. Text cells are escaped as in WriteXLSX.
func WriteCSV(w io.Writer, s Sheet) error {
	if err := checkColumns(s); err != nil {
		return fmt.Errorf("ledger: csv: %w", err)
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString(utf8BOM); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	record := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		record[i] = EscapeCell(c.Header)
	}
	if err := cw.Write(record); err != nil {
		return err
	}
	for r, values := range s.Rows {
		if len(values) > len(s.Columns) {
			return fmt.Errorf("ledger: csv: row %d has %d values for %d columns", r+1, len(values), len(s.Columns))
		}
		for i, c := range s.Columns {
			record[i] = ""
			if i < len(values) {
				record[i] = lineEnds(toCell(c.Kind, values[i]).display(c.Kind))
			}
		}
		if err := cw.Write(record); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// lineEnds turns a lone CR into LF: with UseCRLF, encoding/csv writes LF
// as CRLF but drops a lone CR, which would run two lines of a cell into
// one.
func lineEnds(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
