package web

import (
	"net/http"
	"net/url"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/edge"
)

type userListView struct {
	Page
	Filter    url.Values
	Roles     []access.Role
	Users     []account.User
	Pager     Pager
	CanCreate bool
}

func (h *Web) userList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	page := queryPage(r)
	list, err := h.Accounts.List(r.Context(), a, account.Filter{Query: q.Get("q"), Role: access.Role(q.Get("role")),
		UnitID: queryID(q, "unit_id"), Active: queryBool(q, "active"), Page: page})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := userListView{Page: h.page(r, "page.users"), Filter: filterValues(q, "q", "role", "unit_id", "active"),
		Roles: access.Roles, Users: list.Items, CanCreate: a.Can(access.ManageUsers)}
	v.Pager = newPager("/users", v.Filter, page.Number, page.Size, list.Total)
	h.render(w, r, http.StatusOK, "users", v)
}
