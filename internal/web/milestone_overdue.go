package web

import (
	"net/http"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/project"
)

// overdueMilestonesView is the list behind the dashboard's overdue
// milestones: every milestone in scope due before the date and not done
// by it, on a project not closed by it.
type overdueMilestonesView struct {
	Page
	AsOf       string
	FilterErrs map[string]string
	Items      []project.OverdueMilestone
}

func (h *Web) overdueMilestones(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesProjects(a)) {
		return
	}
	v := overdueMilestonesView{Page: h.page(r, "page.milestones_overdue"), AsOf: strings.TrimSpace(r.URL.Query().Get("as_of"))}
	if v.AsOf == "" {
		v.AsOf = h.today()
	}
	v.Crumbs = []Crumb{{Key: "page.projects", Href: "/projects"}}
	items, err := h.Projects.OverdueMilestones(r.Context(), a, v.AsOf)
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	v.FilterErrs = fields
	v.Items = items
	h.render(w, r, status, "milestones_overdue", v)
}
