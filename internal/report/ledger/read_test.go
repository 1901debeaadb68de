package ledger

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// smallXLSX is a valid workbook of a header and two rows.
func smallXLSX(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	err := WriteXLSX(&buf, Sheet{
		Columns: []Column{{Header: "名称"}, {Header: "数量", Kind: Int}},
		Rows:    [][]any{{"甲", 1}, {"乙", 2}},
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// zipOf builds a zip whose parts are given as name → size, each a run of
// zeros, which deflate packs about a thousand to one.
func zipOf(t testing.TB, parts ...any) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	// The fastest level packs zeros as well and keeps the race detector's
	// run short.
	zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(w, flate.BestSpeed)
	})
	for i := 0; i < len(parts); i += 2 {
		w, err := zw.Create(parts[i].(string))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.CopyN(w, zeros{}, parts[i+1].(int64)); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// lyingZip declares a part of 1 KiB that really unpacks to 8 MiB: the
// declared sizes alone cannot be trusted.
func lyingZip(t testing.TB) []byte {
	t.Helper()
	var packed bytes.Buffer
	fw, _ := flate.NewWriter(&packed, flate.BestCompression)
	if _, err := io.CopyN(fw, zeros{}, 8<<20); err != nil {
		t.Fatal(err)
	}
	fw.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name:               "xl/worksheets/sheet1.xml",
		Method:             zip.Deflate,
		CRC32:              crc32.ChecksumIEEE(make([]byte, 1024)),
		CompressedSize64:   uint64(packed.Len()),
		UncompressedSize64: 1024,
	})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(packed.Bytes())
	zw.Close()
	return buf.Bytes()
}

// corrupt flips a byte inside the first part's packed data, leaving the
// zip's directory intact: only unpacking finds it.
func corrupt(t testing.TB, b []byte) []byte {
	t.Helper()
	b = bytes.Clone(b)
	nameLen := int(binary.LittleEndian.Uint16(b[26:]))
	extraLen := int(binary.LittleEndian.Uint16(b[28:]))
	b[30+nameLen+extraLen+10] ^= 0xFF
	return b
}

func manyParts(t testing.TB, n int) []byte {
	parts := make([]any, 0, 2*n)
	for i := range n {
		parts = append(parts, fmt.Sprintf("xl/media/image%d.png", i), int64(1))
	}
	return zipOf(t, parts...)
}

