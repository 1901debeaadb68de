package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
)

// contactInput reads a contact form. Every field is sent, so every field
// is set; the primary flag is a checkbox, absent when unticked.
func contactInput(r *http.Request) (enterprise.ContactInput, Form) {
	_ = r.ParseForm()
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	var in enterprise.ContactInput
	for name, dst := range map[string]**string{"name": &in.Name, "position": &in.Position, "phone": &in.Phone} {
		s := strings.TrimSpace(r.PostForm.Get(name))
		f.Values[name] = s
		*dst = &s
	}
	primary := r.PostForm.Get("is_primary") == "true"
	in.IsPrimary = &primary
	f.Values["is_primary"] = strconv.FormatBool(primary)
	return in, f
}

func (h *Web) contactAdd(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	in, f := contactInput(r)
	if _, err := h.Enterprises.AddContact(r.Context(), edge.Actor(r), e.ID, in); err != nil {
		h.enterpriseAgain(w, r, e, err, func(v *enterpriseView, fields map[string]string) {
			f.Errors = fields
			v.AddContact = f
		})
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=saved#contacts", http.StatusSeeOther)
}

// contactOf finds the contact of the path among the enterprise's, so
// that a contact is only ever changed from its own enterprise's page.
func (h *Web) contactOf(w http.ResponseWriter, r *http.Request) (enterprise.Enterprise, enterprise.Contact, bool) {
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return e, enterprise.Contact{}, false
	}
	id, err := strconv.ParseInt(r.PathValue("contact"), 10, 64)
	if err == nil {
		list, err := h.Enterprises.Contacts(r.Context(), edge.Actor(r), e.ID)
		if err != nil {
			h.renderError(w, r, err)
			return e, enterprise.Contact{}, false
		}
		for _, c := range list {
			if c.ID == id {
				return e, c, true
			}
		}
	}
	h.NotFound(w, r)
	return e, enterprise.Contact{}, false
}

func (h *Web) contactUpdate(w http.ResponseWriter, r *http.Request) {
	e, c, ok := h.contactOf(w, r)
	if !ok {
		return
	}
	in, f := contactInput(r)
	// The form shows the phone masked; the mask sent back unchanged
	// means "keep the number", not "store the asterisks".
	if in.Phone != nil && *in.Phone == c.MaskedPhone() && c.Phone != "" {
		in.Phone = nil
	}
	if _, err := h.Enterprises.UpdateContact(r.Context(), edge.Actor(r), c.ID, in); err != nil {
		h.enterpriseAgain(w, r, e, err, func(v *enterpriseView, fields map[string]string) {
			f.Errors = fields
			v.EditContact, v.EditContactID = f, c.ID
		})
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=saved#contacts", http.StatusSeeOther)
}

func (h *Web) contactRemove(w http.ResponseWriter, r *http.Request) {
	e, c, ok := h.contactOf(w, r)
	if !ok {
		return
	}
	if err := h.Enterprises.RemoveContact(r.Context(), edge.Actor(r), c.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=saved#contacts", http.StatusSeeOther)
}
