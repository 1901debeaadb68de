package web

import (
	"net/http"
	"net/url"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

type visitListView struct {
	Page
	Filter      url.Values
	FilterErrs  map[string]string
	Communities []org.Unit
	Enterprise  enterprise.Enterprise // the enterprise filtered on, when visible
	Items       []enterprise.Visit
	Pager       Pager
	Rights      enterprise.Rights
}

func (h *Web) visitList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	page := queryPage(r)
	f := enterprise.VisitFilter{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		EnterpriseID: queryID(q, "enterprise_id"), CommunityID: queryID(q, "community_id"), Page: page}
	v := visitListView{Page: h.page(r, "page.visits"), Filter: filterValues(q, "from", "to", "enterprise_id", "community_id"),
		Rights: enterprise.RightsOf(a)}
	var err error
	if v.Communities, err = h.communities(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	if f.EnterpriseID > 0 {
		e, err := h.Enterprises.Get(r.Context(), a, f.EnterpriseID)
		if err != nil && errs.CodeOf(err) != errs.NotFound {
			h.renderError(w, r, err)
			return
		}
		v.Enterprise = e
	}
	status := http.StatusOK
	list, err := h.Enterprises.ListVisits(r.Context(), a, f)
	if err == nil && f.From != "" && f.To != "" && f.From > f.To {
		err = errs.InvalidField("to", "ent.err.date_order")
	}
	if err != nil {
		e := errs.As(err)
		if e.Code != errs.Invalid {
			h.renderError(w, r, err)
			return
		}
		v.FilterErrs, status = e.Fields, http.StatusUnprocessableEntity
		list.Items, list.Total = nil, 0
	}
	v.Items = list.Items
	v.Pager = newPager("/visits", v.Filter, page.Number, page.Size, list.Total)
	h.render(w, r, status, "visits", v)
}
