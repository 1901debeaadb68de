package web

import (
	"fmt"
	"net/http"
	"strings"

	"pinghu/internal/audit"
	"pinghu/internal/edge"
)

// A reveal (显示完整号码) shows one phone in full, once, after the reader
// has stated why; audit.Log.Reveal records it. The form sits beside each
// masked number the reader may reveal; its answer is the one page rendered
// without masking (renderRevealed), and like every page it is not cached.

// revealField is the reveal form beside one value.
type revealField struct {
	P       Page
	Action  string // where it posts
	ID      string // prefix of the form's element ids
	Form    Form
	Reasons []string
}

// RevealForm is the empty reveal form posting to action.
func (p Page) RevealForm(action, id string) revealField {
	return revealField{P: p, Action: action, ID: id, Reasons: audit.RevealReasons}
}

// revealView is the answer of a reveal: the value, or the form again with
// what was wrong with it.
type revealView struct {
	Page
	Subject string
	Back    string
	Field   revealField
	Value   string
}

// reveal reads the form, asks do for the value and shows it once.
func (h *Web) reveal(w http.ResponseWriter, r *http.Request, subject, back string, do func(reason, note string) (string, error)) {
	_ = r.ParseForm()
	f := Form{Values: map[string]string{}}
	for _, k := range []string{"reason", "note"} {
		f.Values[k] = strings.TrimSpace(r.PostForm.Get(k))
	}
	value, err := do(f.Value("reason"), f.Value("note"))
	v := revealView{Page: h.page(r, "page.reveal"), Subject: subject, Back: back,
		Field: revealField{Action: r.URL.Path, ID: "reveal", Form: f, Reasons: audit.RevealReasons}}
	v.Field.P = v.Page
	if err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			v.Field.Form.Errors = fields
			h.render(w, r, http.StatusUnprocessableEntity, "reveal", v)
		})
		return
	}
	v.Value = value
	h.renderRevealed(w, r, "reveal", v)
}

func (h *Web) contactReveal(w http.ResponseWriter, r *http.Request) {
	e, c, ok := h.contactOf(w, r)
	if !ok {
		return
	}
	h.reveal(w, r, e.Name+" · "+c.Name, enterprisePath(e.ID)+"#contacts", func(reason, note string) (string, error) {
		return h.Enterprises.RevealContactPhone(r.Context(), edge.Actor(r), e.ID, c.ID, reason, note)
	})
}

func (h *Web) userReveal(w http.ResponseWriter, r *http.Request) {
	u, ok := h.userTarget(w, r)
	if !ok {
		return
	}
	h.reveal(w, r, u.DisplayName+" ("+u.Username+")", fmt.Sprintf("/users/%d", u.ID), func(reason, note string) (string, error) {
		return h.Accounts.RevealPhone(r.Context(), edge.Actor(r), u.ID, reason, note)
	})
}
