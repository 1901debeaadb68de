package web

import (
	"bytes"
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/overview"
	"pinghu/internal/report/summary"
)

// summaryView is the summary report's form: the period, the as-of date
// and the unit, and the report's three downloads for them.
type summaryView struct {
	Page
	Q       dashQuery
	Units   []unitGroup
	Presets []dashPreset
	Formats []summaryLink
	NoParty bool
}

// summaryLink is one way to take the report.
type summaryLink struct {
	Format, LabelKey, Href string
}

func (h *Web) summaryForm(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, overview.Sees(a)) {
		return
	}
	q := readDashQuery(r.URL.Query(), h.today())
	presets := h.dashPresets(q, summaryPath)
	if q.AsOf == "" {
		q.AsOf = h.today()
	}
	v := summaryView{Page: h.page(r, "page.summary_report"), Q: q, NoParty: h.Overview.PartyFigures == nil, Presets: presets}
	var err error
	if v.Units, err = h.overviewUnits(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	if len(q.Errs) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "summary_report", v)
		return
	}
	for _, f := range []summary.Format{summary.HTML, summary.DOCX, summary.XLSX} {
		vals := q.values()
		vals.Set("format", string(f))
		v.Formats = append(v.Formats, summaryLink{Format: string(f), LabelKey: "rpt.download." + string(f),
			Href: summaryDocPath + "?" + vals.Encode()})
	}
	h.render(w, r, http.StatusOK, "summary_report", v)
}

// summaryDocument writes the report in the reader's language and scope.
// A refused parameter shows the form again with the error beside its
// field, and nothing is written.
func (h *Web) summaryDocument(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, overview.Sees(a)) {
		return
	}
	p := h.page(r, "page.summary_report")
	vals := r.URL.Query()
	q := readDashQuery(vals, h.today())
	format, err := summary.ParseFormat(vals.Get("format"))
	if err != nil {
		q.Errs["format"] = "rpt.err.format"
	}
	if len(q.Errs) > 0 {
		h.summaryRefused(w, r, q)
		return
	}
	f, err := h.Overview.Overview(r.Context(), a, overview.Query{From: q.From, To: q.To, AsOf: q.AsOf, UnitID: q.UnitID})
	if err != nil {
		if e := errs.As(err); e.Code == errs.Invalid {
			q.Errs = e.Fields
			h.summaryRefused(w, r, q)
			return
		}
		h.renderError(w, r, err)
		return
	}
	reader, err := h.Overview.Reader(r.Context(), a, f.UnitID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	rep := summary.Build(f, p.T, p.Lang)
	src := summary.Records{Appeals: h.Appeals, Projects: h.Projects, Reader: a, ProjectsReader: reader}
	var buf bytes.Buffer
	if err := rep.Write(r.Context(), &buf, format, src, p.T); err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, hd := range rep.Headers(format, p.T) {
		w.Header().Set(hd.Name, hd.Value)
	}
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w)
}

// summaryRefused shows the form with the refused parameters named.
func (h *Web) summaryRefused(w http.ResponseWriter, r *http.Request, q dashQuery) {
	v := summaryView{Page: h.page(r, "page.summary_report"), Q: q, NoParty: h.Overview.PartyFigures == nil,
		Presets: h.dashPresets(q, summaryPath)}
	units, err := h.overviewUnits(r.Context(), edge.Actor(r))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Units = units
	h.render(w, r, http.StatusUnprocessableEntity, "summary_report", v)
}
