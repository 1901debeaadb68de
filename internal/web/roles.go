package web

import (
	"net/http"

	"pinghu/internal/access"
	"pinghu/internal/edge"
)

type roleRow struct {
	Role        access.Role
	Permissions []access.Permission
}

type rolesView struct {
	Page
	Rows []roleRow
}

// roles shows what each role may do: the policy table, read from code, so
// the page can never disagree with what the server enforces.
func (h *Web) roles(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !a.Can(access.AssignRoles) && !a.Can(access.ManageUsers) {
		h.NotFound(w, r)
		return
	}
	v := rolesView{Page: h.page(r, "page.roles")}
	for _, role := range access.Roles {
		v.Rows = append(v.Rows, roleRow{Role: role, Permissions: access.Permissions(role)})
	}
	h.render(w, r, http.StatusOK, "roles", v)
}