func TestReadXLSXRefuses(t *testing.T) {
	valid := smallXLSX(t)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)
	for _, tc := range []struct {
		name   string
		data   []byte
		limits Limits
		want   error
	}{
		{"empty", nil, Limits{}, ErrNotXLSX},
		{"a PNG", png, Limits{}, ErrNotXLSX},
		{"a CSV renamed", []byte("\ufeff名称,数量\r\n甲,1\r\n"), Limits{}, ErrNotXLSX},
		{"an old .xls", append([]byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"), make([]byte, 512)...), Limits{}, ErrNotXLSX},
		{"a zip that is no workbook", zipOf(t, "readme.txt", int64(10)), Limits{}, ErrNotXLSX},
		{"truncated", valid[:len(valid)/2], Limits{}, ErrDamaged},
		{"only the magic", []byte("PK\x03\x04"), Limits{}, ErrDamaged},
		{"corrupted data", corrupt(t, valid), Limits{}, ErrDamaged},
		{"over MaxBytes", valid, Limits{MaxBytes: int64(len(valid)) - 1}, ErrTooLarge},
		{"over the default MaxBytes", append(bytes.Clone(zipMagic), make([]byte, DefaultMaxBytes)...), Limits{}, ErrTooLarge},
		{"zip bomb", zipOf(t, "xl/worksheets/sheet1.xml", int64(DefaultMaxUncompressed+1)), Limits{}, ErrUnpackedSize},
		{"zip bomb in many parts", zipOf(t, "a.xml", int64(30<<20), "b.xml", int64(30<<20)), Limits{}, ErrUnpackedSize},
		{"zip bomb that lies", lyingZip(t), Limits{}, ErrDamaged},
		{"too many entries", manyParts(t, DefaultMaxEntries+1), Limits{}, ErrTooManyEntries},
		{"too many entries for a lower limit", valid, Limits{MaxEntries: 3}, ErrTooManyEntries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := ReadXLSX(bytes.NewReader(tc.data), tc.limits)
			if wb != nil {
				wb.Close()
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			t.Logf("%v → %s", err, MessageKey(err))
			if key := MessageKey(err); key == "ledger.unreadable" {
				t.Errorf("MessageKey(%v) = %q, want a specific key", err, key)
			}
		})
	}
}

func TestReadXLSXAcceptsWithinLimits(t *testing.T) {
	valid := smallXLSX(t)
	wb, err := ReadXLSX(bytes.NewReader(valid), Limits{MaxBytes: int64(len(valid))})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows("")
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(rows); got != "[[名称 数量] [甲 1] [乙 2]]" {
		t.Errorf("rows = %s", got)
	}
}

// workbook builds a workbook cell by cell, as a user's Excel would.
func workbook(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRows(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		f.SetSheetRow("Sheet1", "A1", &[]any{"名称", "日期", "金额"})
		f.SetSheetRow("Sheet1", "A2", &[]any{"甲", time.Date(2022, 5, 26, 0, 0, 0, 0, time.UTC), 1234.5})
		f.SetCellValue("Sheet1", "A5", "乙") // rows 3 and 4 empty
		f.SetCellValue("Sheet1", "C5", "  ")
		style, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
		f.SetRowStyle("Sheet1", 6, 60, style) // formatting far below the data and the row limit
		f.NewSheet("企业")
		f.SetCellValue("企业", "B2", "第二张")
	})
	wb, err := ReadXLSX(bytes.NewReader(data), Limits{MaxRows: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, tc := range []struct {
		sheet string
		want  string
		err   error
	}{
		{"", "[[名称 日期 金额] [甲 2022-05-26 1234.5] [] [] [乙    ]]", nil},
		{"Sheet1", "[[名称 日期 金额] [甲 2022-05-26 1234.5] [] [] [乙    ]]", nil},
		{"企业", "[[] [ 第二张]]", nil},
		{"无此表", "", ErrNoSheet},
	} {
		rows, err := wb.Rows(tc.sheet)
		if !errors.Is(err, tc.err) {
			t.Errorf("Rows(%q): err = %v, want %v", tc.sheet, err, tc.err)
			continue
		}
		if err == nil && fmt.Sprint(rows) != tc.want {
			t.Errorf("Rows(%q) = %s, want %s", tc.sheet, fmt.Sprint(rows), tc.want)
		}
	}
}

func TestRowsLimits(t *testing.T) {
	tall := workbook(t, func(f *excelize.File) {
		for r := 1; r <= 11; r++ {
			f.SetCellValue("Sheet1", fmt.Sprintf("A%d", r), r)
		}
	})
	far := workbook(t, func(f *excelize.File) {
		f.SetCellValue("Sheet1", "A1", "a")
		f.SetCellValue("Sheet1", "XFD2", "far right")
	})
	// One cell at the far right of each row costs a whole row of strings:
	// the cells limit bounds that.
	wide := workbook(t, func(f *excelize.File) {
		for r := 1; r <= 50; r++ {
			f.SetCellValue("Sheet1", fmt.Sprintf("IV%d", r), r)
		}
	})
	for _, tc := range []struct {
		name   string
		data   []byte
		limits Limits
		want   error
	}{
		{"rows at the limit", tall, Limits{MaxRows: 11}, nil},
		{"rows over the limit", tall, Limits{MaxRows: 10}, ErrTooManyRows},
		{"a cell beyond the columns", far, Limits{}, ErrTooManyColumns},
		{"cells over the limit", wide, Limits{MaxCells: 256 * 49}, ErrTooManyCells},
		{"cells at the limit", wide, Limits{MaxCells: 256 * 50}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wb, err := ReadXLSX(bytes.NewReader(tc.data), tc.limits)
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			_, err = wb.Rows("")
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

func TestMessageKey(t *testing.T) {
	if got := MessageKey(fmt.Errorf("wrapped: %w", ErrTooManyRows)); got != "ledger.too_many_rows" {
		t.Errorf("MessageKey = %q", got)
	}
	if got := MessageKey(io.ErrUnexpectedEOF); got != "ledger.unreadable" {
		t.Errorf("MessageKey(other) = %q", got)
	}
}

// FuzzReadXLSX feeds arbitrary bytes to the reader: it may refuse them,
// never panic.
func FuzzReadXLSX(f *testing.F) {
	valid := smallXLSX(f)
	f.Add(valid)
	f.Add(valid[:len(valid)/2])
	f.Add(corrupt(f, valid))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("名称,数量\r\n甲,1\r\n"))
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Add(zipOf(f, "xl/workbook.xml", int64(100)))
	f.Add([]byte(strings.Repeat("PK", 100)))
	limits := Limits{MaxBytes: 1 << 20, MaxUncompressed: 4 << 20, MaxEntries: 100, MaxRows: 1000, MaxCells: 100_000}
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := ReadXLSX(bytes.NewReader(data), limits)
		if err != nil {
			return
		}
		defer wb.Close()
		for _, s := range wb.Sheets() {
			_, _ = wb.Rows(s)
		}
	})
}

// repack rebuilds a zip with some parts replaced, stored unpacked, so
// that a fuzzer's changes reach the XML parsers instead of failing the
// zip's checksums.
func repack(t testing.TB, base []byte, replace map[string][]byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(base), int64(len(base)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		content, ok := replace[zf.Name]
		if !ok {
			rc, err := zf.Open()
			if err != nil {
				t.Fatal(err)
			}
			content, err = io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(content)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func part(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		if zf.Name == name {
			rc, _ := zf.Open()
			defer rc.Close()
			b, _ := io.ReadAll(rc)
			return b
		}
	}
	t.Fatalf("no part %s", name)
	return nil
}

// FuzzReadXLSXParts fuzzes the worksheet and shared strings of a valid
// workbook, where excelize's parsers do their work.
func FuzzReadXLSXParts(f *testing.F) {
	base := workbook(f, func(x *excelize.File) {
		x.SetSheetRow("Sheet1", "A1", &[]any{"名称", "日期", "金额"})
		x.SetSheetRow("Sheet1", "A2", &[]any{"甲", time.Date(2022, 5, 26, 0, 0, 0, 0, time.UTC), 1234.5})
		x.SetCellValue("Sheet1", "C5", "乙")
	})
	sheet := part(f, base, "xl/worksheets/sheet1.xml")
	sst := part(f, base, "xl/sharedStrings.xml")
	f.Add(sheet, sst)
	f.Add([]byte(`<worksheet><sheetData><row r="1048577"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`), sst)
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="XFD1" t="s"><v>99</v></c></row></sheetData></worksheet>`), sst)
	f.Add([]byte(`<worksheet><sheetData><row><c t="inlineStr"><is><t>x</t></is></c><c s="999"><v>1e308</v></c></row></sheetData></worksheet>`), []byte(`<sst><si><t>`))
	limits := Limits{MaxRows: 1000, MaxCells: 100_000}
	f.Fuzz(func(t *testing.T, sheetXML, sstXML []byte) {
		data := repack(t, base, map[string][]byte{
			"xl/worksheets/sheet1.xml": sheetXML,
			"xl/sharedStrings.xml":     sstXML,
		})
		wb, err := ReadXLSX(bytes.NewReader(data), limits)
		if err != nil {
			return
		}
		defer wb.Close()
		for _, s := range wb.Sheets() {
			_, _ = wb.Rows(s)
		}
	})
}
