package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/project"
	"pinghu/internal/proposal"
)

type proposalView struct {
	proposalDict
	P       proposal.Proposal
	Allowed map[string]bool
	Units   []org.Unit // the departments and communities it may be assigned to
	Form    Form
	Error   string
	// CanMakeRule: an adopted proposal, and the actor drafts rules.
	CanMakeRule bool
	// CanMakeProject: adopted, not yet a project, and the actor creates
	// projects. Project is the project it became, if the actor sees it.
	CanMakeProject bool
	Project        *project.Ref
}

func (h *Web) proposalView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form, errMsg string) {
	a := edge.Actor(r)
	p, err := h.Proposals.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := proposalView{proposalDict: proposalDict{h.page(r, "page.proposal")}, P: p, Allowed: map[string]bool{},
		Form: form, Error: errMsg, CanMakeRule: p.State == proposal.Adopted && writesRules(a)}
	v.Title = p.Title
	v.CanMakeProject = p.State == proposal.Adopted && p.ProjectID == 0 && project.MayCreate(a)
	if p.ProjectID > 0 {
		if ref, err := h.Projects.Ref(r.Context(), a, p.ProjectID); err == nil {
			v.Project = &ref
		} else if errs.CodeOf(err) != errs.NotFound {
			h.renderError(w, r, err)
			return
		}
	}
	for _, act := range h.Proposals.Allowed(r.Context(), a, p) {
		v.Allowed[string(act)] = true
	}
	if v.Allowed[string(proposal.Assign)] && a.Can(access.ReadUnits) {
		tree, err := h.Units.Tree(r.Context(), a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, u := range tree {
			if u.Active && (u.Kind == org.Department || u.Kind == org.Community) {
				v.Units = append(v.Units, u)
			}
		}
	}
	h.render(w, r, status, "proposal", v)
}

func (h *Web) proposalDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.proposalView(w, r, http.StatusOK, id, Form{}, "")
}

func (h *Web) proposalAct(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "action", "unit_id", "feasibility", "value", "comment", "reason")
	num := func(s string) int { n, _ := strconv.Atoi(s); return n }
	_, err := h.Proposals.Act(r.Context(), edge.Actor(r), id, proposal.ActInput{Action: proposal.Action(vals["action"]),
		UnitID: formID(vals["unit_id"]), Feasibility: num(vals["feasibility"]), Value: num(vals["value"]),
		Comment: vals["comment"], Reason: vals["reason"]})
	if err != nil {
		e := errs.As(err)
		switch e.Code {
		case errs.Invalid:
			h.proposalView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields}, "")
		case errs.Conflict:
			h.proposalView(w, r, http.StatusConflict, id, Form{Values: vals}, h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...))
		default:
			h.renderError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, proposalPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
