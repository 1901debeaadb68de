package web

import (
	"database/sql"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
	"pinghu/internal/project"
	"pinghu/internal/proposal"
)

// projectFormKeys are the form's single-valued fields.
var projectFormKeys = []string{"kind", "name", "field", "lead_unit_id", "lead_branch", "lead_cadre_id", "goals",
	"start_date", "target_date", "location", "budget", "closed_date", "campaign_id", "proposal_id"}

type projectFormView struct {
	Page
	projectDict
	ID     int64 // 0 for a new project
	Form   Form
	Multi  map[string][]string // lists, department_ids, member_ids
	Units  []project.Choice
	People []project.Choice
	// Campaigns the project may belong to; Proposal the adopted proposal
	// a new project comes from, linked on save.
	Campaigns []campaign.Campaign
	Proposal  *proposal.Proposal
}

// Has reports whether a multi-valued field holds v.
func (v projectFormView) Has(field string, v2 any) bool {
	return slices.Contains(v.Multi[field], toStr(v2))
}

func toStr(v any) string {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case project.List:
		return string(x)
	case string:
		return x
	}
	return ""
}

// Action is where the form posts.
func (v projectFormView) Action() string {
	if v.ID == 0 {
		return "/projects"
	}
	return projectPath(v.ID)
}

func (h *Web) projectFormView(r *http.Request, titleKey string, id int64, f Form, multi map[string][]string) (projectFormView, error) {
	a := edge.Actor(r)
	dict, err := h.projectDict(r)
	if err != nil {
		return projectFormView{}, err
	}
	p := h.page(r, titleKey)
	p.Crumbs = []Crumb{{Key: "page.projects", Href: "/projects"}}
	v := projectFormView{Page: p, projectDict: dict, ID: id, Form: f, Multi: multi}
	if v.Units, err = h.Projects.Units(r.Context(), a); err != nil {
		return v, err
	}
	if v.People, err = h.Projects.People(r.Context(), a); err != nil {
		return v, err
	}
	if v.Campaigns, err = h.Campaigns.List(r.Context(), a); err != nil {
		return v, err
	}
	if id == 0 && f.Values["proposal_id"] != "" {
		pid, _ := strconv.ParseInt(f.Values["proposal_id"], 10, 64)
		pr, err := h.Proposals.Adopted(r.Context(), h.Proposals.DB.R, a, pid)
		if err != nil {
			return v, err
		}
		pr.Title = pii.MaskText(pr.Title)
		v.Proposal = &pr
	}
	return v, nil
}

// projectValues fills a form from a stored project.
func projectValues(p project.Project) (Form, map[string][]string) {
	f := Form{Values: map[string]string{"kind": string(p.Kind), "name": p.Name, "field": p.Field,
		"lead_unit_id": strconv.FormatInt(p.LeadUnitID, 10), "lead_branch": p.LeadBranch, "goals": p.Goals,
		"start_date": p.StartDate, "target_date": p.TargetDate, "location": p.Location, "closed_date": p.ClosedDate}}
	if p.CampaignID > 0 {
		f.Values["campaign_id"] = strconv.FormatInt(p.CampaignID, 10)
	}
	if p.LeadCadreID > 0 {
		f.Values["lead_cadre_id"] = strconv.FormatInt(p.LeadCadreID, 10)
	}
	if p.BudgetFen != nil {
		f.Values["budget"] = strconv.FormatFloat(float64(*p.BudgetFen)/100, 'f', 2, 64)
	}
	multi := map[string][]string{}
	for _, l := range p.Lists {
		multi["lists"] = append(multi["lists"], string(l))
	}
	for _, d := range p.Departments {
		multi["department_ids"] = append(multi["department_ids"], strconv.FormatInt(d.ID, 10))
	}
	for _, m := range p.Members {
		multi["member_ids"] = append(multi["member_ids"], strconv.FormatInt(m.ID, 10))
	}
	return f, multi
}

// projectInput reads the posted form; what does not parse is named in bad.
func projectInput(r *http.Request, bad errs.Fields) (project.Input, Form, map[string][]string, error) {
	f, err := postedForm(r, projectFormKeys...)
	if err != nil {
		return project.Input{}, f, nil, err
	}
	multi := map[string][]string{"lists": r.PostForm["lists"], "department_ids": r.PostForm["department_ids"], "member_ids": r.PostForm["member_ids"]}
	str := func(k string) *string { s := strings.TrimSpace(f.Values[k]); return &s }
	id := func(k string) *int64 {
		s := strings.TrimSpace(f.Values[k])
		if s == "" {
			var zero int64
			return &zero
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			bad.Add(k, "err.bad_id")
		}
		return &n
	}
	ids := func(k string) *[]int64 {
		out := []int64{}
		for _, s := range multi[k] {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil || n <= 0 {
				bad.Add(k, "err.bad_id")
				continue
			}
			out = append(out, n)
		}
		return &out
	}
	kind := project.Kind(strings.TrimSpace(f.Values["kind"]))
	lists := []project.List{}
	for _, l := range multi["lists"] {
		lists = append(lists, project.List(l))
	}
	in := project.Input{Kind: &kind, Name: str("name"), Field: str("field"), Lists: &lists, LeadUnitID: id("lead_unit_id"),
		LeadBranch: str("lead_branch"), LeadCadreID: id("lead_cadre_id"), DepartmentIDs: ids("department_ids"),
		MemberIDs: ids("member_ids"), Goals: str("goals"), StartDate: str("start_date"), TargetDate: str("target_date"),
		Location: str("location"), ClosedDate: str("closed_date"), CampaignID: id("campaign_id")}
	if s := strings.TrimSpace(f.Values["budget"]); s != "" {
		yuan, err := strconv.ParseFloat(s, 64)
		if err != nil || yuan < 0 || yuan > 1e12 || math.IsNaN(yuan) {
			bad.Add("budget", "err.bad_number")
		} else {
			fen := int64(math.Round(yuan * 100))
			in.BudgetFen = &fen
		}
	}
	return in, f, multi, nil
}

