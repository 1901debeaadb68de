package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/microproject"
)

// microprojectFormView is the form of a project: the staff's new and edit
// forms, and the residents' public one, which adds their optional details
// and the honeypot and leaves out the source.
type microprojectFormView struct {
	mpDict
	Form        Form
	Communities []microproject.Place
	Public      bool
	Edit        bool
	Action      string
	Error       string // a money rule's refusal, with its figures
}

var microprojectFields = []string{"community_id", "kind", "category", "title", "description", "location", "budget", "source",
	"proposer_name", "proposer_mobile"}

func (h *Web) microprojectForm(w http.ResponseWriter, r *http.Request, status int, v microprojectFormView) {
	all, err := h.Microprojects.Communities(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Communities = all
	if !v.Public {
		v.Communities = microproject.Managed(edge.Actor(r), all)
	}
	if v.Form.Values == nil {
		v.Form.Values = map[string]string{}
	}
	h.render(w, r, status, "microproject_form", v)
}

// moneyError is the message of a refusal that carries figures, "" for
// any other.
func (h *Web) moneyError(r *http.Request, err error) string {
	e := errs.As(err)
	if len(e.Args) == 0 {
		return ""
	}
	return h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...)
}

func (h *Web) microprojectNew(w http.ResponseWriter, r *http.Request) {
	if !microproject.MayCreate(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.microprojectForm(w, r, http.StatusOK, microprojectFormView{mpDict: mpDict{h.page(r, "mp.page.new")}, Action: "/microprojects",
		Form: Form{Values: map[string]string{"source": "visit"}}})
}

func microprojectInput(vals map[string]string) microproject.Input {
	return microproject.Input{CommunityID: formID(vals["community_id"]), Kind: microproject.Kind(vals["kind"]),
		Category: microproject.Category(vals["category"]), Title: vals["title"], Description: vals["description"],
		Location: vals["location"], Budget: formMoney(vals["budget"]), Source: microproject.Source(vals["source"]),
		ProposerName: vals["proposer_name"], ProposerMobile: vals["proposer_mobile"]}
}

func (h *Web) microprojectCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, microprojectFields...)
	p, err := h.Microprojects.Create(r.Context(), edge.Actor(r), microprojectInput(vals))
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.microprojectForm(w, r, http.StatusUnprocessableEntity, microprojectFormView{mpDict: mpDict{h.page(r, "mp.page.new")},
				Action: "/microprojects", Form: Form{Values: vals, Errors: f}, Error: h.moneyError(r, err)})
		})
		return
	}
	http.Redirect(w, r, microprojectPath(p.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) microprojectEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	p, err := h.Microprojects.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !microproject.MayEdit(a, p) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"community_id": strconv.FormatInt(p.CommunityID, 10), "kind": string(p.Kind), "category": string(p.Category),
		"title": p.Title, "description": p.Description, "location": p.Location, "budget": strconv.FormatInt(p.Budget, 10), "source": string(p.Source)}
	v := microprojectFormView{mpDict: mpDict{h.page(r, "mp.page.edit")}, Action: microprojectPath(id), Edit: true, Form: Form{Values: vals}}
	h.microprojectForm(w, r, http.StatusOK, v)
}

func (h *Web) microprojectUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, microprojectFields...)
	_, err := h.Microprojects.Update(r.Context(), edge.Actor(r), id, microprojectInput(vals))
	if err != nil {
		if errs.CodeOf(err) == errs.Conflict {
			h.microprojectView(w, r, http.StatusConflict, id, Form{}, h.Cat.T(edge.StateOf(r).Lang, errs.As(err).Message))
			return
		}
		h.formError(w, r, err, func(f map[string]string) {
			h.microprojectForm(w, r, http.StatusUnprocessableEntity, microprojectFormView{mpDict: mpDict{h.page(r, "mp.page.edit")},
				Action: microprojectPath(id), Edit: true, Form: Form{Values: vals, Errors: f}, Error: h.moneyError(r, err)})
		})
		return
	}
	http.Redirect(w, r, microprojectPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
