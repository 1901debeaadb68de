package web

import (
	"net/http"

	"pinghu/internal/edge"
	"pinghu/internal/party"
)

const partySocialPath = "/party/social-organisations"

// partySocialView is the registry of social organisations (社会组织) an
// organisation may cover, with the form to register one.
type partySocialView struct {
	partyDict
	Items     []party.SocialOrgRow
	Units     []party.Choice
	Form      Form
	CanCreate bool
}

func (h *Web) partySocialPage(w http.ResponseWriter, r *http.Request, status int, form Form) {
	a := edge.Actor(r)
	if !party.Sees(a) {
		h.NotFound(w, r)
		return
	}
	v := partySocialView{partyDict: partyDict{h.page(r, "pty.page.social")}, Form: form, CanCreate: party.Writes(a)}
	var err error
	if v.Items, err = h.Party.ListSocialOrgs(r.Context(), a); err == nil {
		v.Units, err = h.Party.Units(r.Context(), a)
	}
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "party_social", v)
}

func (h *Web) partySocialList(w http.ResponseWriter, r *http.Request) {
	h.partySocialPage(w, r, http.StatusOK, Form{})
}

func (h *Web) partySocialCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "name", "community_id")
	_, err := h.Party.CreateSocialOrg(r.Context(), edge.Actor(r), party.SocialOrgInput{Name: vals["name"], CommunityID: formID(vals["community_id"])})
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.partySocialPage(w, r, http.StatusUnprocessableEntity, Form{Values: vals, Errors: f})
		})
		return
	}
	http.Redirect(w, r, partySocialPath+"?ok=created", http.StatusSeeOther)
}
