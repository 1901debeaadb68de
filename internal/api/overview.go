package api

import (
	"bytes"
	"context"
	"net/http"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/overview"
	"pinghu/internal/report/summary"
)

// overviewRoutes are the overview (街道总览), the comparison of the
// sub-districts and the summary report written from them. The report
// spends the export budget: it reads every module and, as .xlsx, lists
// the records behind the figures.
func (a *API) overviewRoutes() []edge.Route {
	s := edge.Signed
	rep := rt(http.MethodGet, "/reports/summary", s, a.summaryReport)
	rep.Cost = edge.Export
	return []edge.Route{
		rt(http.MethodGet, "/stats/overview", s, a.overviewStats),
		rt(http.MethodGet, "/stats/overview/subdistricts", s, a.overviewSubdistricts),
		rep,
	}
}

// overviewQuery reads from, to, as_of and unit_id; the overview checks
// the dates and names the bad one.
func overviewQuery(p *params) overview.Query {
	return overview.Query{From: p.raw("from"), To: p.raw("to"), AsOf: p.raw("as_of"), UnitID: p.id("unit_id")}
}

// overviewRequest reads an overview's query for those who have the
// overview; anyone else learns nothing, not even that a date is bad.
// extra reads the route's own parameters with the same params, so that
// every bad one is named in one answer.
func overviewRequest(w http.ResponseWriter, r *http.Request, extra func(p *params)) (access.Actor, overview.Query, bool) {
	actor := edge.Actor(r)
	if !overview.Sees(actor) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return actor, overview.Query{}, false
	}
	p := query(r)
	q := overviewQuery(p)
	if extra != nil {
		extra(p)
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return actor, q, false
	}
	return actor, q, true
}

// overviewStats answers overview.Figures: every module's figures under
// enterprise_service, projects, community and party (null where the
// party figures are not kept).
func (a *API) overviewStats(w http.ResponseWriter, r *http.Request) {
	answerOverview(w, r, a.Overview.Overview)
}

// overviewSubdistricts compares the sub-districts of the caller's scope.
func (a *API) overviewSubdistricts(w http.ResponseWriter, r *http.Request) {
	answerOverview(w, r, a.Overview.Subdistricts)
}

// answerOverview answers what figures gives for the request's query.
func answerOverview[T any](w http.ResponseWriter, r *http.Request, figures func(context.Context, access.Actor, overview.Query) (T, error)) {
	actor, q, ok := overviewRequest(w, r, nil)
	if !ok {
		return
	}
	out, err := figures(r.Context(), actor, q)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, out)
}

// summaryReport writes the summary report of the overview's figures in
// the caller's language, as format=html (the default), docx or xlsx.
func (a *API) summaryReport(w http.ResponseWriter, r *http.Request) {
	var format summary.Format
	actor, q, ok := overviewRequest(w, r, func(p *params) {
		var err error
		if format, err = summary.ParseFormat(p.raw("format")); err != nil {
			p.f.Add("format", "rpt.err.format")
		}
	})
	if !ok {
		return
	}
	f, err := a.Overview.Overview(r.Context(), actor, q)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	reader, err := a.Overview.Reader(r.Context(), actor, f.UnitID)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	t := func(key string, args ...any) string { return a.Cat.T(actor.Lang, key, args...) }
	rep := summary.Build(f, t, actor.Lang)
	src := summary.Records{Appeals: a.Appeals, Projects: a.Projects, Reader: actor, ProjectsReader: reader}
	var buf bytes.Buffer
	if err := rep.Write(r.Context(), &buf, format, src, t); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	for _, h := range rep.Headers(format, t) {
		w.Header().Set(h.Name, h.Value)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w)
}
