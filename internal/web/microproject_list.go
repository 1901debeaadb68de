package web

import (
	"net/http"
	"net/url"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/microproject"
)

var microprojectFilters = []string{"q", "unit_id", "year", "stage", "kind", "category", "from", "to", "sort"}

type microprojectListView struct {
	mpDict
	Filter      url.Values
	FilterErrs  map[string]string
	Stages      []microproject.Stage
	Sorts       []string
	Communities []microproject.Place
	Items       []microproject.Project
	Pager       Pager
	CanCreate   bool
	CanSettings bool
	LedgerHref  string
}

func (v microprojectListView) Filtered() bool { return len(v.Filter) > 0 }

// microprojectPageFilter reads the list's filters from the URL, the same
// for the page and the ledger.
func microprojectPageFilter(q url.Values, bad errs.Fields) microproject.Filter {
	return microproject.Filter{Query: strings.TrimSpace(q.Get("q")), UnitID: queryID(q, "unit_id"), Year: queryInt(q, "year"),
		Stage: microproject.Stage(strings.TrimSpace(q.Get("stage"))), Kind: microproject.Kind(strings.TrimSpace(q.Get("kind"))),
		Category: microproject.Category(strings.TrimSpace(q.Get("category"))),
		From:     pageDay(q, "from", false, bad), To: pageDay(q, "to", true, bad), Sort: strings.TrimSpace(q.Get("sort"))}
}

func (h *Web) microprojectList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := microprojectListView{mpDict: mpDict{h.page(r, "mp.page.list")}, Filter: filterValues(q, microprojectFilters...),
		Stages: microproject.Stages, Sorts: microproject.SortKeys, CanCreate: microproject.MayCreate(a),
		CanSettings: microproject.MaySetSettings(a)}
	v.LedgerHref = ledgerHref("/ledgers/microprojects.xlsx", v.Filter)
	bad := errs.Fields{}
	f := microprojectPageFilter(q, bad)
	f.Page = queryPage(r)
	var err error
	if v.Communities, err = h.Microprojects.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, listErr := listAfter(bad, func() (db.List[microproject.Project], error) { return h.Microprojects.List(r.Context(), a, f) })
	status, fields, ok := h.listStatus(w, r, listErr)
	if !ok {
		return
	}
	v.Items, v.FilterErrs = l.Items, fields
	v.Pager = newPager("/microprojects", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	h.render(w, r, status, "microprojects", v)
}
