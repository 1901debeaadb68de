package web

import (
	"net/http"
	"net/url"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/volunteer"
)

var volunteerFilters = []string{"q", "unit_id", "team"}

type volunteerListView struct {
	volunteerDict
	Filter      url.Values
	FilterErrs  map[string]string
	Communities []volunteer.Place
	Items       []volunteer.Volunteer
	Pager       Pager
	CanCreate   bool
}

func (v volunteerListView) Filtered() bool { return len(v.Filter) > 0 }

func (h *Web) volunteerList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := volunteerListView{volunteerDict: volunteerDict{h.page(r, "vol.page.volunteers")}, Filter: filterValues(q, volunteerFilters...),
		CanCreate: volunteer.MayCreate(a)}
	f := volunteer.VolunteerFilter{Query: strings.TrimSpace(q.Get("q")), UnitID: queryID(q, "unit_id"), TeamID: queryID(q, "team"), Page: queryPage(r)}
	var err error
	if v.Communities, err = h.Volunteers.Communities(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, err := h.Volunteers.Volunteers(r.Context(), a, f)
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	v.FilterErrs = fields
	v.Items = l.Items
	v.Pager = newPager("/volunteers", v.Filter, l.Page, l.PageSize, l.Total)
	if l.PageSize == 0 {
		v.Pager = newPager("/volunteers", v.Filter, 1, 20, 0)
	}
	h.render(w, r, status, "volunteers", v)
}
