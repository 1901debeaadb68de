package web

import (
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/report/ledger"
)

// ledgerVolunteerHours exports the reports of hours on the activities the
// list shows for the same URL (台账 of volunteer hours): the volunteer's
// name, their mobile masked, the activity, its type and day, the hours
// and where the report stands.
func (h *Web) ledgerVolunteerHours(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesVolunteers(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "vol.export.hours")
	d := volunteerDict{p}
	bad := errs.Fields{}
	f := volunteerActivityFilter(r, bad)
	if err := bad.Err(); err != nil {
		h.renderError(w, r, err)
		return
	}
	items, err := h.Volunteers.LedgerHours(r.Context(), a, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("vol.export.hours.sheet"), Title: ledgerTitle(p, "vol.export.hours", h.Now(), len(items), len(items))}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.id", ledger.Int}, {"vol.field.name", ledger.Text}, {"vol.field.mobile", ledger.Text}, {"vol.field.activity", ledger.Text},
		{"vol.field.kind", ledger.Text}, {"vol.field.day", ledger.Text}, {"vol.field.hours", ledger.Text}, {"vol.field.status", ledger.Text},
		{"vol.field.reported_at", ledger.DateTime},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, x := range items {
		s.Rows = append(s.Rows, []any{x.ID, x.VolunteerName, x.Mobile, x.ActivityTitle, d.KindName(x.Kind), x.Day, d.Hours(x.Hours),
			d.StatusName(x.Status), x.ReportedAt})
	}
	h.sendLedger(w, r, "volunteer-hours", p.T("vol.export.hours.file"), s)
}
