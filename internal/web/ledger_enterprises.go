package web

import (
	"net/http"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/report/ledger"
)

// ledgerEnterprises exports the registry as the enterprise list filters
// it (the same parameters), with each enterprise's 四个一 and its primary
// contact, the phone masked.
func (h *Web) ledgerEnterprises(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesDashboard(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "export.enterprises")
	ctx := r.Context()
	f := enterpriseFilter(r)
	items, total, err := allPages(func(page db.Page) (db.List[enterprise.Enterprise], error) {
		f.Page = page
		return h.Enterprises.List(ctx, a, f)
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	ids := make([]int64, len(items))
	for i, e := range items {
		ids[i] = e.ID
	}
	contacts, err := h.Enterprises.PrimaryContacts(ctx, a, ids)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("export.enterprises.sheet"), Title: ledgerTitle(p, "export.enterprises", h.Now(), len(items), total)}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.enterprise_name", ledger.Text}, {"export.col.credit_code", ledger.Text}, {"export.col.enterprise_community", ledger.Text},
		{"export.col.address", ledger.Text}, {"export.col.industry", ledger.Text}, {"export.col.above_scale", ledger.Text},
		{"export.col.top100", ledger.Text}, {"export.col.status", ledger.Text}, {"export.col.leader", ledger.Text},
		{"export.col.assigned_department", ledger.Text}, {"export.col.specialist", ledger.Text},
		{"export.col.contact", ledger.Text}, {"export.col.contact_position", ledger.Text}, {"export.col.contact_phone", ledger.Text},
		{"export.col.created_at", ledger.Date},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, e := range items {
		ct := contacts[e.ID]
		industry := ""
		if e.Industry != "" {
			industry = p.IndustryName(e.Industry)
		}
		s.Rows = append(s.Rows, []any{e.Name, e.CreditCode, e.CommunityName, e.Address, industry,
			yesNo(p, e.AboveScale), yesNo(p, e.Top100), p.EnterpriseStatus(e.Status),
			e.LeaderName, e.DepartmentName, e.SpecialistName, ct.Name, ct.Position, ct.MaskedPhone(), e.CreatedAt})
	}
	h.sendLedger(w, r, "enterprises", p.T("export.enterprises.file"), s)
}
