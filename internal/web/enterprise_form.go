package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

type enterpriseFormView struct {
	Page
	Form        Form
	E           enterprise.Enterprise // zero when creating
	Communities []org.Unit
	Industries  []enterprise.Industry
	Statuses    []enterprise.Status
}

func (h *Web) enterpriseFormView(r *http.Request, e enterprise.Enterprise, f Form) (enterpriseFormView, error) {
	title := "page.enterprise_new"
	if e.ID != 0 {
		title = "page.enterprise_edit"
	}
	v := enterpriseFormView{Page: h.page(r, title), Form: f, E: e, Industries: enterprise.Industries, Statuses: enterprise.Statuses}
	v.Crumbs = []Crumb{{Key: "nav.enterprises", Href: "/enterprises"}}
	if e.ID != 0 {
		v.Crumbs = append(v.Crumbs, Crumb{Label: e.Name, Href: enterprisePath(e.ID)})
	}
	var err error
	v.Communities, err = h.communities(r)
	// An enterprise whose community has since been deactivated keeps it
	// selectable, so that saving the form does not move the enterprise.
	if e.ID != 0 && err == nil {
		found := false
		for _, c := range v.Communities {
			found = found || c.ID == e.CommunityID
		}
		if !found {
			v.Communities = append(v.Communities, org.Unit{ID: e.CommunityID, Name: e.CommunityName})
		}
	}
	return v, err
}

// enterpriseInput reads the registry form. It sends every field, so every
// field is set; the flags are checkboxes, absent when unticked.
func enterpriseInput(r *http.Request, creating bool) (enterprise.Input, Form, error) {
	_ = r.ParseForm()
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"name", "credit_code", "community_id", "address", "industry", "status"} {
		f.Values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	var in enterprise.Input
	bad := errs.Fields{}
	name, code, address, industry := f.Values["name"], f.Values["credit_code"], f.Values["address"], f.Values["industry"]
	in.Name, in.CreditCode, in.Address, in.Industry = &name, &code, &address, &industry
	if s := f.Values["community_id"]; s != "" || creating {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			bad.Add("community_id", "err.required")
		}
		in.CommunityID = &id
	}
	above, top := r.PostForm.Get("above_scale") == "true", r.PostForm.Get("top100") == "true"
	in.AboveScale, in.Top100 = &above, &top
	f.Values["above_scale"], f.Values["top100"] = strconv.FormatBool(above), strconv.FormatBool(top)
	if !creating {
		st := enterprise.Status(f.Values["status"])
		in.Status = &st
	}
	return in, f, bad.Err()
}

func enterpriseValues(e enterprise.Enterprise) Form {
	return Form{Values: map[string]string{"name": e.Name, "credit_code": e.CreditCode,
		"community_id": strconv.FormatInt(e.CommunityID, 10), "address": e.Address, "industry": e.Industry,
		"above_scale": strconv.FormatBool(e.AboveScale), "top100": strconv.FormatBool(e.Top100), "status": string(e.Status)}}
}

func (h *Web) enterpriseNew(w http.ResponseWriter, r *http.Request) {
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	f := Form{Values: map[string]string{"community_id": r.URL.Query().Get("community_id")}}
	v, err := h.enterpriseFormView(r, enterprise.Enterprise{}, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "enterprise_form", v)
}

func (h *Web) enterpriseCreate(w http.ResponseWriter, r *http.Request) {
	// Who may not register enterprises gets "not found" before the form is read.
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	in, f, err := enterpriseInput(r, true)
	var e enterprise.Enterprise
	if err == nil {
		e, err = h.Enterprises.Create(r.Context(), edge.Actor(r), in)
	}
	if err != nil {
		h.enterpriseFormError(w, r, enterprise.Enterprise{}, f, err)
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=created", http.StatusSeeOther)
}

func (h *Web) enterpriseEdit(w http.ResponseWriter, r *http.Request) {
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	v, err := h.enterpriseFormView(r, e, enterpriseValues(e))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "enterprise_form", v)
}

func (h *Web) enterpriseUpdate(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	in, f, err := enterpriseInput(r, false)
	if err == nil {
		_, err = h.Enterprises.Update(r.Context(), edge.Actor(r), e.ID, in)
	}
	if err != nil {
		h.enterpriseFormError(w, r, e, f, err)
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=saved", http.StatusSeeOther)
}

func (h *Web) enterpriseFormError(w http.ResponseWriter, r *http.Request, e enterprise.Enterprise, f Form, err error) {
	h.formError(w, r, err, func(fields map[string]string) {
		f.Errors = fields
		v, verr := h.enterpriseFormView(r, e, f)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "enterprise_form", v)
	})
}
