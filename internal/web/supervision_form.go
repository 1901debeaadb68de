package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/org"
	"pinghu/internal/supervision"
)

// supervisionFormView is the form that issues a notice, opened from a
// target's page (kind and id filled in) or on its own.
type supervisionFormView struct {
	Page
	Kinds []supervision.Kind
	Units []org.Unit
	Form  Form
}

// Indent shows a unit's depth in the receiver list.
func (v supervisionFormView) Indent(u org.Unit) string {
	return strings.Repeat("　", max(u.Depth()-1, 0))
}

func (h *Web) supervisionForm(r *http.Request, f Form) (supervisionFormView, error) {
	v := supervisionFormView{Page: h.page(r, "page.supervision_new"), Kinds: supervision.Kinds, Form: f}
	v.Crumbs = []Crumb{{Key: "nav.supervisions", Href: "/supervisions"}}
	units, err := h.Units.Tree(r.Context(), edge.Actor(r))
	for _, u := range units {
		if u.Active && (u.Kind == org.Department || u.Kind == org.Community) {
			v.Units = append(v.Units, u)
		}
	}
	return v, err
}

// supervisionNew shows the form to leaders and the office.
func (h *Web) supervisionNew(w http.ResponseWriter, r *http.Request) {
	if !issuesSupervision(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	v, err := h.supervisionForm(r, Form{Values: map[string]string{"target_kind": q.Get("target_kind"), "target_id": q.Get("target_id")}})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "supervision_form", v)
}

// supervisionIssue issues the notice and opens it.
func (h *Web) supervisionIssue(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !issuesSupervision(a) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{}
	for _, k := range []string{"target_kind", "target_id", "title", "content", "deadline", "receiver_unit_id"} {
		vals[k] = r.PostFormValue(k)
	}
	in := supervision.Input{TargetKind: supervision.Kind(vals["target_kind"]), Title: vals["title"], Content: vals["content"],
		Deadline: vals["deadline"]}
	bad := map[string]string{}
	if s := strings.TrimSpace(vals["target_id"]); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			bad["target_id"] = "err.bad_id"
		}
		in.TargetID = n
	}
	if s := vals["receiver_unit_id"]; s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			bad["receiver_unit_id"] = "err.unit_unknown"
		}
		in.ReceiverUnitID = &n
	}
	again := func(fields map[string]string) {
		for k, m := range bad {
			fields[k] = m
		}
		v, err := h.supervisionForm(r, Form{Values: vals, Errors: fields})
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "supervision_form", v)
	}
	if len(bad) > 0 {
		again(map[string]string{})
		return
	}
	n, err := h.Supervision.Issue(r.Context(), a, in)
	if err != nil {
		h.formError(w, r, err, again)
		return
	}
	http.Redirect(w, r, "/supervisions/"+strconv.FormatInt(n.ID, 10)+"?ok=created", http.StatusSeeOther)
}
