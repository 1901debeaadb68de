package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/microproject"
)

type microprojectView struct {
	mpDict
	P        microproject.Project
	Allowed  map[string]bool
	Timeline []timelineStep
	Settings microproject.Settings
	CanEdit  bool
	Form     Form
	Error    string
}

// Acting reports whether any stage action is open to the user.
func (v microprojectView) Acting() bool { return len(v.Allowed) > 0 }

func (h *Web) microprojectView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form, errMsg string) {
	a := edge.Actor(r)
	p, err := h.Microprojects.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := microprojectView{mpDict: mpDict{h.page(r, "mp.page.detail")}, P: p, Allowed: map[string]bool{}, Timeline: timeline(p),
		CanEdit: microproject.MayEdit(a, p), Form: form, Error: errMsg}
	v.Title = p.Title
	for _, act := range h.Microprojects.Allowed(a, p) {
		v.Allowed[string(act)] = true
	}
	if v.Settings, err = h.Microprojects.SettingsFor(r.Context(), a, p.Year, p.CommunityID); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "microproject", v)
}

func (h *Web) microprojectDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.microprojectView(w, r, http.StatusOK, id, Form{}, "")
}

// formInt reads a whole number typed in a form; -1 for anything else, which
// the services refuse.
func formInt(s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

func formMoney(s string) int64 {
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

func (h *Web) microprojectAct(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "action", "note", "exclusion", "reason", "for", "against", "abstain", "present", "council_size",
		"days", "body", "percent", "amount", "item")
	in := microproject.ActInput{Action: microproject.Action(vals["action"]), Note: vals["note"],
		Exclusion: microproject.Exclusion(vals["exclusion"]), Reason: vals["reason"], Days: formInt(vals["days"]), Body: vals["body"],
		Percent: formInt(vals["percent"]), Amount: formMoney(vals["amount"]), Item: vals["item"],
		Vote: microproject.Vote{For: formInt(vals["for"]), Against: formInt(vals["against"]), Abstain: formInt(vals["abstain"]),
			Present: formInt(vals["present"]), CouncilSize: formInt(vals["council_size"])}}
	_, err := h.Microprojects.Act(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		e := errs.As(err)
		msg := ""
		if len(e.Args) > 0 || e.Code == errs.Conflict {
			msg = h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...)
		}
		switch e.Code {
		case errs.Invalid:
			h.microprojectView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields}, msg)
		case errs.Conflict:
			h.microprojectView(w, r, http.StatusConflict, id, Form{Values: vals}, msg)
		default:
			h.renderError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, microprojectPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
