package ledger

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"testing"
)

// contact is what the test import builds from a row.
type contact struct {
	Name  string
	Phone string
	Staff int
}

var contactHeaders = []string{"企业名称", "联系电话", "员工人数"}

func contactImport() Import[contact] {
	return Import[contact]{
		Headers: contactHeaders,
		Parse: func(row int, cells map[string]string) (contact, []RowError) {
			var c contact
			var errs []RowError
			c.Name = cells["企业名称"]
			if c.Name == "" {
				errs = append(errs, RowError{Row: row, Column: "企业名称", Message: "test.required"})
			}
			c.Phone = cells["联系电话"]
			if len(c.Phone) != 11 {
				errs = append(errs, RowError{Column: "联系电话", Message: "test.bad_phone", Value: c.Phone}) // Row left to Run
			}
			n, err := strconv.Atoi(cells["员工人数"])
			if err != nil || n < 0 {
				errs = append(errs, RowError{Row: row, Column: "员工人数", Message: "test.bad_int", Value: cells["员工人数"]})
			}
			c.Staff = n
			return c, errs
		},
	}
}

func goodRow(i int) []string {
	return []string{fmt.Sprintf("企业%05d", i), fmt.Sprintf("138%08d", i), strconv.Itoa(i % 500)}
}

func TestImportHeader(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header []string
		want   []RowError
	}{
		{"exact", []string{"企业名称", "联系电话", "员工人数"}, nil},
		{"spaces and trailing blanks", []string{" 企业名称\u3000", "联系电话", "员工人数", "", " "}, nil},
		{"missing", []string{"企业名称", "员工人数"}, []RowError{
			{Row: 1, Column: "联系电话", Message: MsgHeaderMissing}}},
		{"unknown", []string{"企业名称", "联系电话", "员工人数", "备注"}, []RowError{
			{Row: 1, Column: "备注", Message: MsgHeaderUnknown, Value: "备注"}}},
		{"renamed", []string{"企业名称", "手机", "员工人数"}, []RowError{
			{Row: 1, Column: "联系电话", Message: MsgHeaderMissing},
			{Row: 1, Column: "手机", Message: MsgHeaderUnknown, Value: "手机"}}},
		{"reordered", []string{"联系电话", "企业名称", "员工人数"}, []RowError{
			{Row: 1, Column: "企业名称", Message: MsgHeaderMisplaced, Value: "B"},
			{Row: 1, Column: "联系电话", Message: MsgHeaderMisplaced, Value: "A"}}},
		{"a blank column in between", []string{"企业名称", "", "联系电话", "员工人数"}, []RowError{
			{Row: 1, Column: "联系电话", Message: MsgHeaderMisplaced, Value: "C"},
			{Row: 1, Column: "员工人数", Message: MsgHeaderMisplaced, Value: "D"}}},
		{"duplicate", []string{"企业名称", "联系电话", "员工人数", "企业名称"}, []RowError{
			{Row: 1, Column: "企业名称", Message: MsgHeaderDuplicate, Value: "企业名称"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			items, problems := contactImport().Run([][]string{tc.header, goodRow(1)})
			if !reflect.DeepEqual(problems, tc.want) {
				t.Fatalf("problems = %v, want %v", problems, tc.want)
			}
			if tc.want == nil && len(items) != 1 {
				t.Errorf("%d items, want 1", len(items))
			}
			if tc.want != nil && items != nil {
				t.Errorf("items = %v despite a wrong header", items)
			}
		})
	}
}

func TestImportEmpty(t *testing.T) {
	for _, rows := range [][][]string{nil, {}, {{}, {"", " "}}} {
		_, problems := contactImport().Run(rows)
		if len(problems) != 1 || problems[0].Message != MsgNoHeader {
			t.Errorf("Run(%q) problems = %v, want one %s", rows, problems, MsgNoHeader)
		}
	}
	items, problems := contactImport().Run([][]string{contactHeaders})
	if len(items) != 0 || len(problems) != 0 {
		t.Errorf("header only: %v, %v; want nothing", items, problems)
	}
}

