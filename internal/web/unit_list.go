package web

import (
	"net/http"
	"net/url"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/org"
)

type unitListView struct {
	Page
	Filter    url.Values
	Kinds     []org.Kind
	Units     []org.Unit
	Tree      bool
	Pager     Pager
	CanManage bool
}

// unitList shows the tree of units in scope, or a filtered flat list when
// a filter is set.
func (h *Web) unitList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := unitListView{Page: h.page(r, "page.units"), Filter: filterValues(q, "q", "kind", "active"), Kinds: org.Kinds,
		CanManage: a.Can(access.ManageUnits)}
	if len(v.Filter) == 0 {
		units, err := h.Units.Tree(r.Context(), a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Tree, v.Units = true, units
		h.render(w, r, http.StatusOK, "units", v)
		return
	}
	page := queryPage(r)
	list, err := h.Units.List(r.Context(), a, org.Filter{Kind: org.Kind(q.Get("kind")), Query: q.Get("q"),
		Active: queryBool(q, "active"), Page: page})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Units = list.Items
	v.Pager = newPager("/units", v.Filter, page.Number, page.Size, list.Total)
	h.render(w, r, http.StatusOK, "units", v)
}
