package api

import (
	"net/http"

	"pinghu/internal/audit"
	"pinghu/internal/edge"
)

// listAudit is one page of the audit log, newest first. Only the auditor
// reads it; for anyone else the service answers not_found.
//
// from and to are calendar days in China Standard Time and both are
// included: to=2022-03-01 means up to the end of that day, which is the
// start of the next day as the service's half-open [From, To) range.
func (a *API) listAudit(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := audit.Filter{
		From:     p.day("from"),
		To:       p.day("to"),
		Actor:    p.text("actor"),
		Action:   p.text("action"),
		Entity:   p.text("entity"),
		EntityID: p.text("entity_id"),
		Result:   p.text("result"),
		Page:     p.page(),
	}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		p.f.Add("to", "api.date_order")
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Audit.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}
