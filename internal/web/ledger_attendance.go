package web

import (
	"net/http"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/report/ledger"
)

// ledgerAttendance is the attendance ledger (考勤台账): every invitation
// behind the attendance page's figures with its status, for the same URL
// parameters (as_of, campaign_id, activity_id, unit_id, status).
func (h *Web) ledgerAttendance(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesCampaigns(a)) {
		return
	}
	query, _, err := h.attendanceQuery(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(r, "export.attendance")
	q := r.URL.Query()
	items, total, err := allPages(func(page db.Page) (db.List[campaignPerson], error) {
		return h.Campaigns.People(r.Context(), a, peopleQuery(query, queryID(q, "unit_id"), q.Get("status"), page))
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("export.attendance.sheet"), Title: ledgerTitle(p, "export.attendance", h.Now(), len(items), total)}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.activity_date", ledger.DateTime}, {"export.col.activity", ledger.Text}, {"export.col.unit", ledger.Text},
		{"export.col.person", ledger.Text}, {"export.col.attendance", ledger.Text},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, x := range items {
		s.Rows = append(s.Rows, []any{x.StartsAt, x.ActivityTitle, x.UnitName, x.UserName, p.AttendanceStatus(x.Status)})
	}
	h.sendLedger(w, r, "attendance", p.T("export.attendance.file"), s)
}
