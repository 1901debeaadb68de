package web

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/project"
)

type appealView struct {
	Page
	appealDict
	P           appeal.Appeal
	Events      []appeal.Event
	Attachments []enterprise.Attachment
	// Allowed are the actions the user may take now, each with its form;
	// the page shows these and no other.
	Allowed     []appeal.Action
	Departments []appeal.Department // for accepting (leader, office) and transferring
	// Projects that take the appeal up, those the viewer sees.
	Projects []project.Ref
	// ReopenClosed: the enterprise could reopen, but the window is over.
	ReopenClosed bool
	// The form that came back refused, with what was posted and its
	// errors; and a conflict, with what the user may do instead.
	Failed   appeal.Action
	Form     Form
	Conflict string
	// Open is the action whose form is unfolded: the refused one, or the
	// next step of the workflow.
	Open          appeal.Action
	RejectReasons []appeal.RejectReason
	Solved        []appeal.Solved
	Satisfactions []appeal.Satisfaction
	NamesDept     bool // the user names the department when accepting
}

// Can reports whether the user may take action now.
func (v appealView) Can(action string) bool { return slices.Contains(v.Allowed, appeal.Action(action)) }

// Err is the refused form's error for a field of action's form.
func (v appealView) Err(action, field string) string {
	if string(v.Failed) != action {
		return ""
	}
	return v.Form.Err(field)
}

// Value is what the refused form of action posted for a field.
func (v appealView) Value(action, field string) string {
	if string(v.Failed) != action {
		return ""
	}
	return v.Form.Value(field)
}

// IsOpen reports whether action's form starts unfolded.
func (v appealView) IsOpen(action string) bool { return string(v.Open) == action }

// nextStep is the action that moves an appeal on from its state, for the
// role: the form the page unfolds.
func nextStep(s appeal.State, role access.Role) appeal.Action {
	switch s {
	case appeal.Submitted:
		return appeal.Accept
	case appeal.Accepted:
		return appeal.Start
	case appeal.InProgress:
		return appeal.Resolve
	case appeal.Resolved:
		if role == access.Enterprise || role == access.Specialist {
			return appeal.Confirm
		}
	}
	return ""
}

// appealView loads everything the detail page shows of p, each part in
// the actor's scope.
func (h *Web) appealView(r *http.Request, p appeal.Appeal) (appealView, error) {
	ctx, a := r.Context(), edge.Actor(r)
	pg := h.page(r, "page.appeal")
	dict, err := h.appealDict(ctx, pg.Lang)
	if err != nil {
		return appealView{}, err
	}
	v := appealView{Page: pg, appealDict: dict, P: p, RejectReasons: appeal.RejectReasons, Solved: appeal.SolvedValues,
		Satisfactions: appeal.Satisfactions, NamesDept: keepsCategories(a), Form: Form{Values: map[string]string{}}}
	v.Title = p.Title
	v.Crumbs = []Crumb{{Key: "nav.appeals", Href: "/appeals"}}
	if v.Projects, err = h.Projects.ForAppeal(ctx, a, p.ID); err != nil {
		return v, err
	}
	if v.Events, err = h.Appeals.Events(ctx, a, p.ID); err != nil {
		return v, err
	}
	atts, err := enterprise.AttachmentsOf(ctx, h.Appeals.DB.R, enterprise.OwnerAppeal, []int64{p.ID})
	if err != nil {
		return v, err
	}
	v.Attachments = atts[p.ID]
	for _, act := range appeal.AllowedActions(p.State, a.Role) {
		// Reopening is possible for 15 days after the resolution; after
		// that the form would only be refused.
		if act == appeal.Reopen && h.Now().After(p.ResolvedAt.Add(appeal.ReopenWindow)) {
			v.ReopenClosed = true
			continue
		}
		v.Allowed = append(v.Allowed, act)
	}
	if v.Can(string(appeal.Transfer)) || (v.Can(string(appeal.Accept)) && v.NamesDept) {
		if v.Departments, err = h.Appeals.DepartmentsFor(ctx, a, p.ID); err != nil {
			return v, err
		}
	}
	if next := nextStep(p.State, a.Role); v.Can(string(next)) {
		v.Open = next
	}
	return v, nil
}

func (h *Web) appealDetail(w http.ResponseWriter, r *http.Request) {
	p, ok := h.appealTarget(w, r)
	if !ok {
		return
	}
	v, err := h.appealView(r, p)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "appeal", v)
}

// DeptSelected reports whether a department is the one selected in
// action's form: what was posted when the form came back, else the
// department in charge for an acceptance.
func (v appealView) DeptSelected(action string, id int64) bool {
	if string(v.Failed) == action {
		return v.Form.Value("department_id") == strconv.FormatInt(id, 10)
	}
	return action == string(appeal.Accept) && id == v.P.DepartmentID
}

// noteField is the note of one action's form, for the appeal_note
// template.
type noteField struct {
	View                         appealView
	Action, LabelKey, Value, Err string
	Required                     bool
}

// NoteField describes the note of action's form: required for a
// resolution (the resolution note) and a rejection, optional elsewhere.
func (v appealView) NoteField(action string, required bool) noteField {
	label := "apw.field.note_optional"
	switch appeal.Action(action) {
	case appeal.Resolve:
		label = "appeal.field.resolution_note"
	case appeal.Reject:
		label = "apw.field.reject_note"
	}
	return noteField{View: v, Action: action, LabelKey: label, Value: v.Value(action, "note"), Err: v.Err(action, "note"),
		Required: required}
}
