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

// enterpriseFilters are the list's query parameters, kept in the URL.
var enterpriseFilters = []string{"q", "community_id", "industry", "above_scale", "top100", "status", "incomplete", "sort"}

type enterpriseListView struct {
	Page
	Filter      url.Values
	FilterErrs  map[string]string // a filter the list refused, by parameter
	Communities []org.Unit
	Industries  []enterprise.Industry
	Statuses    []enterprise.Status
	Items       []enterprise.Enterprise
	Pager       Pager
	Rights      enterprise.Rights
	Choices     enterprise.AssignmentChoices // for the bulk form
	Back        string                       // this list's URL, to return to after a bulk change
}

// SortHref links to the list sorted by key: ascending first, and the
// other way round when it is already sorted so. The page goes back to 1.
func (v enterpriseListView) SortHref(key string) string {
	q := url.Values{}
	for k, vs := range v.Filter {
		q[k] = vs
	}
	if v.Filter.Get("sort") == key || (key == "name" && v.Filter.Get("sort") == "") {
		q.Set("sort", "-"+key)
	} else {
		q.Set("sort", key)
	}
	return "/enterprises?" + q.Encode()
}

// SortMark is the arrow of the sorted column, "" for the others.
func (v enterpriseListView) SortMark(key string) string {
	switch v.Filter.Get("sort") {
	case key:
		return "▲"
	case "-" + key:
		return "▼"
	case "":
		if key == "name" {
			return "▲"
		}
	}
	return ""
}

// AriaSort is the column's aria-sort value.
func (v enterpriseListView) AriaSort(key string) string {
	switch v.SortMark(key) {
	case "▲":
		return "ascending"
	case "▼":
		return "descending"
	}
	return "none"
}

// Incomplete reports whether the list shows only enterprises whose 四个一
// is not complete.
func (v enterpriseListView) Incomplete() bool { return v.Filter.Get("incomplete") == "true" }

// enterpriseFilter reads the list's filters from the URL; the service
// refuses an unknown sort, status or industry.
func enterpriseFilter(r *http.Request) enterprise.Filter {
	q := r.URL.Query()
	return enterprise.Filter{Query: strings.TrimSpace(q.Get("q")), CommunityID: queryID(q, "community_id"),
		Industry: q.Get("industry"), AboveScale: queryBool(q, "above_scale"), Top100: queryBool(q, "top100"),
		Status: enterprise.Status(strings.TrimSpace(q.Get("status"))), Incomplete: q.Get("incomplete") == "true",
		Sort: q.Get("sort"), Page: queryPage(r)}
}

func (h *Web) enterpriseList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	f := enterpriseFilter(r)
	v := enterpriseListView{Page: h.page(r, "page.enterprises"), Filter: filterValues(q, enterpriseFilters...),
		Industries: enterprise.Industries, Statuses: enterprise.Statuses, Rights: enterprise.RightsOf(a)}
	// After a bulk change the list comes back as it was: same filters,
	// same page, without the previous confirmation's flag.
	back := filterValues(q, append(enterpriseFilters, "page", "size")...)
	v.Back = "/enterprises"
	if len(back) > 0 {
		v.Back += "?" + back.Encode()
	}
	if v.Incomplete() {
		v.TitleKey = "page.enterprises_incomplete"
	}
	var err error
	if v.Communities, err = h.communities(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Rights.Manage {
		if v.Choices, err = h.Enterprises.Choices(r.Context(), a); err != nil {
			h.renderError(w, r, err)
			return
		}
	}
	list, err := h.Enterprises.List(r.Context(), a, f)
	status := http.StatusOK
	if err != nil {
		e := errs.As(err)
		if e.Code != errs.Invalid {
			h.renderError(w, r, err)
			return
		}
		// A refused filter is shown beside the filter, over an empty list.
		v.FilterErrs, status = e.Fields, http.StatusUnprocessableEntity
	}
	v.Items = list.Items
	v.Pager = newPager("/enterprises", v.Filter, f.Page.Number, f.Page.Size, list.Total)
	h.render(w, r, status, "enterprises", v)
}
