package web

import (
	"net/http"
	"net/url"
	"strconv"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/supervision"
)

// supervisionListView is the list of notices with its filters (all in the
// URL) and, above it, the figures as of the chosen date, each a link to
// the notices behind it.
type supervisionListView struct {
	Page
	Filter     url.Values
	FilterErrs map[string]string
	List       db.List[supervision.Notice]
	Pager      Pager
	Stats      supervision.Stats
	Figures    []supervision.Figure
	States     []supervision.State
	Kinds      []supervision.Kind
	CanIssue   bool
	Escalation bool // the escalation list rather than the whole list
}

// FigureHref links a figure, of one unit or all (0), to its list.
func (v supervisionListView) FigureHref(f supervision.Figure, unit int64) string {
	q := url.Values{"figure": {string(f)}, "as_of": {v.Stats.AsOf}}
	if unit > 0 {
		q.Set("unit_id", strconv.FormatInt(unit, 10))
	}
	return "/supervisions?" + q.Encode()
}

// FigureOf picks one figure from a set.
func (v supervisionListView) FigureOf(f supervision.Figure, x supervision.Figures) int {
	switch f {
	case supervision.FigureOpen:
		return x.Open
	case supervision.FigureOnTime:
		return x.OnTime
	case supervision.FigureLate:
		return x.Late
	}
	return x.Overdue
}

// supervisionFilter reads the list's filters; a bad one is reported on
// the page and the list shown without it.
func supervisionFilter(q url.Values) (supervision.Filter, map[string]string) {
	bad := map[string]string{}
	f := supervision.Filter{State: supervision.State(q.Get("state")), TargetKind: supervision.Kind(q.Get("target_kind")),
		Figure: supervision.Figure(q.Get("figure")), AsOf: q.Get("as_of")}
	if f.State != "" && !f.State.Valid() {
		bad["state"], f.State = "err.supervision_state", ""
	}
	if f.TargetKind != "" && !f.TargetKind.Valid() {
		bad["target_kind"], f.TargetKind = "err.supervision_kind", ""
	}
	if f.Figure != "" && !f.Figure.Valid() {
		bad["figure"], f.Figure = "err.supervision_figure", ""
	}
	if f.AsOf != "" {
		if _, ok := supervision.AsOfDate(f.AsOf); !ok {
			bad["as_of"], f.AsOf = "err.bad_date", ""
		}
	}
	for name, dst := range map[string]*int64{"unit_id": &f.UnitID, "target_id": &f.TargetID} {
		if s := q.Get(name); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				bad[name] = "err.bad_id"
				continue
			}
			*dst = n
		}
	}
	if s := q.Get("level"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 || n > 2 {
			bad["level"] = "err.supervision_level"
		} else {
			f.MinLevel = supervision.Level(n)
		}
	}
	page, _ := strconv.Atoi(q.Get("page"))
	f.Page = db.NewPage(page, db.DefaultPageSize)
	return f, bad
}

// supervisionList is the notices the user may see. Roles that neither
// issue nor receive notices get 404.
func (h *Web) supervisionList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesSupervision(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	f, bad := supervisionFilter(q)
	list, err := h.Supervision.List(r.Context(), a, f)
	if errs.CodeOf(err) == errs.Invalid {
		for k, v := range errs.As(err).Fields {
			bad[k] = v
		}
		f.UnitID = 0
		list, err = h.Supervision.List(r.Context(), a, f)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	st, err := h.Supervision.Stats(r.Context(), a, f.AsOf)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := supervisionListView{Page: h.page(r, "page.supervisions"), Filter: q, FilterErrs: bad, List: list,
		Pager: newPager("/supervisions", q, list.Page, list.PageSize, list.Total), Stats: st,
		Figures: supervision.FigureNames, States: supervision.States, Kinds: supervision.Kinds, CanIssue: issuesSupervision(a)}
	h.render(w, r, http.StatusOK, "supervisions", v)
}

// supervisionEscalated is the escalation list: the office sees every
// notice past its deadline and unanswered, the leaders those more than
// three days past it. Nobody else has one.
func (h *Web) supervisionEscalated(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	list, err := h.Supervision.Escalated(r.Context(), a, db.NewPage(page, db.DefaultPageSize))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := supervisionListView{Page: h.page(r, "page.supervision_escalated"), Filter: url.Values{}, List: list,
		Pager: newPager("/supervisions/escalated", url.Values{}, list.Page, list.PageSize, list.Total), Escalation: true,
		CanIssue: issuesSupervision(a)}
	h.render(w, r, http.StatusOK, "supervisions", v)
}
