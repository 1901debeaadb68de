package web

import (
	"net/http"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/report/ledger"
)

// visitLedgerFilter reads the visit list's filters: from, to,
// enterprise_id, community_id.
func visitLedgerFilter(r *http.Request) enterprise.VisitFilter {
	q := r.URL.Query()
	return enterprise.VisitFilter{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		EnterpriseID: queryID(q, "enterprise_id"), CommunityID: queryID(q, "community_id")}
}

// ledgerVisits exports the visits the visit list shows for the same
// URL, with each enterprise's code and community.
func (h *Web) ledgerVisits(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesDashboard(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "export.visits")
	ctx := r.Context()
	f := visitLedgerFilter(r)
	items, total, err := allPages(func(page db.Page) (db.List[enterprise.Visit], error) {
		f.Page = page
		return h.Enterprises.ListVisits(ctx, a, f)
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	var ids []int64
	seen := map[int64]bool{}
	for _, v := range items {
		if !seen[v.EnterpriseID] {
			seen[v.EnterpriseID] = true
			ids = append(ids, v.EnterpriseID)
		}
	}
	ents, err := h.Enterprises.ByIDs(ctx, a, ids)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("export.visits.sheet"), Title: ledgerTitle(p, "export.visits", h.Now(), len(items), total)}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.visit_date", ledger.Text}, {"export.col.enterprise", ledger.Text}, {"export.col.credit_code", ledger.Text},
		{"export.col.community", ledger.Text}, {"export.col.visit_form", ledger.Text}, {"export.col.visit_people", ledger.Text},
		{"export.col.findings", ledger.Text}, {"export.col.photos", ledger.Int}, {"export.col.recorded_at", ledger.DateTime},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, v := range items {
		e := ents[v.EnterpriseID]
		s.Rows = append(s.Rows, []any{v.Date, v.EnterpriseName, e.CreditCode, e.CommunityName, p.VisitForm(v.Form),
			p.People(v.People), v.Findings, len(v.Attachments), v.CreatedAt})
	}
	h.sendLedger(w, r, "visits", p.T("export.visits.file"), s)
}
