package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/org"
)

// enterpriseRoutes are the enterprise service's pages: the registry, the
// 四个一, contacts and output values, visits and their photos. Every form
// posts; no GET changes anything.
func (h *Web) enterpriseRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/enterprises", Access: s, Handler: h.enterpriseList},
		{Method: "GET", Pattern: "/enterprises/new", Access: s, Handler: h.enterpriseNew},
		{Method: "POST", Pattern: "/enterprises", Access: s, Handler: h.enterpriseCreate},
		{Method: "POST", Pattern: "/enterprises/bulk-assignment", Access: s, Handler: h.enterpriseBulkAssign},
		{Method: "GET", Pattern: "/enterprises/{id}", Access: s, Handler: h.enterpriseDetail},
		{Method: "GET", Pattern: "/enterprises/{id}/edit", Access: s, Handler: h.enterpriseEdit},
		{Method: "POST", Pattern: "/enterprises/{id}", Access: s, Handler: h.enterpriseUpdate},
		{Method: "GET", Pattern: "/enterprises/{id}/assignment", Access: s, Handler: h.assignmentForm},
		{Method: "POST", Pattern: "/enterprises/{id}/assignment", Access: s, Handler: h.assignmentSave},
		{Method: "POST", Pattern: "/enterprises/{id}/contacts", Access: s, Handler: h.contactAdd},
		{Method: "POST", Pattern: "/enterprises/{id}/contacts/{contact}", Access: s, Handler: h.contactUpdate},
		{Method: "POST", Pattern: "/enterprises/{id}/contacts/{contact}/remove", Access: s, Handler: h.contactRemove},
		{Method: "POST", Pattern: "/enterprises/{id}/contacts/{contact}/reveal", Access: s, Handler: h.contactReveal},
		{Method: "POST", Pattern: "/enterprises/{id}/outputs", Access: s, Handler: h.outputSet},
		{Method: "GET", Pattern: "/visits", Access: s, Handler: h.visitList},
		{Method: "GET", Pattern: "/visits/new", Access: s, Handler: h.visitNew},
		{Method: "POST", Pattern: "/visits", Access: s, Handler: h.visitCreate, MaxBody: maxVisitForm},
		{Method: "GET", Pattern: "/visits/{id}", Access: s, Handler: h.visitDetail},
		{Method: "GET", Pattern: "/attachments/{id}", Access: s, Handler: h.attachment},
	}
}

// seesEnterprises: the roles whose scope holds enterprises, for the menu.
// Anyone else who opens the pages finds them empty, never an error.
func seesEnterprises(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community, access.Specialist, access.Enterprise:
		return true
	}
	return false
}

// communities lists the active communities in the actor's scope, for the
// filters and the registry form; nil for a role that may not read units,
// whose filter then has no community select.
func (h *Web) communities(r *http.Request) ([]org.Unit, error) {
	a := edge.Actor(r)
	if !a.Can(access.ReadUnits) {
		return nil, nil
	}
	tree, err := h.Units.Tree(r.Context(), a)
	if err != nil {
		return nil, err
	}
	var out []org.Unit
	for _, u := range tree {
		if u.Kind == org.Community && u.Active {
			out = append(out, u)
		}
	}
	return out, nil
}

// enterpriseTarget reads the enterprise of the path, in the actor's
// scope; anything else has been answered with 404 when ok is false.
func (h *Web) enterpriseTarget(w http.ResponseWriter, r *http.Request) (enterprise.Enterprise, bool) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return enterprise.Enterprise{}, false
	}
	e, err := h.Enterprises.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return e, false
	}
	return e, true
}

func enterprisePath(id int64) string { return "/enterprises/" + strconv.FormatInt(id, 10) }
