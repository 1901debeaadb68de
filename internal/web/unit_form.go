package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

type unitFormView struct {
	Page
	Form    Form
	Unit    org.Unit // zero when creating
	Parents []org.Unit
	Kinds   []org.Kind
}

func (h *Web) unitFormView(r *http.Request, titleKey string, u org.Unit, f Form) (unitFormView, error) {
	v := unitFormView{Page: h.page(r, titleKey), Form: f, Unit: u, Kinds: org.Kinds}
	v.Crumbs = []Crumb{{Key: "nav.units", Href: "/units"}}
	if u.ID == 0 {
		tree, err := h.Units.Tree(r.Context(), edge.Actor(r))
		if err != nil {
			return v, err
		}
		for _, p := range tree {
			if p.Active {
				v.Parents = append(v.Parents, p)
			}
		}
	} else {
		v.Title = u.Name
	}
	return v, nil
}

// unitInput reads the unit form. Numbers that do not parse are reported
// against their field, like any other invalid value.
func unitInput(r *http.Request, creating bool) (org.Input, Form, error) {
	_ = r.ParseForm()
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"parent_id", "kind", "name", "code", "sort_order", "active"} {
		f.Values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	bad := errs.Fields{}
	var in org.Input
	name, code := f.Values["name"], f.Values["code"]
	in.Name, in.Code = &name, &code
	if creating {
		kind := org.Kind(f.Values["kind"])
		in.Kind = &kind
		if id, err := strconv.ParseInt(f.Values["parent_id"], 10, 64); err == nil {
			in.ParentID = &id
		} else {
			bad.Add("parent_id", "err.required")
		}
	} else {
		active := f.Values["active"] == "true"
		in.Active = &active
		// The edit form has no parent or kind: a unit neither moves nor
		// changes kind. Sent anyway, they go to the service, which refuses
		// them by name, rather than being dropped here.
		if s := f.Values["parent_id"]; s != "" {
			id, _ := strconv.ParseInt(s, 10, 64)
			in.ParentID = &id
		}
		if s := f.Values["kind"]; s != "" {
			kind := org.Kind(s)
			in.Kind = &kind
		}
	}
	if s := f.Values["sort_order"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			bad.Add("sort_order", "err.bad_number")
		}
		in.SortOrder = &n
	}
	return in, f, bad.Err()
}

// The permission is checked before the form is read: a role that may not
// manage units gets "not found", not a lesson in how the form is checked.
func (h *Web) unitNew(w http.ResponseWriter, r *http.Request) {
	if !edge.Actor(r).Can(access.ManageUnits) {
		h.NotFound(w, r)
		return
	}
	f := Form{Values: map[string]string{"parent_id": r.URL.Query().Get("parent_id"), "kind": r.URL.Query().Get("kind")}}
	v, err := h.unitFormView(r, "page.unit_new", org.Unit{}, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "unit_form", v)
}

func (h *Web) unitCreate(w http.ResponseWriter, r *http.Request) {
	if !edge.Actor(r).Can(access.ManageUnits) {
		h.NotFound(w, r)
		return
	}
	in, f, err := unitInput(r, true)
	if err == nil {
		_, err = h.Units.Create(r.Context(), edge.Actor(r), in)
	}
	if err != nil {
		h.unitFormError(w, r, "page.unit_new", org.Unit{}, f, err)
		return
	}
	http.Redirect(w, r, "/units?ok=created", http.StatusSeeOther)
}

func (h *Web) unitEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	u, err := h.Units.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f := Form{Values: map[string]string{"name": u.Name, "code": u.Code, "sort_order": strconv.Itoa(u.SortOrder),
		"active": strconv.FormatBool(u.Active)}}
	v, err := h.unitFormView(r, "page.unit_edit", u, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "unit_form", v)
}

func (h *Web) unitUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	u, err := h.Units.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	in, f, err := unitInput(r, false)
	if err == nil {
		_, err = h.Units.Update(r.Context(), a, id, in)
	}
	if err != nil {
		h.unitFormError(w, r, "page.unit_edit", u, f, err)
		return
	}
	http.Redirect(w, r, "/units?ok=saved", http.StatusSeeOther)
}

func (h *Web) unitFormError(w http.ResponseWriter, r *http.Request, titleKey string, u org.Unit, f Form, err error) {
	h.formError(w, r, err, func(fields map[string]string) {
		f.Errors = fields
		v, verr := h.unitFormView(r, titleKey, u, f)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "unit_form", v)
	})
}
