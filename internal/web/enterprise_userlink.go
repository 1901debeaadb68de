package web

import (
	"net/http"
	"strings"

	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// The account form links an enterprise contact's account to its
// enterprise. The officers who fill it see no business data, so they name
// the enterprise by its credit code, which the contact brings along, and
// the form shows back only the enterprise's name.

// enterpriseLink reads the form's enterprise_code into in.EnterpriseID: a
// code names the enterprise, an empty field removes the link, and a field
// left as it was shown changes nothing.
func (h *Web) enterpriseLink(r *http.Request, in *account.Input, f Form) error {
	if _, ok := r.PostForm["enterprise_code"]; !ok || h.Enterprises == nil {
		return nil
	}
	code := strings.TrimSpace(r.PostForm.Get("enterprise_code"))
	f.Values["enterprise_code"] = code
	if code == strings.TrimSpace(r.PostForm.Get("enterprise_code_was")) {
		return nil
	}
	var id int64
	if code != "" {
		ref, err := h.Enterprises.RefByCode(r.Context(), edge.Actor(r), code)
		if errs.CodeOf(err) == errs.NotFound {
			return errs.InvalidField("enterprise_code", "err.enterprise_link_unknown")
		}
		if err != nil {
			return err
		}
		id = ref.ID
	}
	in.EnterpriseID = &id
	return nil
}

// linkedEnterprise names the enterprise an account is linked to, as far
// as the officer's scope shows it; a zero Ref otherwise.
func (h *Web) linkedEnterprise(r *http.Request, u account.User) enterprise.Ref {
	if u.EnterpriseID == 0 || h.Enterprises == nil {
		return enterprise.Ref{}
	}
	ref, err := h.Enterprises.RefByID(r.Context(), edge.Actor(r), u.EnterpriseID)
	if err != nil {
		return enterprise.Ref{}
	}
	return ref
}

// joinInvalid merges two errors: when both are about the input, into one
// naming every field, so that the form shows all its problems at once.
func joinInvalid(a, b error) error {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	ea, eb := errs.As(a), errs.As(b)
	if ea.Code != errs.Invalid {
		return a
	}
	if eb.Code != errs.Invalid {
		return b
	}
	f := errs.Fields{}
	for k, v := range ea.Fields {
		f.Add(k, v)
	}
	for k, v := range eb.Fields {
		f.Add(k, v)
	}
	return f.Err()
}

// linkFieldErrors shows the account service's complaint about the link
// beside the field the form has for it.
func linkFieldErrors(fields map[string]string) map[string]string {
	if msg, ok := fields["enterprise_id"]; ok {
		if _, has := fields["enterprise_code"]; !has {
			fields["enterprise_code"] = msg
		}
	}
	return fields
}
