package web

import (
	"net/http"
	"net/url"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/assessment"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/org"
)

// assessmentRoutes are the cadre assessment reference: every cadre's
// parts for a year, one cadre's records behind them, and the ledger.
func (h *Web) assessmentRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/assessment", Access: s, Handler: h.assessmentList},
		{Method: "GET", Pattern: "/assessment.xlsx", Access: s, Handler: h.assessmentLedger, Cost: edge.Export},
		{Method: "GET", Pattern: "/assessment/{id}", Access: s, Handler: h.assessmentCadre},
	}
}

type assessmentView struct {
	Page
	Report  assessment.Report
	Filter  url.Values
	Year    int
	Years   []int
	Units   []org.Unit
	All     bool // the actor sees every cadre, not only themselves
	BadYear string
}

// assessmentFilter reads year (this year by default), unit_id and q.
func (h *Web) assessmentFilter(q url.Values) assessment.Filter {
	f := assessment.Filter{Year: h.Now().In(i18n.Zone).Year(), UnitID: queryID(q, "unit_id"), Query: q.Get("q")}
	if y := q.Get("year"); y != "" {
		f.Year, _ = strconv.Atoi(y) // an unreadable year is refused by the service
	}
	return f
}

func (h *Web) assessmentList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !assessment.Sees(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	f := h.assessmentFilter(q)
	v := assessmentView{Page: h.page(r, "page.assessment"), Filter: filterValues(q, "year", "unit_id", "q"),
		Year: f.Year, All: a.Role == access.Leader || a.Role == access.Office}
	for y := h.Now().In(i18n.Zone).Year(); y >= 2022; y-- {
		v.Years = append(v.Years, y)
	}
	rep, err := h.Assessment.Cadres(r.Context(), a, f)
	if err != nil {
		if e := errs.As(err); e != nil && e.Code == errs.Invalid {
			v.BadYear = e.Fields["year"]
			h.render(w, r, http.StatusUnprocessableEntity, "assessment", v)
			return
		}
		h.renderError(w, r, err)
		return
	}
	v.Report = rep
	if v.All {
		tree, err := h.Units.Tree(r.Context(), a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, u := range tree {
			if (u.Kind == org.Department || u.Kind == org.Community) && u.Active {
				v.Units = append(v.Units, u)
			}
		}
	}
	h.render(w, r, http.StatusOK, "assessment", v)
}

func (h *Web) assessmentLedger(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !assessment.Sees(a) {
		h.NotFound(w, r)
		return
	}
	rep, err := h.Assessment.Cadres(r.Context(), a, h.assessmentFilter(r.URL.Query()))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(r, "page.assessment")
	s := assessment.Sheet(rep, p.T)
	h.sendLedger(w, r, "cadre-assessment-"+strconv.Itoa(rep.Year), p.T("assessment.file", rep.Year), s)
}

type assessmentCadreView struct {
	Page
	Cadre assessment.Cadre
	Back  string
}

func (h *Web) assessmentCadre(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || !assessment.Sees(a) {
		h.NotFound(w, r)
		return
	}
	f := h.assessmentFilter(r.URL.Query())
	c, err := h.Assessment.One(r.Context(), a, f.Year, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := assessmentCadreView{Page: h.page(r, "page.assessment"), Cadre: c,
		Back: "/assessment?year=" + strconv.Itoa(c.Year)}
	v.Title = c.Row.Name
	h.render(w, r, http.StatusOK, "assessment_cadre", v)
}
