package web

import (
	"net/http"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/proposal"
)

// proposalFormView is the form of a new proposal, the staff's and the
// public one alike; Public adds the resident's optional details and the
// honeypot.
type proposalFormView struct {
	proposalDict
	Form        Form
	Communities []proposal.Place
	Public      bool
	Action      string
}

func (h *Web) proposalForm(w http.ResponseWriter, r *http.Request, status int, public bool, values, fields map[string]string) {
	title, action := "page.proposal_new", "/proposals"
	if public {
		title, action = "page.public_proposal_new", "/p/proposals"
	}
	v := proposalFormView{proposalDict: proposalDict{h.page(r, title)}, Form: Form{Values: values, Errors: fields},
		Public: public, Action: action}
	var err error
	if v.Communities, err = h.Proposals.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "proposal_form", v)
}

func (h *Web) proposalNew(w http.ResponseWriter, r *http.Request) {
	if !seesProposals(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.proposalForm(w, r, http.StatusOK, false, map[string]string{}, nil)
}

func formValues(r *http.Request, names ...string) map[string]string {
	out := map[string]string{}
	for _, n := range names {
		out[n] = strings.TrimSpace(r.PostFormValue(n))
	}
	return out
}

func (h *Web) proposalCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "title", "body", "community_id")
	p, err := h.Proposals.Submit(r.Context(), edge.Actor(r), proposal.Input{Title: vals["title"], Body: vals["body"],
		CommunityID: formID(vals["community_id"])})
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.proposalForm(w, r, http.StatusUnprocessableEntity, false, vals, f) })
		return
	}
	http.Redirect(w, r, proposalPath(p.ID)+"?ok=created", http.StatusSeeOther)
}

func (h *Web) publicProposalNew(w http.ResponseWriter, r *http.Request) {
	h.proposalForm(w, r, http.StatusOK, true, map[string]string{}, nil)
}

// publicProposalCreate takes a resident's proposal and shows its receipt.
// The budget of the address was spent before this runs; over budget the
// request never gets here.
func (h *Web) publicProposalCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "name", "mobile", "title", "body", "community_id", "website")
	p, err := h.Proposals.SubmitPublic(r.Context(), edge.Actor(r), proposal.PublicInput{Name: vals["name"], Mobile: vals["mobile"],
		Title: vals["title"], Body: vals["body"], CommunityID: formID(vals["community_id"]), Website: vals["website"]})
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.proposalForm(w, r, http.StatusUnprocessableEntity, true, vals, f) })
		return
	}
	http.Redirect(w, r, "/p/proposals/"+string(p.Receipt)+"?ok=created", http.StatusSeeOther)
}

type proposalStatusView struct {
	proposalDict
	Status proposal.Status
}

// publicProposalStatus shows a receipt's state and dates, nothing else.
func (h *Web) publicProposalStatus(w http.ResponseWriter, r *http.Request) {
	st, err := h.Proposals.PublicStatus(r.Context(), r.PathValue("receipt"))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "proposal_status", proposalStatusView{proposalDict: proposalDict{h.page(r, "page.proposal_status")}, Status: st})
}

// formID reads an id typed or chosen in a form; 0 for anything else,
// which the services refuse as a missing value.
func formID(s string) int64 {
	var id int64
	for _, c := range s {
		if c < '0' || c > '9' || id > 1e15 {
			return 0
		}
		id = id*10 + int64(c-'0')
	}
	return id
}
