package web

import (
	"net/http"
	"net/url"
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
)

type auditListView struct {
	Page
	Filter  url.Values
	Actions []string
	Records []audit.Record
	Pager   Pager
}

// parseDay reads YYYY-MM-DD as the start of that day in China Standard
// Time; an unreadable date is ignored as a filter (and kept in the form).
func parseDay(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02", s, i18n.Zone)
	if err != nil {
		return time.Time{}
	}
	return t
}

func (h *Web) auditList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	page := queryPage(r)
	f := audit.Filter{From: parseDay(q.Get("from")), Actor: q.Get("actor"), Action: q.Get("action"),
		Entity: q.Get("entity"), EntityID: q.Get("entity_id"), Result: q.Get("result"), Page: page}
	if to := parseDay(q.Get("to")); !to.IsZero() {
		f.To = to.AddDate(0, 0, 1) // the "to" day is included
	}
	list, err := h.Audit.List(r.Context(), a, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	actions, err := h.Audit.Actions(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := auditListView{Page: h.page(r, "page.audit"), Filter: filterValues(q, "from", "to", "actor", "action", "entity", "entity_id", "result"),
		Actions: actions, Records: list.Items}
	v.Pager = newPager("/audit", v.Filter, page.Number, page.Size, list.Total)
	h.render(w, r, http.StatusOK, "audit", v)
}
