package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
	"pinghu/internal/report/ledger"
)

// The registry's bulk import: an .xlsx in the template's columns, every
// row parsed and then checked as the registry checks one enterprise, and
// written all together in one transaction only when no row has a problem.
// Otherwise every problem is shown with its row, its column and its
// reason, and nothing is written.

// importHeaders are the template's columns, exactly and in order. They
// are the file's format, so they stay Chinese whatever the page's
// language.
var importHeaders = []string{"企业名称", "统一社会信用代码", "所属社区", "地址", "行业门类", "规上工业", "百强", "状态"}

// importColumn names the column of each field of enterprise.Input, for
// the problems the service finds.
//
// #nosec G101 -- column names, not credentials
var importColumn = map[string]string{"name": "企业名称", "credit_code": "统一社会信用代码", "community_id": "所属社区",
	"address": "地址", "industry": "行业门类", "above_scale": "规上工业", "top100": "百强", "status": "状态"}

// maxImportFile caps the uploaded file; the body may carry a little more
// (the multipart framing).
const (
	maxImportFile = 10 << 20
	maxImportBody = maxImportFile + 1<<20
)

// maxImportProblems bounds the problems shown; the count says how many
// more there are.
const maxImportProblems = 500

// importExample is the template's example row. Left in a file, it is
// refused with its own message rather than registered.
var importExample = []string{"示例：平湖精密制造有限公司", "91440300MA5G00001W", "平湖社区", "平湖街道平新北路 1 号", "C", "是", "否", "在营"}

type importView struct {
	Page
	Headers     []string
	Communities []org.Unit
	MaxMiB      int
	Alert       string // a catalog key: the file could not be read at all
	Problems    []importProblem
	More        int // problems beyond those shown
	Rows        int // enterprises read from the file
	Created     int // enterprises registered
}

// importProblem is one problem as the page shows it.
type importProblem struct {
	Row            int
	Column, Reason string
	Value          string
}

// importRow is one parsed row: what will be registered, and where it
// came from.
type importRow struct {
	Row int
	In  enterprise.Input
}

func (h *Web) importView(r *http.Request) (importView, error) {
	v := importView{Page: h.page(r, "page.enterprise_import"), Headers: importHeaders, MaxMiB: maxImportFile >> 20}
	v.Crumbs = []Crumb{{Key: "nav.enterprises", Href: "/enterprises"}}
	var err error
	v.Communities, err = h.communities(r)
	return v, err
}

// importForm shows the upload form, the rules and the template link.
func (h *Web) importForm(w http.ResponseWriter, r *http.Request) {
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	v, err := h.importView(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "import_enterprises", v)
}

// importTemplate is the empty template with its header and example row.
func (h *Web) importTemplate(w http.ResponseWriter, r *http.Request) {
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "page.enterprise_import")
	s := ledger.Template(importHeaders, importExample)
	s.Name = p.T("import.sheet")
	var buf bytes.Buffer
	if err := ledger.WriteXLSX(&buf, s); err != nil {
		h.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", contentDisposition("enterprise-import-template.xlsx", p.T("import.template_file")+".xlsx"))
	w.Header().Set("Cache-Control", "no-store")
	_, _ = buf.WriteTo(w)
}

// importUpload reads the file, checks every row and registers them all,
// or none.
func (h *Web) importUpload(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !enterprise.RightsOf(a).Manage {
		h.NotFound(w, r)
		return
	}
	v, err := h.importView(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	fail := func(key string) {
		v.Alert = key
		h.render(w, r, http.StatusUnprocessableEntity, "import_enterprises", v)
	}
	wb, key := readImportFile(r)
	if key != "" {
		fail(key)
		return
	}
	defer wb.Close()
	sheet, err := wb.Rows("")
	if err != nil {
		fail(ledger.MessageKey(err))
		return
	}
	items, problems := enterpriseImport(v.Communities).Run(sheet)
	ins := make([]enterprise.Input, len(items))
	for i, it := range items {
		ins[i] = it.In
	}
	v.Rows = len(items) + countRows(problems)
	// The rows that parsed are checked as the registry checks them even
	// when others did not, so that one round shows every problem.
	checked, err := h.Enterprises.CheckImport(r.Context(), a, ins)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	located := func(p enterprise.ImportProblem) ledger.RowError {
		e := ledger.RowError{Column: importColumn[p.Field], Message: p.Message}
		if p.Index < len(items) {
			e.Row, e.Value = items[p.Index].Row, importValue(items[p.Index].In, p.Field)
		}
		return e
	}
	for _, p := range checked {
		problems = append(problems, located(p))
	}
	if len(problems) == 0 && len(items) == 0 {
		fail("import.err.empty")
		return
	}
	if len(problems) == 0 {
		ids, more, err := h.Enterprises.Import(r.Context(), a, ins)
		if err != nil && errs.CodeOf(err) != errs.Invalid {
			h.renderError(w, r, err)
			return
		}
		// A code registered by someone else since the check: the unique
		// index refused it and the whole batch rolled back.
		for f, msg := range errs.As(err).Fields {
			problems = append(problems, ledger.RowError{Column: importColumn[f], Message: msg})
		}
		for _, p := range more {
			problems = append(problems, located(p))
		}
		if len(problems) == 0 {
			v.Created = len(ids)
			h.render(w, r, http.StatusOK, "import_enterprises", v)
			return
		}
	}
	slices.SortStableFunc(problems, func(x, y ledger.RowError) int { return x.Row - y.Row })
	for i, p := range problems {
		if i == maxImportProblems {
			v.More = len(problems) - i
			break
		}
		v.Problems = append(v.Problems, importProblem{Row: p.Row, Column: p.Column, Reason: v.T(p.Message), Value: p.Value})
	}
	h.render(w, r, http.StatusUnprocessableEntity, "import_enterprises", v)
}

// countRows counts the distinct rows among problems.
func countRows(problems []ledger.RowError) int {
	seen := map[int]bool{}
	for _, p := range problems {
		seen[p.Row] = true
	}
	return len(seen)
}

// importValue is the value a service problem is about, as typed.
func importValue(in enterprise.Input, field string) string {
	switch field {
	case "credit_code":
		if in.CreditCode != nil {
			return *in.CreditCode
		}
	case "name":
		if in.Name != nil {
			return *in.Name
		}
	}
	return ""
}

// readImportFile finds the file in the multipart form and reads it within
// the limits; key is a catalog key when it cannot.
func readImportFile(r *http.Request) (*ledger.Workbook, string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "import.err.no_file"
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return nil, "import.err.no_file"
		}
		if err != nil {
			if tooLarge(err) {
				return nil, "ledger.too_large"
			}
			return nil, "import.err.no_file"
		}
		if part.FormName() != "file" {
			continue
		}
		if part.FileName() == "" {
			return nil, "import.err.no_file"
		}
		wb, err := ledger.ReadXLSX(part, ledger.Limits{MaxBytes: maxImportFile, MaxRows: enterprise.MaxImport + 1})
		if err != nil {
			if tooLarge(err) {
				return nil, "ledger.too_large"
			}
			if errors.Is(err, ledger.ErrNotXLSX) && strings.Contains(err.Error(), "no worksheet") {
				return nil, "ledger.no_sheet"
			}
			return nil, ledger.MessageKey(err)
		}
		return wb, ""
	}
}

