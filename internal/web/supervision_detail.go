package web

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/supervision"
)

// supervisionView is one notice with its history and the forms of the
// actions the user may take.
type supervisionView struct {
	Page
	N       supervision.Notice
	Events  []supervision.Event
	Allowed []supervision.Action
	Form    Form
}

// Can reports whether the user may take the action now.
func (v supervisionView) Can(action string) bool {
	return slices.Contains(v.Allowed, supervision.Action(action))
}

func (h *Web) supervisionView(r *http.Request, n supervision.Notice, f Form) (supervisionView, error) {
	a := edge.Actor(r)
	v := supervisionView{Page: h.page(r, "page.supervision"), N: n, Allowed: supervision.Allowed(n, a.Role), Form: f}
	v.Title = n.Title
	v.Crumbs = []Crumb{{Key: "nav.supervisions", Href: "/supervisions"}}
	evs, err := h.Supervision.Events(r.Context(), a, n.ID)
	v.Events = evs
	return v, err
}

func (h *Web) supervisionDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	n, err := h.Supervision.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v, err := h.supervisionView(r, n, Form{})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "supervision", v)
}

func (h *Web) supervisionReply(w http.ResponseWriter, r *http.Request) {
	h.supervisionAct(w, r, "reply", func(id int64) (supervision.Notice, error) {
		return h.Supervision.Reply(r.Context(), edge.Actor(r), id, r.PostFormValue("reply"))
	})
}

func (h *Web) supervisionClose(w http.ResponseWriter, r *http.Request) {
	h.supervisionAct(w, r, "close", func(id int64) (supervision.Notice, error) {
		return h.Supervision.Close(r.Context(), edge.Actor(r), id, r.PostFormValue("note"))
	})
}

func (h *Web) supervisionReturn(w http.ResponseWriter, r *http.Request) {
	h.supervisionAct(w, r, "return", func(id int64) (supervision.Notice, error) {
		return h.Supervision.Return(r.Context(), edge.Actor(r), id, r.PostFormValue("note"))
	})
}

// supervisionAct applies one action and goes back to the notice; bad
// input shows the notice again with the form's error.
func (h *Web) supervisionAct(w http.ResponseWriter, r *http.Request, action string, act func(id int64) (supervision.Notice, error)) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	if _, err := act(id); err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			n, gerr := h.Supervision.Get(r.Context(), edge.Actor(r), id)
			if gerr != nil {
				h.renderError(w, r, gerr)
				return
			}
			f := Form{Values: map[string]string{"action": action, "reply": r.PostFormValue("reply"), "note": r.PostFormValue("note")},
				Errors: map[string]string{}}
			for k, msg := range fields {
				f.Errors[action+"."+k] = msg
			}
			v, verr := h.supervisionView(r, n, f)
			if verr != nil {
				h.renderError(w, r, verr)
				return
			}
			h.render(w, r, http.StatusUnprocessableEntity, "supervision", v)
		})
		return
	}
	http.Redirect(w, r, "/supervisions/"+strconv.FormatInt(id, 10)+"?ok=saved", http.StatusSeeOther)
}

// supStateData is the data of the "sup-state" partial: a notice's state,
// reply timeliness and escalation, in the page's language.
type supStateData struct {
	P Page
	N supervision.Notice
}

func supState(p Page, n supervision.Notice) supStateData { return supStateData{P: p, N: n} }
