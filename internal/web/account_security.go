package web

import (
	"net/http"

	"pinghu/internal/account"
	"pinghu/internal/edge"
)

// securityView is the user's own security page: two-factor login and the
// sessions they have open. Form and FormName carry back the errors of the
// one form that was sent.
type securityView struct {
	Page
	Status   account.TwoFactorStatus
	Sessions []account.SessionInfo
	Form     Form
	FormName string
}

func (h *Web) securityPage(w http.ResponseWriter, r *http.Request, status int, formName string, fields map[string]string) {
	a := edge.Actor(r)
	st, err := h.Accounts.TwoFactor(r.Context(), a)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	sessions, err := h.Accounts.Sessions(r.Context(), a, a.UserID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := securityView{Page: h.page(r, "page.account_security"), Status: st, Sessions: sessions,
		Form: Form{Values: map[string]string{}, Errors: fields}, FormName: formName}
	h.render(w, r, status, "account_security", v)
}

// FormFor is the form state for the form named name: its errors if it
// was the one sent, none otherwise.
func (v securityView) FormFor(name string) Form {
	if name == v.FormName {
		return v.Form
	}
	return Form{}
}

func (h *Web) accountSecurity(w http.ResponseWriter, r *http.Request) {
	h.securityPage(w, r, http.StatusOK, "", nil)
}

// enrolPageView is the page that sets up an authenticator for a signed-in user.
type enrolPageView struct {
	Page
	Enrol *enrolView
	Form  Form
}

func (h *Web) enrolPage(w http.ResponseWriter, r *http.Request, status int, e account.Enrolment, fields map[string]string) {
	ev, err := enrolOf(e)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "account_enrol", enrolPageView{Page: h.page(r, "page.account_enrol"), Enrol: &ev,
		Form: Form{Values: map[string]string{}, Errors: fields}})
}

// accountEnrolStart proves the user again and makes a new secret; the
// answer is the page that shows it.
func (h *Web) accountEnrolStart(w http.ResponseWriter, r *http.Request) {
	e, err := h.Accounts.StartEnrolment(r.Context(), edge.Actor(r), proofOf(r))
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.securityPage(w, r, http.StatusUnprocessableEntity, "enrol", f) })
		return
	}
	h.enrolPage(w, r, http.StatusOK, e, nil)
}

// accountEnrolForm shows again an authenticator being set up; with none
// being set up there is nothing to show.
func (h *Web) accountEnrolForm(w http.ResponseWriter, r *http.Request) {
	e, err := h.Accounts.Enrolling(r.Context(), edge.Actor(r))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.enrolPage(w, r, http.StatusOK, e, nil)
}

func (h *Web) accountEnrolConfirm(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	codes, err := h.Accounts.ConfirmEnrolment(r.Context(), a, r.PostFormValue("code"))
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			e, err := h.Accounts.Enrolling(r.Context(), a)
			if err != nil {
				h.renderError(w, r, err)
				return
			}
			h.enrolPage(w, r, http.StatusUnprocessableEntity, e, f)
		})
		return
	}
	h.showRecoveryCodes(w, r, codes)
}

func (h *Web) showRecoveryCodes(w http.ResponseWriter, r *http.Request, codes []string) {
	h.render(w, r, http.StatusOK, "recovery_codes", recoveryCodesView{Page: h.page(r, "page.recovery_codes"), Codes: codes, Next: "/account/security"})
}

func (h *Web) accountTwoFactorDisable(w http.ResponseWriter, r *http.Request) {
	if err := h.Accounts.DisableTwoFactor(r.Context(), edge.Actor(r), proofOf(r)); err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.securityPage(w, r, http.StatusUnprocessableEntity, "disable", f) })
		return
	}
	http.Redirect(w, r, "/account/security?ok=two_factor_off", http.StatusSeeOther)
}

func (h *Web) accountRecoveryCodes(w http.ResponseWriter, r *http.Request) {
	codes, err := h.Accounts.NewRecoveryCodes(r.Context(), edge.Actor(r), proofOf(r))
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.securityPage(w, r, http.StatusUnprocessableEntity, "recovery", f) })
		return
	}
	h.showRecoveryCodes(w, r, codes)
}

// accountSessionEnd ends one of the user's own sessions; ending the one in
// use signs this browser out.
func (h *Web) accountSessionEnd(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	handle := r.PathValue("id")
	if err := h.Accounts.EndSession(r.Context(), a, a.UserID, handle); err != nil {
		h.renderError(w, r, err)
		return
	}
	if handle == account.SessionHandle(a.SessionID) {
		edge.ClearCookie(w, r, edge.SessionCookie)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, "/account/security?ok=session_ended", http.StatusSeeOther)
}

func (h *Web) accountSessionsEndOthers(w http.ResponseWriter, r *http.Request) {
	if _, err := h.Accounts.EndOtherSessions(r.Context(), edge.Actor(r)); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/account/security?ok=session_ended", http.StatusSeeOther)
}