// projectNew is the empty form; leaders and the office create projects.
func (h *Web) projectNew(w http.ResponseWriter, r *http.Request) {
	if !project.MayCreate(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	f := Form{Values: map[string]string{"kind": string(project.KindKey)}}
	// From an adopted proposal: its title and text fill the form.
	if q := strings.TrimSpace(r.URL.Query().Get("proposal_id")); q != "" {
		pid, _ := strconv.ParseInt(q, 10, 64)
		pr, err := h.Proposals.Adopted(r.Context(), h.Proposals.DB.R, edge.Actor(r), pid)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		f.Values["proposal_id"] = strconv.FormatInt(pr.ID, 10)
		f.Values["name"], f.Values["goals"] = pii.MaskText(pr.Title), pii.MaskText(pr.Body)
	}
	v, err := h.projectFormView(r, "page.project_new", 0, f, map[string][]string{})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "project_form", v)
}

func (h *Web) projectCreate(w http.ResponseWriter, r *http.Request) {
	if !project.MayCreate(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.projectSave(w, r, 0)
}

// projectEdit is the form filled from the project, for whoever edits it.
func (h *Web) projectEdit(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id")
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	p, err := h.Projects.Get(r.Context(), a, ids[0])
	if err == nil && !project.MayEdit(a, p) {
		err = errs.New(errs.NotFound, "err.page_not_found")
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	f, multi := projectValues(p)
	v, err := h.projectFormView(r, "page.project_edit", p.ID, f, multi)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Title = p.Name
	h.render(w, r, http.StatusOK, "project_form", v)
}

func (h *Web) projectUpdate(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id")
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.projectSave(w, r, ids[0])
}

// projectSave creates (id 0) or updates a project from the posted form.
func (h *Web) projectSave(w http.ResponseWriter, r *http.Request, id int64) {
	a := edge.Actor(r)
	bad := errs.Fields{}
	in, f, multi, err := projectInput(r, bad)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if id > 0 {
		// Out of scope or not the editor's: not found before any check of the input.
		p, gerr := h.Projects.Get(r.Context(), a, id)
		if gerr == nil && !project.MayEdit(a, p) {
			gerr = errs.New(errs.NotFound, "err.page_not_found")
		}
		if gerr != nil {
			h.renderError(w, r, gerr)
			return
		}
	}
	err = bad.Err()
	var saved project.Project
	if err == nil {
		if id == 0 && f.Values["proposal_id"] != "" {
			saved, err = h.createFromProposal(r, in, f.Values["proposal_id"])
		} else if id == 0 {
			saved, err = h.Projects.Create(r.Context(), a, in)
		} else {
			saved, err = h.Projects.Update(r.Context(), a, id, in)
		}
	}
	if err == nil {
		http.Redirect(w, r, projectPath(saved.ID)+"?ok=saved", http.StatusSeeOther)
		return
	}
	h.formError(w, r, err, func(fields map[string]string) {
		key := "page.project_new"
		if id > 0 {
			key = "page.project_edit"
		}
		v, verr := h.projectFormView(r, key, id, f, multi)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		v.Form.Errors = fields
		h.render(w, r, http.StatusUnprocessableEntity, "project_form", v)
	})
}

// createFromProposal creates the project and links the adopted proposal
// to it in one transaction; a proposal already become a project is
// refused naming proposal_id, and nothing is written.
func (h *Web) createFromProposal(r *http.Request, in project.Input, proposalID string) (project.Project, error) {
	a := edge.Actor(r)
	pid, err := strconv.ParseInt(proposalID, 10, 64)
	if err != nil || pid <= 0 {
		return project.Project{}, errs.InvalidField("proposal_id", "err.bad_id")
	}
	p, err := h.Projects.CreateLinked(r.Context(), a, in, func(tx *sql.Tx, projectID int64) error {
		return proposal.AsProjectField(h.Proposals.LinkProjectTx(r.Context(), tx, a, pid, projectID))
	})
	return p, err
}
