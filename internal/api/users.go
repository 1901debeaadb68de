package api

import (
	"net/http"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/edge"
)

func validRole(s string) bool { return access.Role(s).Valid() }

// listUsers is one page of the accounts in the caller's scope.
func (a *API) listUsers(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := account.Filter{
		Query:  p.text("q"),
		Role:   access.Role(p.oneOf("role", "err.role", validRole)),
		UnitID: p.id("unit_id"),
		Active: p.bool("active"),
		Page:   p.page(),
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Accounts.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, userList(list))
}

func (a *API) createUser(w http.ResponseWriter, r *http.Request) {
	var in account.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	actor := edge.Actor(r)
	u, err := a.Accounts.Create(r.Context(), actor, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	// Create answers the row as inserted, without the unit's name, which
	// comes from a join. Read it back so that the answer has the same shape
	// as GET; the account exists by now, so if the read fails the answer
	// is still the created account rather than an error.
	if full, err := a.Accounts.Get(r.Context(), actor, u.ID); err == nil {
		u = full
	}
	w.Header().Set("Location", Prefix+"/users/"+strconv.FormatInt(u.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, userView(u))
}

func (a *API) getUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	u, err := a.Accounts.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, userView(u))
}

// updateUser changes an account. Which fields the caller's role may set is
// the service's rule; a field it may not set is refused with 422.
func (a *API) updateUser(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in account.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	u, err := a.Accounts.Update(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, userView(u))
}
