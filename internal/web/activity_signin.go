package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// activitySignIn signs in: the invitee with the code, or the organiser
// for the person chosen (user_id). A refused code comes back beside the
// form with its reason; nothing is recorded.
func (h *Web) activitySignIn(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !h.notFoundUnless(w, r, ok) {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	a := edge.Actor(r)
	code := strings.TrimSpace(r.PostForm.Get("code"))
	var err error
	if s := strings.TrimSpace(r.PostForm.Get("user_id")); s != "" {
		uid, perr := strconv.ParseInt(s, 10, 64)
		if perr != nil || uid <= 0 {
			err = errs.InvalidField("user_id", "err.activity_invitee_unknown")
		} else {
			_, err = h.Campaigns.SignInFor(r.Context(), a, id, uid)
		}
	} else {
		_, err = h.Campaigns.SignIn(r.Context(), a, id, code)
	}
	if err == nil {
		http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10)+"?ok=saved", http.StatusSeeOther)
		return
	}
	h.activityRefused(w, r, id, err, Form{Values: map[string]string{"code": code}}, true)
}

// activityLeave records the invitee's leave with its reason.
func (h *Web) activityLeave(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !h.notFoundUnless(w, r, ok) {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	reason := r.PostForm.Get("reason")
	_, err := h.Campaigns.Leave(r.Context(), edge.Actor(r), id, reason)
	if err == nil {
		http.Redirect(w, r, "/activities/"+strconv.FormatInt(id, 10)+"?ok=saved", http.StatusSeeOther)
		return
	}
	h.activityRefused(w, r, id, err, Form{Values: map[string]string{"reason": reason}}, false)
}

// activityRefused shows the activity again with the refusal beside the
// form: invalid input (422) names its field; a refusal in the record's
// state (409) or a spent budget of codes (429) is shown on the form too.
func (h *Web) activityRefused(w http.ResponseWriter, r *http.Request, id int64, err error, f Form, signIn bool) {
	e := errs.As(err)
	field := "reason"
	if signIn {
		field = "code"
	}
	switch e.Code {
	case errs.Invalid:
		f.Errors = e.Fields
		if len(f.Errors) > 0 && f.Errors[field] == "" {
			for _, msg := range e.Fields {
				f.Errors = map[string]string{field: msg}
				break
			}
		}
	case errs.Conflict, errs.RateLimited:
		f.Errors = map[string]string{field: e.Message}
	default:
		h.renderError(w, r, err)
		return
	}
	status := edge.Status(e.Code)
	if signIn {
		h.showActivity(w, r, id, status, f, Form{})
		return
	}
	h.showActivity(w, r, id, status, Form{}, f)
}
