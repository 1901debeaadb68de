package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

type userFormView struct {
	Page
	Form      Form
	Target    account.User // zero when creating
	Units     []org.Unit
	Roles     []access.Role
	Creating  bool
	CanManage bool // profile, active flag, password
	CanAssign bool // role and unit
	Locked    bool
	Linked    enterprise.Ref // the enterprise an enterprise account speaks for
}

func (h *Web) userFormView(r *http.Request, u account.User, f Form) (userFormView, error) {
	a := edge.Actor(r)
	v := userFormView{Form: f, Target: u, Creating: u.ID == 0, CanManage: a.Can(access.ManageUsers),
		CanAssign: a.Can(access.AssignRoles), Locked: u.Locked(h.Now())}
	if v.Creating {
		v.Page = h.page(r, "page.user_new")
		v.CanAssign = v.CanManage // the creator sets the first role and unit
		for _, role := range access.Roles {
			if role.Business() {
				v.Roles = append(v.Roles, role)
			}
		}
	} else {
		v.Page = h.page(r, "page.user_edit")
		v.Title = u.DisplayName + " (" + u.Username + ")"
		v.Roles = access.Roles
	}
	v.Crumbs = []Crumb{{Key: "nav.users", Href: "/users"}}
	v.Linked = h.linkedEnterprise(r, u)
	tree, err := h.Units.Tree(r.Context(), a)
	if err != nil {
		return v, err
	}
	for _, u := range tree {
		if u.Active && u.Kind != org.Root {
			v.Units = append(v.Units, u)
		}
	}
	return v, nil
}

// userInput reads only the fields the form showed to this actor; a field
// outside the actor's rights that arrives anyway is passed on, and the
// service refuses it.
func userInput(r *http.Request, creating bool) (account.Input, Form, error) {
	_ = r.ParseForm()
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	var in account.Input
	bad := errs.Fields{}
	str := func(name string) *string {
		if _, ok := r.PostForm[name]; !ok {
			return nil
		}
		s := strings.TrimSpace(r.PostForm.Get(name))
		f.Values[name] = s
		return &s
	}
	if creating {
		in.Username = str("username")
	}
	in.DisplayName = str("display_name")
	in.Phone = str("phone")
	if p := str("password"); p != nil && (*p != "" || creating) {
		pw := r.PostForm.Get("password") // not trimmed: spaces are part of a passphrase
		in.Password = &pw
		f.Values["password"] = ""
	}
	if s := str("role"); s != nil {
		role := access.Role(*s)
		in.Role = &role
	}
	if s := str("unit_id"); s != nil {
		id, err := strconv.ParseInt(*s, 10, 64)
		if err != nil {
			bad.Add("unit_id", "err.required")
		}
		in.UnitID = &id
	}
	if _, ok := r.PostForm["active_present"]; ok {
		active := r.PostForm.Get("active") == "true"
		in.Active = &active
		f.Values["active"] = strconv.FormatBool(active)
	}
	return in, f, bad.Err()
}

func (h *Web) userNew(w http.ResponseWriter, r *http.Request) {
	if !edge.Actor(r).Can(access.ManageUsers) {
		h.NotFound(w, r)
		return
	}
	v, err := h.userFormView(r, account.User{}, Form{Values: map[string]string{"active": "true"}})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "user_form", v)
}

func (h *Web) userCreate(w http.ResponseWriter, r *http.Request) {
	in, f, err := userInput(r, true)
	err = joinInvalid(err, h.enterpriseLink(r, &in, f))
	if err == nil {
		_, err = h.Accounts.Create(r.Context(), edge.Actor(r), in)
	}
	if err != nil {
		h.userFormError(w, r, account.User{}, f, err)
		return
	}
	http.Redirect(w, r, "/users?ok=created", http.StatusSeeOther)
}

func (h *Web) userTarget(w http.ResponseWriter, r *http.Request) (account.User, bool) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return account.User{}, false
	}
	u, err := h.Accounts.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return u, false
	}
	return u, true
}

func (h *Web) userEdit(w http.ResponseWriter, r *http.Request) {
	u, ok := h.userTarget(w, r)
	if !ok {
		return
	}
	f := Form{Values: map[string]string{"display_name": u.DisplayName, "phone": u.MaskedPhone(), "role": string(u.Role),
		"unit_id": strconv.FormatInt(u.UnitID, 10), "active": strconv.FormatBool(u.Active)}}
	v, err := h.userFormView(r, u, f)
	f.Values["enterprise_code"] = v.Linked.CreditCode
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "user_form", v)
}

func (h *Web) userUpdate(w http.ResponseWriter, r *http.Request) {
	u, ok := h.userTarget(w, r)
	if !ok {
		return
	}
	in, f, err := userInput(r, false)
	err = joinInvalid(err, h.enterpriseLink(r, &in, f))
	// The form shows the phone masked; sending the mask back unchanged
	// means "keep the number", not "store the asterisks".
	if in.Phone != nil && *in.Phone == u.MaskedPhone() {
		in.Phone = nil
	}
	if err == nil {
		_, err = h.Accounts.Update(r.Context(), edge.Actor(r), u.ID, in)
	}
	if err != nil {
		h.userFormError(w, r, u, f, err)
		return
	}
	http.Redirect(w, r, "/users?ok=saved", http.StatusSeeOther)
}

func (h *Web) userUnlock(w http.ResponseWriter, r *http.Request) {
	u, ok := h.userTarget(w, r)
	if !ok {
		return
	}
	if err := h.Accounts.Unlock(r.Context(), edge.Actor(r), u.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/users/"+strconv.FormatInt(u.ID, 10)+"?ok=unlocked", http.StatusSeeOther)
}

func (h *Web) userFormError(w http.ResponseWriter, r *http.Request, u account.User, f Form, err error) {
	h.formError(w, r, err, func(fields map[string]string) {
		f.Errors = linkFieldErrors(fields)
		v, verr := h.userFormView(r, u, f)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "user_form", v)
	})
}
