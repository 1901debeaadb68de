package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// actionFields are the fields an action form may post.
var actionFields = []string{"department_id", "note", "reason", "solved", "satisfaction"}

// appealAct applies one action from the detail page. A refused form comes
// back beside its fields; an action the appeal's state no longer allows
// (someone else acted meanwhile) comes back as a message that says what
// the user may do now, over the page as it now stands.
func (h *Web) appealAct(w http.ResponseWriter, r *http.Request) {
	p, ok := h.appealTarget(w, r)
	if !ok {
		return
	}
	a := edge.Actor(r)
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range actionFields {
		f.Values[k] = r.PostForm.Get(k)
	}
	action := appeal.Action(strings.TrimSpace(r.PostForm.Get("action")))
	in := appeal.ActionInput{Action: action, Note: f.Values["note"], Reason: f.Values["reason"],
		Solved: f.Values["solved"], Satisfaction: f.Values["satisfaction"]}
	var err error
	if s := strings.TrimSpace(f.Values["department_id"]); s != "" {
		id, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil || id <= 0 {
			err = errs.InvalidField("department_id", "err.appeal_department")
		}
		in.DepartmentID = &id
	}
	if err == nil {
		_, err = h.Appeals.Act(r.Context(), a, p.ID, in)
	}
	if err == nil {
		// A department that handed the appeal on no longer sees it: it
		// goes back to its list rather than to a page it may not open.
		if verr := h.Appeals.Visible(r.Context(), a, p.ID); verr != nil {
			http.Redirect(w, r, "/appeals?ok=saved", http.StatusSeeOther)
			return
		}
		http.Redirect(w, r, appealPath(p.ID)+"?ok=saved", http.StatusSeeOther)
		return
	}
	e := errs.As(err)
	switch e.Code {
	case errs.Invalid, errs.Conflict:
	default:
		h.renderError(w, r, err)
		return
	}
	// Show the appeal as it is now, which may differ from what the form
	// was made from.
	now, gerr := h.Appeals.Get(r.Context(), a, p.ID)
	if gerr != nil {
		h.renderError(w, r, gerr)
		return
	}
	v, verr := h.appealView(r, now)
	if verr != nil {
		h.renderError(w, r, verr)
		return
	}
	status := edge.Status(e.Code)
	if e.Code == errs.Invalid {
		f.Errors = e.Fields
		if _, ok := f.Errors["action"]; ok || !action.Valid() {
			v.Conflict = h.conflictMessage(v, e)
		} else {
			v.Failed, v.Form, v.Open = action, f, action
		}
	} else {
		v.Conflict = h.conflictMessage(v, e)
	}
	h.render(w, r, status, "appeal", v)
}

// conflictMessage says why an action was refused and what the user may
// do instead, naming the actions in the page's language rather than by
// the codes the error carries for the API.
func (h *Web) conflictMessage(v appealView, e *errs.Error) string {
	var b strings.Builder
	switch e.Message {
	case "err.appeal_action_not_allowed", "err.appeal_no_action":
		b.WriteString(v.T("apw.conflict.state", v.AppealState(v.P.State)))
	default:
		b.WriteString(v.T(e.Message, e.Args...))
	}
	b.WriteString(" ")
	if len(v.Allowed) == 0 {
		b.WriteString(v.T("apw.conflict.none"))
		return b.String()
	}
	names := make([]string, len(v.Allowed))
	for i, act := range v.Allowed {
		names[i] = v.AppealAction(act)
	}
	sep := "、"
	if v.Lang == i18n.En {
		sep = ", "
	}
	b.WriteString(v.T("apw.conflict.allowed", strings.Join(names, sep)))
	return b.String()
}