func tooLarge(err error) bool {
	var mb *http.MaxBytesError
	return errors.As(err, &mb)
}

// enterpriseImport parses the template's rows: the community by its exact
// name among those of the actor's scope, the industry by its code or its
// name, the flags as 是 or 否 (empty is 否), the status by its name (empty
// is operating). Whether the values are good for the registry — the
// credit code's check character, lengths, duplicates — is the service's
// to say (CheckImport), for every row that parsed.
func enterpriseImport(communities []org.Unit) ledger.Import[importRow] {
	byName := map[string]int64{}
	for _, c := range communities {
		byName[c.Name] = c.ID
	}
	industries := map[string]string{}
	for _, in := range enterprise.Industries {
		industries[in.Code] = in.Code
		industries[in.Name] = in.Code
		industries[strings.ToLower(in.NameEn)] = in.Code
	}
	cat := i18n.MustLoad()
	statuses := map[string]enterprise.Status{}
	for _, s := range enterprise.Statuses {
		statuses[string(s)] = s
		for _, lang := range i18n.Langs {
			statuses[strings.ToLower(cat.T(lang, "enterprise.status."+string(s)))] = s
		}
	}
	flag := func(s string) (bool, bool) {
		switch strings.ToLower(s) {
		case "是", "yes", "y", "true":
			return true, true
		case "否", "no", "n", "false", "":
			return false, true
		}
		return false, false
	}
	return ledger.Import[importRow]{
		Headers: importHeaders,
		Parse: func(row int, cells map[string]string) (importRow, []ledger.RowError) {
			var problems []ledger.RowError
			bad := func(column, msg string) {
				problems = append(problems, ledger.RowError{Column: column, Message: msg, Value: cells[column]})
			}
			name, code := cells["企业名称"], cells["统一社会信用代码"]
			if name == importExample[0] {
				return importRow{}, []ledger.RowError{{Column: "企业名称", Message: "import.err.example_row", Value: name}}
			}
			address := cells["地址"]
			in := enterprise.Input{Name: &name, CreditCode: &code, Address: &address}
			if c := cells["所属社区"]; c == "" {
				bad("所属社区", "err.required")
			} else if id, ok := byName[c]; ok {
				in.CommunityID = &id
			} else {
				bad("所属社区", "import.err.community")
			}
			if s := cells["行业门类"]; s != "" {
				code, ok := industries[s]
				if !ok {
					code, ok = industries[strings.ToUpper(s)]
				}
				if !ok {
					code, ok = industries[strings.ToLower(s)]
				}
				if ok {
					in.Industry = &code
				} else {
					bad("行业门类", "import.err.industry")
				}
			}
			for _, col := range []struct {
				name string
				to   **bool
			}{{"规上工业", &in.AboveScale}, {"百强", &in.Top100}} {
				b, ok := flag(cells[col.name])
				if !ok {
					bad(col.name, "import.err.flag")
					continue
				}
				*col.to = &b
			}
			if s := cells["状态"]; s != "" {
				st, ok := statuses[strings.ToLower(s)]
				if ok {
					in.Status = &st
				} else {
					bad("状态", "import.err.status")
				}
			}
			return importRow{Row: row, In: in}, problems
		},
	}
}

// ProblemCount is every problem found, shown or not.
func (v importView) ProblemCount() int { return len(v.Problems) + v.More }
