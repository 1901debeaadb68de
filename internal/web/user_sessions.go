package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// userSessionsView is a user's sessions and two-factor login as the
// security administrator sees them.
type userSessionsView struct {
	Page
	Target   account.User
	Status   account.TwoFactorStatus
	Sessions []account.SessionInfo
}

func (h *Web) userSessions(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	sessions, err := h.Accounts.Sessions(r.Context(), a, id)
	if err != nil || id == a.UserID {
		// One's own sessions live on one's own security page.
		h.renderError(w, r, errs.E(errs.NotFound))
		return
	}
	st, err := h.Accounts.UserTwoFactor(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	u, err := h.Accounts.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := userSessionsView{Page: h.page(r, "page.user_sessions"), Target: u, Status: st, Sessions: sessions}
	v.Crumbs = []Crumb{{Key: "nav.users", Href: "/users"}, {Label: u.DisplayName, Href: "/users/" + strconv.FormatInt(u.ID, 10)}}
	h.render(w, r, http.StatusOK, "user_sessions", v)
}

func (h *Web) userSessionEnd(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	a := edge.Actor(r)
	if !ok || id == a.UserID {
		h.NotFound(w, r)
		return
	}
	if err := h.Accounts.EndSession(r.Context(), a, id, r.PathValue("sid")); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/users/"+strconv.FormatInt(id, 10)+"/sessions?ok=session_ended", http.StatusSeeOther)
}

func (h *Web) userTwoFactorReset(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	if err := h.Accounts.ResetTwoFactor(r.Context(), edge.Actor(r), id); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/users/"+strconv.FormatInt(id, 10)+"/sessions?ok=two_factor_reset", http.StatusSeeOther)
}
