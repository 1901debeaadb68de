package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

type assignmentView struct {
	Page
	E       enterprise.Enterprise
	Form    Form
	Choices enterprise.AssignmentChoices
	History []enterprise.HistoryEntry
}

func (h *Web) assignmentView(r *http.Request, e enterprise.Enterprise, f Form) (assignmentView, error) {
	a := edge.Actor(r)
	v := assignmentView{Page: h.page(r, "page.enterprise_assignment"), E: e, Form: f}
	v.Crumbs = []Crumb{{Key: "nav.enterprises", Href: "/enterprises"}, {Label: e.Name, Href: enterprisePath(e.ID)}}
	var err error
	if v.Choices, err = h.Enterprises.Choices(r.Context(), a); err != nil {
		return v, err
	}
	// A member who is no longer a candidate (deactivated since) stays
	// selectable, so that saving the form keeps them rather than failing.
	keep := func(list []enterprise.Choice, id int64, name string) []enterprise.Choice {
		if id == 0 {
			return list
		}
		for _, c := range list {
			if c.ID == id {
				return list
			}
		}
		return append([]enterprise.Choice{{ID: id, Name: name}}, list...)
	}
	v.Choices.Leaders = keep(v.Choices.Leaders, e.LeaderID, e.LeaderName)
	v.Choices.Departments = keep(v.Choices.Departments, e.DepartmentID, e.DepartmentName)
	v.Choices.Specialists = keep(v.Choices.Specialists, e.SpecialistID, e.SpecialistName)
	v.History, err = h.Enterprises.History(r.Context(), a, e.ID)
	return v, err
}

func (h *Web) assignmentForm(w http.ResponseWriter, r *http.Request) {
	if !enterprise.RightsOf(edge.Actor(r)).Manage {
		h.NotFound(w, r)
		return
	}
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	f := Form{Values: map[string]string{"leader_id": id(e.LeaderID), "department_id": id(e.DepartmentID), "specialist_id": id(e.SpecialistID)}}
	v, err := h.assignmentView(r, e, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "enterprise_assignment", v)
}

// assignmentSave replaces the enterprise's 四个一 with the three members
// of the form: "0" (未指定) clears a member.
func (h *Web) assignmentSave(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	_ = r.ParseForm()
	f := Form{Values: map[string]string{}}
	bad := errs.Fields{}
	as := enterprise.Assignment{Note: strings.TrimSpace(r.PostForm.Get("note"))}
	f.Values["note"] = as.Note
	for field, dst := range map[string]**int64{"leader_id": &as.LeaderID, "department_id": &as.DepartmentID, "specialist_id": &as.SpecialistID} {
		raw := strings.TrimSpace(r.PostForm.Get(field))
		f.Values[field] = raw
		id, ok := memberValue(raw)
		if !ok {
			bad.Add(field, "err.bad_id")
		}
		*dst = id
	}
	err := bad.Err()
	if err == nil {
		_, err = h.Enterprises.Assign(r.Context(), edge.Actor(r), e.ID, as.Replacing())
	}
	if err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			f.Errors = fields
			v, verr := h.assignmentView(r, e, f)
			if verr != nil {
				h.renderError(w, r, verr)
				return
			}
			h.render(w, r, http.StatusUnprocessableEntity, "enterprise_assignment", v)
		})
		return
	}
	http.Redirect(w, r, enterprisePath(e.ID)+"?ok=saved#assignment", http.StatusSeeOther)
}
