package api

import (
	"database/sql"
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/project"
	"pinghu/internal/proposal"
)

// projectRoutes are the key projects and branch-led 攻坚 projects: the
// field dictionary, the list, one project, its milestones and progress
// reports, and the project figures.
func (a *API) projectRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/project-fields", s, a.listProjectFields),
		rt(http.MethodGet, "/projects", s, a.listProjects),
		rt(http.MethodPost, "/projects", s, a.createProject),
		rt(http.MethodGet, "/projects/{id}", s, a.getProject),
		rt(http.MethodPatch, "/projects/{id}", s, a.updateProject),
		rt(http.MethodPost, "/projects/{id}/milestones", s, a.addMilestone),
		rt(http.MethodPost, "/projects/{id}/milestones/{mid}/done", s, a.markMilestoneDone),
		rt(http.MethodPost, "/projects/{id}/reports", s, a.addProjectReport),
		rt(http.MethodGet, "/stats/projects", s, a.projectStats),
	}
}

type projectFieldList struct {
	Items []project.FieldEntry `json:"items"`
}

// listProjectFields answers the field dictionary: not business data,
// every project form needs it.
func (a *API) listProjectFields(w http.ResponseWriter, r *http.Request) {
	fs, err := a.Projects.Fields(r.Context())
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, projectFieldList{Items: fs})
}

// ProjectFilter reads the list's parameters; the web list reads the same.
func projectFilter(p *params) (project.Filter, error) {
	f := project.Filter{Field: p.text("field"), Query: p.text("q"), LeadUnitID: p.id("lead_unit_id"), Page: p.page(),
		List:   project.List(p.oneOf("list", "err.project_list", func(s string) bool { return project.List(s).Valid() })),
		Kind:   project.Kind(p.oneOf("kind", "err.project_kind", func(s string) bool { return project.Kind(s).Valid() })),
		Status: project.Status(p.oneOf("status", "err.project_status", func(s string) bool { return project.Status(s).Valid() })),
		Sort:   p.oneOf("sort", "err.project_sort", func(s string) bool { return slices.Contains(project.SortKeys, s) })}
	if d := p.day("as_of"); !d.IsZero() {
		f.AsOf = p.raw("as_of")
	}
	return f, p.err()
}

func (a *API) listProjects(w http.ResponseWriter, r *http.Request) {
	f, err := projectFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Projects.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}

// projectCreateInput is a new project, optionally from an adopted
// proposal, which is linked to it in the same transaction.
type projectCreateInput struct {
	project.Input
	ProposalID int64 `json:"proposal_id"`
}

func (a *API) createProject(w http.ResponseWriter, r *http.Request) {
	var in projectCreateInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	act := edge.Actor(r)
	var link func(tx *sql.Tx, projectID int64) error
	if in.ProposalID != 0 {
		link = func(tx *sql.Tx, projectID int64) error {
			return proposal.AsProjectField(a.Proposals.LinkProjectTx(r.Context(), tx, act, in.ProposalID, projectID))
		}
	}
	p, err := a.Projects.CreateLinked(r.Context(), act, in.Input, link)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/projects/"+strconv.FormatInt(p.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, p)
}

func (a *API) getProject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Projects.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, p)
}

func (a *API) updateProject(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in project.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Projects.Update(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, p)
}

func (a *API) addMilestone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in project.MilestoneInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	m, err := a.Projects.AddMilestone(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, m)
}

func (a *API) markMilestoneDone(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	mid, err := pathParam(r, "mid")
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in project.DoneInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	m, err := a.Projects.MarkDone(r.Context(), edge.Actor(r), id, mid, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, m)
}

func (a *API) addProjectReport(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in project.ReportInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	rep, err := a.Projects.AddReport(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, rep)
}

// projectStatsRoles may read the project figures: those who see projects
// by their unit. Anyone else gets 404.
var projectStatsRoles = []access.Role{access.Leader, access.Office, access.Dept, access.Community}

// projectStats answers project.Stats as of a date (YYYY-MM-DD, CST; empty
// means today).
func (a *API) projectStats(w http.ResponseWriter, r *http.Request) {
	actor := edge.Actor(r)
	if !slices.Contains(projectStatsRoles, actor.Role) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	p := query(r)
	asOf := ""
	if d := p.day("as_of"); !d.IsZero() {
		asOf = p.raw("as_of")
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	st, err := a.Projects.Stats(r.Context(), actor, asOf)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, st)
}
