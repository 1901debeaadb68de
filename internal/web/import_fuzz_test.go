package web

import (
	"testing"

	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
)

// Whatever a spreadsheet row holds, the import's parser never panics, and
// every row it reads is either one enterprise or its problems, never both
// and never neither. A problem names one of the template's columns, the
// row as Excel numbers it and a message the catalog has; an enterprise
// has a community of the scope and an industry, status and flags in the
// registry's own values.
func FuzzImportRow(f *testing.F) {
	f.Add("平湖精密", "91440300MA5G00001W", "平湖社区", "平新北路 1 号", "C", "是", "否", "在营")
	f.Add("x", "", "", "", "manufacturing", "yes", "N", "operating")
	f.Add(importExample[0], "", "山厦社区", "", "制造业", "maybe", "", "closed")
	f.Add("'=cmd", "'@x", " 平湖社区\u3000", "", "c", "TRUE", "false", "已迁出")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("\ufeff", "\u200b", "Z", "", "Ｃ", "是 ", "", "MOVED_OUT")
	communities := []org.Unit{{ID: 3, Name: "平湖社区"}, {ID: 4, Name: "山厦社区"}}
	cat := i18n.MustLoad()
	column := map[string]bool{}
	for _, h := range importHeaders {
		column[h] = true
	}
	f.Fuzz(func(t *testing.T, name, code, community, address, industry, above, top100, status string) {
		row := []string{name, code, community, address, industry, above, top100, status}
		items, problems := enterpriseImport(communities).Run([][]string{importHeaders, row})
		if len(items) > 0 && len(problems) > 0 || len(items) > 1 {
			t.Fatalf("%q: %d enterprises and %d problems from one row", row, len(items), len(problems))
		}
		if len(items) == 0 && len(problems) == 0 && !emptyCells(row) {
			t.Fatalf("%q: a row with text read as nothing", row)
		}
		for _, p := range problems {
			if p.Row != 2 || !column[p.Column] || !cat.Has(i18n.Hans, p.Message) || !cat.Has(i18n.En, p.Message) {
				t.Fatalf("%q: problem %+v", row, p)
			}
		}
		for _, it := range items {
			in := it.In
			if it.Row != 2 || in.Name == nil || in.CreditCode == nil || in.CommunityID == nil ||
				(*in.CommunityID != 3 && *in.CommunityID != 4) || in.AboveScale == nil || in.Top100 == nil {
				t.Fatalf("%q: read as %+v", row, it)
			}
			if in.Industry != nil && (*in.Industry == "" || !enterprise.ValidIndustry(*in.Industry)) {
				t.Fatalf("%q: industry %q", row, *in.Industry)
			}
			if in.Status != nil && !in.Status.Valid() {
				t.Fatalf("%q: status %q", row, *in.Status)
			}
		}
	})
}

// emptyCells: a row the import skips, as a spreadsheet user sees it.
func emptyCells(row []string) bool {
	items, problems := enterpriseImport(nil).Run([][]string{importHeaders, row, {"x"}})
	// The marker row "x" is always read (a problem: no community), so a
	// skipped row leaves exactly the marker's problems, all on row 3.
	for _, p := range problems {
		if p.Row != 3 {
			return false
		}
	}
	return len(items) == 0
}
