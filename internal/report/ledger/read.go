package ledger

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Errors of ReadXLSX and Workbook.Rows. Each is returned wrapped with
// detail; test with errors.Is and show the user MessageKey(err).
var (
	ErrTooLarge       = errors.New("ledger: file too large")
	ErrNotXLSX        = errors.New("ledger: not an xlsx file")
	ErrDamaged        = errors.New("ledger: damaged xlsx file")
	ErrUnpackedSize   = errors.New("ledger: xlsx unpacks too large")
	ErrTooManyEntries = errors.New("ledger: xlsx has too many parts")
	ErrTooManyRows    = errors.New("ledger: too many rows")
	ErrTooManyColumns = errors.New("ledger: too many columns")
	ErrTooManyCells   = errors.New("ledger: too many cells")
	ErrNoSheet        = errors.New("ledger: no such sheet")
)

// MessageKey gives the catalog key of an error from this package, or
// "ledger.unreadable" for any other error met while reading.
func MessageKey(err error) string {
	for _, k := range []struct {
		err error
		key string
	}{
		{ErrTooLarge, "ledger.too_large"},
		{ErrNotXLSX, "ledger.not_xlsx"},
		{ErrDamaged, "ledger.damaged"},
		{ErrUnpackedSize, "ledger.unpacked_too_large"},
		{ErrTooManyEntries, "ledger.too_many_entries"},
		{ErrTooManyRows, "ledger.too_many_rows"},
		{ErrTooManyColumns, "ledger.too_many_columns"},
		{ErrTooManyCells, "ledger.too_many_cells"},
		{ErrNoSheet, "ledger.no_sheet"},
	} {
		if errors.Is(err, k.err) {
			return k.key
		}
	}
	return "ledger.unreadable"
}

// Limits bound what an upload may cost before and while it is parsed. A
// zero field takes its default.
type Limits struct {
	MaxBytes        int64 // the upload itself; default 10 MiB
	MaxUncompressed int64 // the sum of the parts' unpacked sizes; default 50 MiB
	MaxEntries      int   // parts in the zip; default 1000
	MaxRows         int   // rows of a sheet up to its last non-empty one, header included; default 100,000
	MaxColumns      int   // columns of a row up to its last non-empty cell; default 256
	MaxCells        int   // cells of a sheet, empty ones inside rows included; default 4,000,000
}

// Defaults of Limits.
const (
	DefaultMaxBytes        = 10 << 20
	DefaultMaxUncompressed = 50 << 20
	DefaultMaxEntries      = 1000
	DefaultMaxRows         = 100_000
	DefaultMaxColumns      = 256
	DefaultMaxCells        = 4_000_000
)

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxUncompressed <= 0 {
		l.MaxUncompressed = DefaultMaxUncompressed
	}
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultMaxColumns
	}
	if l.MaxCells <= 0 {
		l.MaxCells = DefaultMaxCells
	}
	return l
}

// Workbook is an uploaded workbook that passed the checks of ReadXLSX.
type Workbook struct {
	f      *excelize.File
	limits Limits
}

// zipMagic starts every zip file that begins with a local file header, as
// every .xlsx does.
var zipMagic = []byte("PK\x03\x04")

// ReadXLSX reads an uploaded .xlsx within the limits. Everything that
// could cost memory or time is checked before excelize sees the bytes: the
// upload's size (reading at most MaxBytes+1), the magic bytes, the number
// of parts and the sum of their declared unpacked sizes, and then that each
// part really unpacks, within its declared size and with a good checksum —
// a zip bomb or a damaged file is refused here, not halfway through an
// import. Rows are read later, one sheet at a time, by Workbook.Rows.
func ReadXLSX(r io.Reader, limits Limits) (*Workbook, error) {
	limits = limits.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, limits.MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("ledger: read upload: %w", err)
	}
	if int64(len(data)) > limits.MaxBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limits.MaxBytes)
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, ErrNotXLSX
	}
	if err := checkZip(data, limits); err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		// Checked above already; excelize checks again, and keeping every
		// part in memory (bounded by the same limit) leaves no temporary
		// file behind.
		UnzipSizeLimit:    limits.MaxUncompressed,
		UnzipXMLSizeLimit: limits.MaxUncompressed,
		// Dates typed into Excel carry the built-in short date format;
		// render them as 2022-05-26 rather than excelize's default 05-26-22.
		ShortDatePattern: "yyyy-mm-dd",
	})
	if err != nil {
		if f != nil {
			_ = f.Close()
		}
		return nil, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	if len(f.GetSheetList()) == 0 {
		_ = f.Close()
		return nil, fmt.Errorf("%w: no worksheet", ErrNotXLSX)
	}
	return &Workbook{f: f, limits: limits}, nil
}

