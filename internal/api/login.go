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
	// TOTP is the one-time code of an account with two-factor login;
	// RecoveryCode may stand in for it, once per code.
	TOTP         string `json:"totp"`
	RecoveryCode string `json:"recovery_code"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expires_at"`
	User      userJSON  `json:"user"`
}

// login exchanges a username and password for a bearer token. Wrong
// credentials, a locked and an inactive account all answer the same 401,
// so the answer does not tell which usernames exist. An account with
// two-factor login (or whose role needs it) also sends a one-time code:
// without one the answer is 401 totp_required, and 401
// enrolment_required while the account has no authenticator yet, since
// enrolling happens in the browser.
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
	if in.TOTP != "" && in.RecoveryCode != "" {
		edge.WriteError(w, r, errs.InvalidField("recovery_code", "err.totp_one_of"))
		return
	}
	c := account.Credentials{Username: in.Username, Password: in.Password, Code: in.TOTP + in.RecoveryCode}
	got, err := a.Accounts.Login(r.Context(), edge.Actor(r), c, account.APISession)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, loginResponse{Token: got.Token, ExpiresAt: got.Session.ExpiresAt.UTC(), User: userView(got.User)})
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
