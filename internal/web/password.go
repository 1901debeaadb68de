package web

import (
	"net/http"

	"pinghu/internal/account"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

type passwordView struct {
	Page
	Form Form
	// TwoFactor asks for a code too: with two-factor login on, a password
	// change proves both factors again.
	TwoFactor bool
}

func (h *Web) passwordView(r *http.Request, errors map[string]string) (passwordView, error) {
	st, err := h.Accounts.TwoFactor(r.Context(), edge.Actor(r))
	return passwordView{Page: h.page(r, "page.password"), Form: Form{Values: map[string]string{}, Errors: errors},
		TwoFactor: st.Enrolled}, err
}

func (h *Web) passwordForm(w http.ResponseWriter, r *http.Request) {
	v, err := h.passwordView(r, map[string]string{})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "password", v)
}

// ownAccountFields are the fields of an account that its holder never
// sets: the officers do (user_form.go). Sent with the password form they
// are refused, naming them, rather than dropped, so that nobody believes
// they changed their own role or scope.
var ownAccountFields = []string{"username", "display_name", "phone", "role", "unit_id", "enterprise_id", "enterprise_code", "active"}

func (h *Web) changePassword(w http.ResponseWriter, r *http.Request) {
	next, again := r.PostFormValue("new_password"), r.PostFormValue("new_password_again")
	refused := errs.Fields{}
	for _, name := range ownAccountFields {
		if _, sent := r.PostForm[name]; sent {
			refused.Add(name, "err.field_not_permitted")
		}
	}
	err := refused.Err()
	switch {
	case err != nil:
	case next != again:
		err = errs.InvalidField("new_password_again", "err.password_mismatch")
	default:
		err = h.Accounts.ChangePassword(r.Context(), edge.Actor(r), proofOf(r), next)
	}
	if err != nil {
		e := errs.As(err)
		if e.Code != errs.Invalid {
			h.renderError(w, r, err)
			return
		}
		v, err := h.passwordView(r, e.Fields)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		h.render(w, r, http.StatusUnprocessableEntity, "password", v)
		return
	}
	http.Redirect(w, r, "/account/password?ok=password", http.StatusSeeOther)
}

// proofOf reads the re-authentication fields every sensitive account form
// carries: the current password and, with two-factor login on, a code.
func proofOf(r *http.Request) account.Proof {
	return account.Proof{Password: r.PostFormValue("current_password"), Code: r.PostFormValue("code")}
}