// checkZip refuses a zip with too many parts or too large an unpacked
// size, judging first by the central directory and then by unpacking each
// part into nothing. archive/zip itself refuses a part that unpacks to
// more than it declared, so the declared sizes bound the work.
func checkZip(data []byte, limits Limits) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if len(zr.File) > limits.MaxEntries {
		return fmt.Errorf("%w: %d parts, at most %d", ErrTooManyEntries, len(zr.File), limits.MaxEntries)
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		// #nosec G115 -- MaxUncompressed is positive: withDefaults replaces anything else.
		if zf.UncompressedSize64 > uint64(limits.MaxUncompressed) || total > uint64(limits.MaxUncompressed) {
			return fmt.Errorf("%w: more than %d bytes", ErrUnpackedSize, limits.MaxUncompressed)
		}
	}
	for _, zf := range zr.File {
		if zf.FileInfo().IsDir() {
			continue
		}
		if err := drain(zf); err != nil {
			return fmt.Errorf("%w: part %q: %v", ErrDamaged, zf.Name, err)
		}
	}
	return nil
}

func drain(zf *zip.File) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	// Copying one byte more than declared is belt and braces: archive/zip
	// already fails a part that unpacks beyond its declared size, and
	// checks the checksum at the end.
	size := int64(zf.UncompressedSize64) // #nosec G115 -- at most MaxUncompressed (an int64), checked above
	n, err := io.CopyN(io.Discard, rc, size+1)
	if err != io.EOF {
		if err == nil {
			err = fmt.Errorf("unpacks to more than the %d bytes declared", size)
		}
		return err
	}
	if n != size {
		return fmt.Errorf("unpacks to %d bytes, declared %d", n, size)
	}
	return nil
}

// Sheets lists the worksheets in workbook order.
func (wb *Workbook) Sheets() []string { return wb.f.GetSheetList() }

// Rows returns the cells of a sheet as text, as Excel shows them (dates
// with the built-in date format as YYYY-MM-DD), row 1 first; an empty
// sheet name means the first sheet. Cells are not trimmed. Empty rows in
// between are kept (as empty slices) so that index+1 is the row number
// Excel shows; empty rows at the end are dropped, so a sheet whose
// formatting runs far below its data is not refused for its length.
func (wb *Workbook) Rows(sheet string) ([][]string, error) {
	if sheet == "" {
		sheet = wb.f.GetSheetList()[0]
	} else if idx, err := wb.f.GetSheetIndex(sheet); err != nil || idx < 0 {
		return nil, fmt.Errorf("%w: %q", ErrNoSheet, sheet)
	}
	it, err := wb.f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	defer it.Close()
	var (
		rows    [][]string
		pending int // empty rows not yet known to lie between data rows
		cells   int
		n       int
	)
	for it.Next() {
		n++
		cols, err := it.Columns()
		if err != nil {
			return nil, fmt.Errorf("%w: row %d: %v", ErrDamaged, n, err)
		}
		for len(cols) > 0 && cols[len(cols)-1] == "" {
			cols = cols[:len(cols)-1]
		}
		if len(cols) == 0 {
			pending++
			continue
		}
		if n > wb.limits.MaxRows {
			return nil, fmt.Errorf("%w: data on row %d, at most %d rows", ErrTooManyRows, n, wb.limits.MaxRows)
		}
		if len(cols) > wb.limits.MaxColumns {
			return nil, fmt.Errorf("%w: row %d has data in column %d, at most %d columns", ErrTooManyColumns, n, len(cols), wb.limits.MaxColumns)
		}
		if cells += len(cols); cells > wb.limits.MaxCells {
			return nil, fmt.Errorf("%w: more than %d", ErrTooManyCells, wb.limits.MaxCells)
		}
		for ; pending > 0; pending-- {
			rows = append(rows, nil)
		}
		rows = append(rows, cols)
	}
	if err := it.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return nil, fmt.Errorf("%w: %v", ErrTooManyRows, err)
		}
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return rows, nil
}

// Close releases the workbook.
func (wb *Workbook) Close() error { return wb.f.Close() }
