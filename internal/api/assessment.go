package api

import (
	"bytes"
	"net/http"
	"strconv"

	"pinghu/internal/assessment"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
	"pinghu/internal/report/ledger"
)

// assessmentRoutes are the cadre assessment reference: every cadre's
// parts for a year (JSON or the .xlsx ledger) and one cadre's records.
func (a *API) assessmentRoutes() []edge.Route {
	s := edge.Signed
	xlsx := rt(http.MethodGet, "/assessment/cadres.xlsx", s, a.assessmentLedger)
	xlsx.Cost = edge.Export
	return []edge.Route{
		rt(http.MethodGet, "/assessment/cadres", s, a.assessmentCadres),
		xlsx,
		rt(http.MethodGet, "/assessment/cadres/{id}", s, a.assessmentCadre),
	}
}

// assessmentFilter reads year (required), unit_id and q.
// The caller's right to the reference is checked first, so that someone
// without it learns nothing from the answer to a bad year.
func assessmentFilter(p *params) assessment.Filter {
	f := assessment.Filter{UnitID: p.id("unit_id"), Query: p.text("q")}
	if p.raw("year") == "" {
		p.f.Add("year", "err.required")
	}
	f.Year = p.int("year", 0)
	return f
}

// assessmentRequest checks the caller's right to the reference, then
// reads its parameters; false when it has answered already.
func assessmentRequest(w http.ResponseWriter, r *http.Request) (assessment.Filter, bool) {
	if !assessment.Sees(edge.Actor(r)) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return assessment.Filter{}, false
	}
	p := query(r)
	f := assessmentFilter(p)
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return f, false
	}
	return f, true
}

// assessmentReport is the reference the request asks for; false when it
// has answered already.
func (a *API) assessmentReport(w http.ResponseWriter, r *http.Request) (assessment.Report, bool) {
	f, ok := assessmentRequest(w, r)
	if !ok {
		return assessment.Report{}, false
	}
	rep, err := a.Assessment.Cadres(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return rep, false
	}
	return rep, true
}

// assessmentCadres answers the reference: per cadre the parts, and each
// rate as numerator and denominator (its value is theirs to compute; no
// rate is given when the denominator is zero).
func (a *API) assessmentCadres(w http.ResponseWriter, r *http.Request) {
	if rep, ok := a.assessmentReport(w, r); ok {
		edge.WriteJSON(w, http.StatusOK, rep)
	}
}

func (a *API) assessmentCadre(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	f, ok := assessmentRequest(w, r)
	if !ok {
		return
	}
	c, err := a.Assessment.One(r.Context(), edge.Actor(r), f.Year, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, c)
}

// assessmentLedger is the reference as .xlsx, in the caller's language,
// for the annual assessment.
func (a *API) assessmentLedger(w http.ResponseWriter, r *http.Request) {
	rep, ok := a.assessmentReport(w, r)
	if !ok {
		return
	}
	actor := edge.Actor(r)
	t := func(key string, args ...any) string { return a.Cat.T(actor.Lang, key, args...) }
	s := assessment.Sheet(rep, t)
	for _, row := range s.Rows {
		for i, c := range row {
			if v, ok := c.(string); ok {
				row[i] = pii.MaskText(v)
			}
		}
	}
	var buf bytes.Buffer
	if err := ledger.WriteXLSX(&buf, s); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	hdr.Set("Content-Disposition", `attachment; filename="cadre-assessment-`+strconv.Itoa(rep.Year)+`.xlsx"`)
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w)
}
