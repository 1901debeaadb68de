package web

import (
	"net/http"

	"pinghu/internal/edge"
)

// logout ends the session on the server, not only in the browser.
func (h *Web) logout(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.Logout(r.Context(), edge.Actor(r)); err != nil {
		h.renderError(w, r, err)
		return
	}
	edge.ClearCookie(w, r, edge.SessionCookie)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}
