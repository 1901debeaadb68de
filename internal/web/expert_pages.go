package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/proposal"
	"pinghu/internal/thinktank"
)

var expertFilters = []string{"q", "unit_id", "field", "active", "active_on", "sort"}

type expertListView struct {
	ttDict
	Filter      url.Values
	FilterErrs  map[string]string
	Sorts       []string
	Communities []proposal.Place
	Items       []thinktank.Expert
	Pager       Pager
	CanCreate   bool
}

func (v expertListView) Filtered() bool { return len(v.Filter) > 0 }

func (h *Web) expertList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !thinktank.SeesExperts(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	v := expertListView{ttDict: ttDict{h.page(r, "tt.page.experts")}, Filter: filterValues(q, expertFilters...),
		Sorts: thinktank.ExpertSortKeys, CanCreate: thinktank.MayKeepExperts(a)}
	f := thinktank.ExpertFilter{Query: q.Get("q"), UnitID: queryID(q, "unit_id"), Field: thinktank.Field(strings.TrimSpace(q.Get("field"))),
		Active: strings.TrimSpace(q.Get("active")), ActiveOn: q.Get("active_on"), Sort: strings.TrimSpace(q.Get("sort")), Page: queryPage(r)}
	var err error
	if v.Communities, err = h.communitiesSeen(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, err := h.ThinkTank.Experts(r.Context(), a, f)
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	v.FilterErrs = fields
	v.Items = l.Items
	v.Pager = newPager("/experts", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	h.render(w, r, status, "experts", v)
}

// communitiesSeen lists the communities in the actor's scope, for the
// filters and forms; the list of all communities is not business data,
// but a community user only ever picks its own.
func (h *Web) communitiesSeen(r *http.Request) ([]proposal.Place, error) {
	all, err := h.Proposals.Communities(r.Context())
	if err != nil {
		return nil, err
	}
	a := edge.Actor(r)
	if a.Role == access.Leader || a.Role == access.Office {
		return all, nil
	}
	var out []proposal.Place
	for _, c := range all {
		if c.ID == a.UnitID {
			out = append(out, c)
		}
	}
	return out, nil
}

type expertView struct {
	ttDict
	X         thinktank.Expert
	CanEdit   bool
	CanReveal bool
	Reveal    revealField
}

func (h *Web) expertDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	x, err := h.ThinkTank.Expert(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := expertView{ttDict: ttDict{h.page(r, "tt.page.expert")}, X: x, CanEdit: thinktank.MayEdit(a, x), CanReveal: thinktank.MayReveal(a, x)}
	v.Title = x.Name
	v.Reveal = v.Page.RevealForm(expertPath(id)+"/mobile", "reveal-mobile")
	h.render(w, r, http.StatusOK, "expert", v)
}

func (h *Web) expertReveal(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	x, err := h.ThinkTank.Expert(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.reveal(w, r, x.Name, expertPath(id), func(reason, note string) (string, error) {
		return h.ThinkTank.RevealMobile(r.Context(), a, id, reason, note)
	})
}

type expertFormView struct {
	ttDict
	Form        Form
	ID          int64
	Communities []proposal.Place
	Accounts    []thinktank.ExpertAccount
}

func (h *Web) expertForm(w http.ResponseWriter, r *http.Request, status int, id int64, f Form) {
	title := "tt.page.expert_new"
	if id > 0 {
		title = "tt.page.expert_edit"
	}
	v := expertFormView{ttDict: ttDict{h.page(r, title)}, Form: f, ID: id}
	var err error
	if v.Communities, err = h.communitiesSeen(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Accounts, err = h.ThinkTank.ExpertAccounts(r.Context(), edge.Actor(r)); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "expert_form", v)
}

func (h *Web) expertNew(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !thinktank.MayKeepExperts(a) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"field": string(thinktank.Environment)}
	if a.Role == access.Community {
		vals["community_id"] = formIDString(a.UnitID)
	}
	h.expertForm(w, r, http.StatusOK, 0, Form{Values: vals})
}

func (h *Web) expertEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	x, err := h.ThinkTank.Expert(r.Context(), a, id)
	if err == nil && !thinktank.MayEdit(a, x) {
		err = errs.E(errs.NotFound)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.expertForm(w, r, http.StatusOK, id, Form{Values: map[string]string{"name": x.Name, "field": string(x.Field),
		"organisation": x.Organisation, "title": x.Title, "community_id": formIDString(x.CommunityID),
		"appointed_from": x.AppointedFrom, "appointed_to": x.AppointedTo, "mobile": x.Mobile, "user_id": formIDString(x.UserID)}})
}

var expertFormFields = []string{"name", "field", "organisation", "title", "community_id", "appointed_from", "appointed_to", "mobile", "user_id"}

func expertInput(vals map[string]string) thinktank.ExpertInput {
	return thinktank.ExpertInput{Name: vals["name"], Field: thinktank.Field(vals["field"]), Organisation: vals["organisation"],
		Title: vals["title"], CommunityID: formID(vals["community_id"]), AppointedFrom: vals["appointed_from"],
		AppointedTo: vals["appointed_to"], Mobile: vals["mobile"], UserID: formID(vals["user_id"])}
}

func (h *Web) expertCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, expertFormFields...)
	x, err := h.ThinkTank.CreateExpert(r.Context(), edge.Actor(r), expertInput(vals))
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.expertForm(w, r, http.StatusUnprocessableEntity, 0, Form{Values: vals, Errors: f})
		})
		return
	}
	http.Redirect(w, r, expertPath(x.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) expertUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, expertFormFields...)
	if _, err := h.ThinkTank.UpdateExpert(r.Context(), edge.Actor(r), id, expertInput(vals)); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.expertForm(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: f})
		})
		return
	}
	http.Redirect(w, r, expertPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func formIDString(id int64) string {
	if id <= 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
