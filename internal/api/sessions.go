package api

import (
	"net/http"

	"pinghu/internal/account"
	"pinghu/internal/edge"
)

// sessionRoutes list and end sessions: one's own, and for the security
// administrator anybody's in scope.
func (a *API) sessionRoutes() []edge.Route {
	return []edge.Route{
		rt(http.MethodGet, "/account/sessions", edge.Signed, a.listOwnSessions),
		rt(http.MethodDelete, "/account/sessions/{sid}", edge.Signed, a.endOwnSession),
		rt(http.MethodGet, "/users/{id}/sessions", edge.Signed, a.listUserSessions),
		rt(http.MethodDelete, "/users/{id}/sessions/{sid}", edge.Signed, a.endUserSession),
	}
}

type sessionList struct {
	Items []account.SessionInfo `json:"items"`
}

func (a *API) writeSessions(w http.ResponseWriter, r *http.Request, userID int64) {
	items, err := a.Accounts.Sessions(r.Context(), edge.Actor(r), userID)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, sessionList{Items: items})
}

func (a *API) endSession(w http.ResponseWriter, r *http.Request, userID int64) {
	if err := a.Accounts.EndSession(r.Context(), edge.Actor(r), userID, r.PathValue("sid")); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (a *API) listOwnSessions(w http.ResponseWriter, r *http.Request) {
	a.writeSessions(w, r, edge.Actor(r).UserID)
}

func (a *API) endOwnSession(w http.ResponseWriter, r *http.Request) {
	a.endSession(w, r, edge.Actor(r).UserID)
}

func (a *API) listUserSessions(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeSessions(w, r, id)
}

func (a *API) endUserSession(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.endSession(w, r, id)
}
