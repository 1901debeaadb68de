package web

import (
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/report/ledger"
	"pinghu/internal/thinktank"
)

// ledgerConsultations exports the consultations the list shows for the
// same URL, every page of them, with the response time and the rating.
func (h *Web) ledgerConsultations(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !thinktank.SeesConsultations(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "tt.export")
	d := ttDict{p}
	bad := errs.Fields{}
	f := consultationPageFilter(r.URL.Query(), bad)
	if err := bad.Err(); err != nil {
		h.renderError(w, r, err)
		return
	}
	items, err := h.ThinkTank.All(r.Context(), a, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("tt.export.sheet"), Title: ledgerTitle(p, "tt.export", h.Now(), len(items), len(items))}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.id", ledger.Int}, {"tt.field.topic", ledger.Text}, {"tt.field.field", ledger.Text}, {"tt.field.urgency", ledger.Text},
		{"tt.field.requester", ledger.Text}, {"tt.field.community", ledger.Text}, {"tt.field.expert", ledger.Text},
		{"tt.field.state", ledger.Text}, {"tt.field.requested_at", ledger.Text}, {"tt.field.answered_at", ledger.Text},
		{"tt.field.response_hours", ledger.Text}, {"tt.field.rating", ledger.Int},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, k := range items {
		var hours, rating any
		if !k.AnsweredAt.IsZero() {
			hours = d.Hours(k.ResponseHours)
		}
		if k.Rating > 0 {
			rating = k.Rating
		}
		s.Rows = append(s.Rows, []any{k.ID, k.Topic, d.FieldName(k.Field), d.UrgencyName(k.Urgency), k.Requester(), k.CommunityName,
			k.ExpertName, d.StateName(k.State), d.DayOf(k.RequestedAt), d.DayOf(k.AnsweredAt), hours, rating})
	}
	h.sendLedger(w, r, "consultations", p.T("tt.export.file"), s)
}
