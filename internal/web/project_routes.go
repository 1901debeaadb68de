package web

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/project"
)

// projectRoutes are the project pages: the list with its Gantt chart and
// ledger, the status rule, one project with its milestones, reports and
// timeline, the forms, and the field dictionary. Every change is a POST.
func (h *Web) projectRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/projects", Access: s, Handler: h.projectList},
		{Method: "GET", Pattern: "/projects/status-rule", Access: s, Handler: h.projectRule},
		{Method: "GET", Pattern: "/projects/new", Access: s, Handler: h.projectNew},
		{Method: "POST", Pattern: "/projects", Access: s, Handler: h.projectCreate},
		{Method: "GET", Pattern: "/projects/{id}", Access: s, Handler: h.projectDetail},
		{Method: "GET", Pattern: "/projects/{id}/edit", Access: s, Handler: h.projectEdit},
		{Method: "POST", Pattern: "/projects/{id}", Access: s, Handler: h.projectUpdate},
		{Method: "POST", Pattern: "/projects/{id}/milestones", Access: s, Handler: h.projectMilestoneAdd},
		{Method: "POST", Pattern: "/projects/{id}/milestones/{mid}/done", Access: s, Handler: h.projectMilestoneDone},
		{Method: "POST", Pattern: "/projects/{id}/reports", Access: s, Handler: h.projectReportAdd, MaxBody: maxReportForm},
		{Method: "POST", Pattern: "/projects/{id}/appeals", Access: s, Handler: h.projectAppealAdd},
		{Method: "POST", Pattern: "/projects/{id}/appeals/{aid}/remove", Access: s, Handler: h.projectAppealRemove},
		{Method: "GET", Pattern: "/ledgers/projects.xlsx", Access: s, Handler: h.ledgerProjects, Cost: edge.Export},
		{Method: "GET", Pattern: "/project-fields", Access: s, Handler: h.projectFields},
		{Method: "POST", Pattern: "/project-fields", Access: s, Handler: h.projectFieldSave},
	}
}

// seesProjects: the roles whose scope holds projects, for the menu.
func seesProjects(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}

func projectPath(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }

// projectDict is what every project page needs to name things.
type projectDict struct {
	Fields   []project.FieldEntry
	Lists    []project.List
	Statuses []project.Status
	Kinds    []project.Kind
}

func (h *Web) projectDict(r interface{ Context() context.Context }) (projectDict, error) {
	fs, err := h.Projects.Fields(r.Context())
	return projectDict{Fields: fs, Lists: project.Lists, Statuses: project.Statuses,
		Kinds: []project.Kind{project.KindKey, project.KindBranchLed}}, err
}

// FieldName names a field code.
func (d projectDict) FieldName(code string) string {
	for _, f := range d.Fields {
		if f.Code == code {
			return f.Name
		}
	}
	return code
}

// statusClass is the tag colour of a status.
func statusClass(s project.Status) string {
	switch s {
	case project.Overdue:
		return "tag tag-bad"
	case project.AtRisk:
		return "tag tag-warn"
	case project.Done:
		return "tag tag-muted"
	}
	return "tag tag-ok"
}

// statusColor is the Gantt bar colour of a status.
func statusColor(s project.Status) string {
	switch s {
	case project.Overdue:
		return "#b3261e"
	case project.AtRisk:
		return "#8a5a00"
	case project.Done:
		return "#6b7785"
	}
	return "#1d7a46"
}

func timeParseDay(s string) (time.Time, error) { return time.Parse(time.DateOnly, s) }

// StatusClass is the tag class of a status.
func (projectDict) StatusClass(s project.Status) string { return statusClass(s) }
