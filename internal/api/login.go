package api

import (
	"net/http"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

// login exchanges a username and password for a bearer token. Wrong
// credentials, a locked and an inactive account all answer the same 401,
// so the answer does not tell which usernames exist.
func (a *API) login(w http.ResponseWriter, r *http.Request) {
	var in loginRequest
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	f := errs.Fields{}
	if in.Username == "" {
		f.Add("username", "err.required")
	}
	if in.Password == "" {
		f.Add("password", "err.required")
	}
	if err := f.Err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	token, sess, u, err := a.Accounts.Login(r.Context(), edge.Actor(r), in.Username, in.Password, account.APISession)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, loginResponse{Token: token, ExpiresAt: sess.ExpiresAt.UTC(), User: userView(u)})
}

// logout ends the session of the token the request came with.
func (a *API) logout(w http.ResponseWriter, r *http.Request) {
	if err := a.Accounts.Logout(r.Context(), edge.Actor(r)); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

type meResponse struct {
	userJSON
	Permissions []access.Permission `json:"permissions"`
}

// me describes the signed-in user and what their role may do, so that a
// client can shape its menus; the server still checks every request.
func (a *API) me(w http.ResponseWriter, r *http.Request) {
	u := edge.StateOf(r).User
	perms := access.Permissions(u.Role)
	if perms == nil {
		perms = []access.Permission{} // [] rather than null for a role without any
	}
	edge.WriteJSON(w, http.StatusOK, meResponse{userJSON: userView(u), Permissions: perms})
}
