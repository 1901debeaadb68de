package web

import (
	"net/http"
	"net/url"
	"time"

	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

type loginView struct {
	Page
	Form         Form
	Error        string
	Next         string
	DemoAccounts []DemoAccount
	DemoPassword string
}

func (h *Web) loginView(r *http.Request) loginView {
	v := loginView{Page: h.page(r, "page.login"), Form: Form{Values: map[string]string{}}, Next: localPath(r.FormValue("next"))}
	if h.Demo {
		v.DemoAccounts, v.DemoPassword = h.DemoAccounts, h.DemoPassword
	}
	return v
}

func (h *Web) loginForm(w http.ResponseWriter, r *http.Request) {
	if edge.StateOf(r).Signed {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	h.render(w, r, http.StatusOK, "login", h.loginView(r))
}

func (h *Web) login(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	username, password := r.PostForm.Get("username"), r.PostForm.Get("password")
	in, err := h.Accounts.Login(r.Context(), edge.Actor(r), account.Credentials{Username: username, Password: password}, account.WebSession)
	if err != nil {
		e := errs.As(err)
		if e.Code == errs.Internal {
			h.renderError(w, r, err)
			return
		}
		v := h.loginView(r)
		v.Form.Values["username"] = username
		v.Error = h.Cat.T(v.Lang, e.Message, lockArgs(v.Page, e.Args)...)
		edge.SetRetryAfter(w, err)
		h.render(w, r, edge.Status(e.Code), "login", v)
		return
	}
	next := localPath(r.PostForm.Get("next"))
	if in.Pending {
		// The password was right; the session waits for the second factor.
		edge.SetCookie(w, r, pendingCookie, in.Token, int(account.PendingFor.Seconds()), h.SecureCookies)
		http.Redirect(w, r, "/login/2fa?next="+url.QueryEscape(next), http.StatusSeeOther)
		return
	}
	h.signIn(w, r, in)
	http.Redirect(w, r, next, http.StatusSeeOther) // #nosec G710 -- localPath admits only a path of this site
}

// signIn hands the browser the cookie of a new session.
func (h *Web) signIn(w http.ResponseWriter, r *http.Request, in account.SignIn) {
	edge.SetCookie(w, r, edge.SessionCookie, in.Token, int(in.Session.ExpiresAt.Sub(in.Session.CreatedAt).Seconds()), h.SecureCookies)
}

// lockArgs shows a lockout's end time in the user's time zone.
func lockArgs(p Page, args []any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		if t, ok := a.(time.Time); ok {
			a = p.Time(t)
		}
		out[i] = a
	}
	return out
}
