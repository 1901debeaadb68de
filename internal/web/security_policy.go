package web

import (
	"net/http"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// securityPolicyView is the security administrator's policy page: which
// roles need two-factor login. The officers always do.
type securityPolicyView struct {
	Page
	Roles    []access.Role
	Required map[access.Role]bool
}

// Always reports whether r needs two-factor login whatever the policy says.
func (securityPolicyView) Always(r access.Role) bool { return account.TwoFactorAlways(r) }

func (h *Web) securityPolicy(w http.ResponseWriter, r *http.Request) {
	if !edge.Actor(r).Can(access.ManageSecurity) {
		h.NotFound(w, r)
		return
	}
	roles, err := h.Accounts.TwoFactorRoles(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := securityPolicyView{Page: h.page(r, "page.security_policy"), Roles: access.Roles, Required: map[access.Role]bool{}}
	for _, x := range roles {
		v.Required[x] = true
	}
	h.render(w, r, http.StatusOK, "security_policy", v)
}

func (h *Web) securityPolicySave(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !a.Can(access.ManageSecurity) {
		h.NotFound(w, r)
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	var roles []access.Role
	for _, x := range r.PostForm["two_factor"] {
		roles = append(roles, access.Role(x))
	}
	if err := h.Accounts.SetTwoFactorRoles(r.Context(), a, roles); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/security?ok=saved", http.StatusSeeOther)
}