func TestImportOneBadRowAmongTenThousand(t *testing.T) {
	rows := [][]string{contactHeaders}
	for i := 1; i <= 10_000; i++ {
		rows = append(rows, goodRow(i))
	}
	rows[5000][1] = "138-1234" // sheet row 5001
	items, problems := contactImport().Run(rows)
	want := []RowError{{Row: 5001, Column: "联系电话", Message: "test.bad_phone", Value: "138-1234"}}
	if !reflect.DeepEqual(problems, want) {
		t.Fatalf("problems = %v, want %v", problems, want)
	}
	if len(items) != 9_999 {
		t.Errorf("%d good items, want 9999", len(items))
	}
}

func TestImportReportsEveryProblem(t *testing.T) {
	rows := [][]string{
		{},                                // row 1: empty rows before the header are skipped
		contactHeaders,                    // row 2
		goodRow(1),                        // row 3
		{"", "123", "x"},                  // row 4: three problems
		{"", "  ", "\u3000"},              // row 5: blank once trimmed, skipped
		{"  企业乙 ", " 13800000002 ", "-1"}, // row 6: trimmed; one problem
		{"企业丙", "13800000003", "3", "", "多余"}, // row 7: a cell outside every column
		{"企业丁", "'-138000000"},                // row 8: unescaped, still bad; staff missing
		{"'=企业戊", "13800000005", "5"},         // row 9: good once unescaped
	}
	items, problems := contactImport().Run(rows)
	want := []RowError{
		{Row: 4, Column: "企业名称", Message: "test.required"},
		{Row: 4, Column: "联系电话", Message: "test.bad_phone", Value: "123"},
		{Row: 4, Column: "员工人数", Message: "test.bad_int", Value: "x"},
		{Row: 6, Column: "员工人数", Message: "test.bad_int", Value: "-1"},
		{Row: 7, Column: "E", Message: MsgCellOutside, Value: "多余"},
		{Row: 8, Column: "联系电话", Message: "test.bad_phone", Value: "-138000000"},
		{Row: 8, Column: "员工人数", Message: "test.bad_int"},
	}
	if !reflect.DeepEqual(problems, want) {
		t.Errorf("problems:\n got %v\nwant %v", problems, want)
	}
	wantItems := []contact{{"企业00001", "13800000001", 1}, {"=企业戊", "13800000005", 5}}
	if !reflect.DeepEqual(items, wantItems) {
		t.Errorf("items = %v, want %v", items, wantItems)
	}
}

func TestRowErrorString(t *testing.T) {
	e := RowError{Row: 7, Column: "联系电话", Message: "test.bad_phone", Value: "123"}
	if got := e.Error(); got != `row 7, 联系电话: test.bad_phone ("123")` {
		t.Errorf("Error() = %q", got)
	}
}

// TestTemplateRoundTrip offers the template, fills it as a user would and
// imports it: the header written is the header required.
func TestTemplateRoundTrip(t *testing.T) {
	tmpl := Template(contactHeaders, []string{"示例企业", "13800000000", "12", "ignored"})
	tmpl.Name = "导入模板"
	if len(tmpl.Rows) != 1 || len(tmpl.Rows[0]) != len(contactHeaders) {
		t.Fatalf("template rows = %v", tmpl.Rows)
	}
	for _, c := range tmpl.Columns {
		if c.Kind != Text {
			t.Errorf("column %q is %v, want text so that numbers typed in stay as typed", c.Header, c.Kind)
		}
	}
	// The user keeps the example and adds a row, typing a phone number.
	tmpl.Rows = append(tmpl.Rows, []any{"平湖新材料", "13912345678", "30"})
	var buf bytes.Buffer
	if err := WriteXLSX(&buf, tmpl); err != nil {
		t.Fatal(err)
	}
	wb, err := ReadXLSX(&buf, Limits{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	rows, err := wb.Rows("导入模板")
	if err != nil {
		t.Fatal(err)
	}
	items, problems := contactImport().Run(rows)
	if len(problems) > 0 {
		t.Fatalf("problems = %v", problems)
	}
	want := []contact{{"示例企业", "13800000000", 12}, {"平湖新材料", "13912345678", 30}}
	if !reflect.DeepEqual(items, want) {
		t.Errorf("items = %v, want %v", items, want)
	}
}
