package web

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
)

// appealRoutes are the appeal pages: the list (and the lists behind the
// dashboard's figures), one appeal with its history and the actions the
// user may take, a new appeal, the user's queue and the category
// dictionary. Every change is a POST.
func (h *Web) appealRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/appeals", Access: s, Handler: h.appealList},
		{Method: "GET", Pattern: "/appeals/new", Access: s, Handler: h.appealNew},
		{Method: "POST", Pattern: "/appeals", Access: s, Handler: h.appealCreate, MaxBody: maxAppealForm},
		{Method: "GET", Pattern: "/appeals/queue", Access: s, Handler: h.appealQueue},
		{Method: "GET", Pattern: "/appeals/{id}", Access: s, Handler: h.appealDetail},
		{Method: "POST", Pattern: "/appeals/{id}/actions", Access: s, Handler: h.appealAct},
		{Method: "GET", Pattern: "/appeal-categories", Access: s, Handler: h.appealCategories},
		{Method: "POST", Pattern: "/appeal-categories/{code}", Access: s, Handler: h.appealCategoryUpdate},
	}
}

// seesAppeals: the roles whose scope holds appeals, for the menu. Anyone
// else who opens the pages finds them empty.
func seesAppeals(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community, access.Specialist, access.Enterprise:
		return true
	}
	return false
}

// raisesAppeals: the roles that may raise an appeal (appeal.CreateTx
// decides again). Departments receive appeals; they do not raise them.
func raisesAppeals(a access.Actor) bool {
	switch a.Role {
	case access.Enterprise, access.Specialist, access.Community, access.Leader, access.Office:
		return true
	}
	return false
}

// hasQueue: the roles with a work queue (appeal.MyQueue).
func hasQueue(a access.Actor) bool {
	return slices.Contains([]access.Role{access.Dept, access.Specialist, access.Leader, access.Office}, a.Role)
}

// keepsCategories: the roles that edit the category dictionary's limits.
func keepsCategories(a access.Actor) bool { return a.Role == access.Leader || a.Role == access.Office }

func appealPath(id int64) string { return "/appeals/" + strconv.FormatInt(id, 10) }

// appealTarget reads the appeal of the path in the actor's scope; anything
// else has been answered with 404 when ok is false.
func (h *Web) appealTarget(w http.ResponseWriter, r *http.Request) (appeal.Appeal, bool) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return appeal.Appeal{}, false
	}
	p, err := h.Appeals.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return p, false
	}
	return p, true
}
