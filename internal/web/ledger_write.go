package web

import (
	"bytes"
	"net/http"
	"strings"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
	"pinghu/internal/report/ledger"
)

// Ledgers (台账) are the lists of the enterprise service as .xlsx or CSV:
// the same filters and the same scope as the lists on screen (the very
// service calls, page after page), personal information masked (every
// text cell, by maskCells), text
// cells escaped against formulas by package ledger, CSV with a BOM so
// that Excel reads it as UTF-8.

// maxLedgerRows caps a ledger: past it the export stops and says so in
// its title, rather than running for minutes or filling memory. Narrow
// the filters for more.
const maxLedgerRows = 100_000

// ledgerFormat is "xlsx" or "csv", from the path's extension.
func ledgerFormat(r *http.Request) string {
	if strings.HasSuffix(r.URL.Path, ".csv") {
		return "csv"
	}
	return "xlsx"
}

// sendLedger writes the sheet in the format the path asks for. The file
// is built in memory first, so that a failure is a clean error page and
// never half a file. base is the ASCII file name ("appeals"), name the
// user's ("诉求台账"); both get the date.
func (h *Web) sendLedger(w http.ResponseWriter, r *http.Request, base, name string, s ledger.Sheet) {
	maskCells(s)
	var buf bytes.Buffer
	format := ledgerFormat(r)
	var err error
	if format == "csv" {
		err = ledger.WriteCSV(&buf, s)
	} else {
		err = ledger.WriteXLSX(&buf, s)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	day := h.Now().In(i18n.Zone).Format("20060102")
	hdr := w.Header()
	if format == "csv" {
		hdr.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		hdr.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	}
	hdr.Set("Content-Disposition", contentDisposition(base+"-"+day+"."+format, name+"-"+day+"."+format))
	hdr.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w)
}

// maskCells masks every mobile and ID number in the text cells of s, in
// place: a ledger leaves the system, so no cell may carry a number in full,
// whether the column holds a phone or a note someone typed a number into.
func maskCells(s ledger.Sheet) {
	for _, row := range s.Rows {
		for i, c := range row {
			if t, ok := c.(string); ok {
				row[i] = pii.MaskText(t)
			}
		}
	}
}

// contentDisposition is an attachment header with an ASCII file name for
// old clients and the UTF-8 one (RFC 6266, RFC 5987 encoding) that every
// current browser prefers.
func contentDisposition(ascii, utf8Name string) string {
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + rfc5987(utf8Name)
}

// rfc5987 percent-encodes everything but RFC 5987's attr-char.
func rfc5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
			continue
		}
		const hex = "0123456789ABCDEF"
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// ledgerTitle is the title row of a ledger: its name, when it was taken
// and how many rows it holds, saying so when the cap cut it short.
func ledgerTitle(p Page, key string, at time.Time, n, total int) string {
	if n < total {
		return p.T("export.title_cut", p.T(key), p.Time(at), n, total)
	}
	return p.T("export.title", p.T(key), p.Time(at), n)
}

// yesNo is a flag as a ledger shows it.
func yesNo(p Page, v bool) string {
	if v {
		return p.T("export.yes")
	}
	return p.T("export.no")
}

// allPages reads every page of a list, up to maxLedgerRows rows, through
// the same service call the list page makes, so that a ledger holds what
// its list shows and nothing outside the reader's scope. It returns the
// rows and the list's total, which may be more than the rows kept.
func allPages[T any](fetch func(page db.Page) (db.List[T], error)) ([]T, int, error) {
	var items []T
	total := 0
	for page := 1; ; page++ {
		list, err := fetch(db.NewPage(page, db.MaxPageSize))
		if err != nil {
			return nil, 0, err
		}
		total = list.Total
		items = append(items, list.Items...)
		if len(list.Items) < db.MaxPageSize || len(items) >= min(list.Total, maxLedgerRows) {
			break
		}
	}
	if len(items) > maxLedgerRows {
		items = items[:maxLedgerRows]
	}
	return items, total, nil
}

// CanExport says whether the page may offer its list as a ledger: the
// roles that see the enterprise service's figures.
func (p Page) CanExport() bool { return seesDashboard(p.Actor) }
