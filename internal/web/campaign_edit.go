package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

// editRows is how many phase rows the edit form offers: the campaign's
// own and one more to add, within the limit.
func editRows(c campaign.Campaign) int { return min(len(c.Phases)+1, campaign.MaxPhases) }

// campaignEdit shows a campaign's form filled in, to those who run
// campaigns.
func (h *Web) campaignEdit(w http.ResponseWriter, r *http.Request) {
	c, ok := h.runCampaign(w, r)
	if !ok {
		return
	}
	f := Form{Values: map[string]string{"name": c.Name, "goals": c.Goals}}
	rows := phaseRows(editRows(c))
	for i, p := range c.Phases {
		f.Values[rows[i].Name], f.Values[rows[i].Start], f.Values[rows[i].End], f.Values[rows[i].Goal] = p.Name, p.Start, p.End, p.Goals
	}
	h.renderCampaignEdit(w, r, http.StatusOK, c, f)
}

// campaignUpdate corrects the campaign; a refusal comes back beside its
// fields with nothing written.
func (h *Web) campaignUpdate(w http.ResponseWriter, r *http.Request) {
	c, ok := h.runCampaign(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	f, in := campaignFormInput(r, editRows(c))
	if _, err := h.Campaigns.Update(r.Context(), edge.Actor(r), c.ID, in); err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			f.Errors = fields
			h.renderCampaignEdit(w, r, http.StatusUnprocessableEntity, c, f)
		})
		return
	}
	http.Redirect(w, r, "/campaigns/"+strconv.FormatInt(c.ID, 10)+"?ok=saved", http.StatusSeeOther)
}

// runCampaign reads the campaign of the path for those who run
// campaigns; anyone else gets not found.
func (h *Web) runCampaign(w http.ResponseWriter, r *http.Request) (campaign.Campaign, bool) {
	id, ok := pathID(r)
	if !h.notFoundUnless(w, r, ok && canStartCampaigns(r)) {
		return campaign.Campaign{}, false
	}
	c, err := h.Campaigns.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return c, false
	}
	return c, true
}

func (h *Web) renderCampaignEdit(w http.ResponseWriter, r *http.Request, status int, c campaign.Campaign, f Form) {
	v, err := h.campaignFormView(r, f, editRows(c))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Editing = &c
	v.TitleKey = "page.campaign_edit"
	v.Crumbs = append(v.Crumbs, Crumb{Label: c.Name, Href: "/campaigns/" + strconv.FormatInt(c.ID, 10)})
	h.render(w, r, status, "campaign_form", v)
}
