package web

import (
	"html/template"
	"net/http"
	"strings"

	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// pendingCookie carries a pending login's token from the password to the
// second factor. It is never a session: Authenticate reads only the
// session cookie, and the token's kind opens nothing else.
const pendingCookie = "pinghu_login"

// enrolView is an authenticator to set up: its QR code, drawn here, and
// its secret in groups of four for typing in by hand.
type enrolView struct {
	QR     template.URL
	Secret string
}

func enrolOf(e account.Enrolment) (enrolView, error) {
	qr, err := qrDataURI(e.URL)
	if err != nil {
		return enrolView{}, err
	}
	var groups []string
	for s := e.Secret; s != ""; {
		n := min(4, len(s))
		groups, s = append(groups, s[:n]), s[n:]
	}
	return enrolView{QR: qr, Secret: strings.Join(groups, " ")}, nil
}

type secondFactorView struct {
	Page
	Username string
	Next     string
	Error    string
	Enrol    *enrolView // set when the login enrols an authenticator
}

// recoveryCodesView shows new recovery codes, once.
type recoveryCodesView struct {
	Page
	Codes []string
	Next  string
}

func pendingToken(r *http.Request) string {
	if c, err := r.Cookie(pendingCookie); err == nil {
		return c.Value
	}
	return ""
}

// secondFactorPage shows the pending login's next step: a code, or the
// authenticator to set up and its first code. Without a live pending
// login the user starts again with the password.
func (h *Web) secondFactorPage(w http.ResponseWriter, r *http.Request, status int, message string) {
	p, err := h.Accounts.PendingLogin(r.Context(), pendingToken(r))
	if err != nil {
		h.loginAgain(w, r, err)
		return
	}
	v := secondFactorView{Page: h.page(r, "page.login_2fa"), Username: p.User.Username, Next: localPath(r.FormValue("next"))}
	if message != "" {
		v.Error = v.T(message)
	}
	if p.Enrol {
		ev, err := enrolOf(p.Enrolment)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Enrol, v.TitleKey = &ev, "page.login_enrol"
	}
	h.render(w, r, status, "login_2fa", v)
}

// loginAgain ends a pending login that cannot go on and shows the login
// form with the reason.
func (h *Web) loginAgain(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	if e.Code == errs.Internal {
		h.renderError(w, r, err)
		return
	}
	edge.ClearCookie(w, r, pendingCookie)
	v := h.loginView(r)
	v.Error = h.Cat.T(v.Lang, e.Message, lockArgs(v.Page, e.Args)...)
	h.render(w, r, http.StatusUnauthorized, "login", v)
}

func (h *Web) secondFactorForm(w http.ResponseWriter, r *http.Request) {
	if edge.StateOf(r).Signed {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	if pendingToken(r) == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return
	}
	h.secondFactorPage(w, r, http.StatusOK, "")
}

func (h *Web) secondFactor(w http.ResponseWriter, r *http.Request) {
	in, err := h.Accounts.FinishLogin(r.Context(), edge.Actor(r), pendingToken(r), r.PostFormValue("code"))
	if err != nil {
		if e := errs.As(err); e.Message == "err.totp_wrong" {
			h.secondFactorPage(w, r, http.StatusUnauthorized, e.Message)
			return
		}
		h.loginAgain(w, r, err)
		return
	}
	edge.ClearCookie(w, r, pendingCookie)
	h.signIn(w, r, in)
	next := localPath(r.PostFormValue("next"))
	if in.RecoveryCodes != nil {
		h.render(w, r, http.StatusOK, "recovery_codes", recoveryCodesView{Page: h.page(r, "page.recovery_codes"), Codes: in.RecoveryCodes, Next: next})
		return
	}
	http.Redirect(w, r, next, http.StatusSeeOther) // #nosec G710 -- localPath admits only a path of this site
}
