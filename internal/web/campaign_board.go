package web

import (
	"net/http"
	"time"

	"pinghu/internal/i18n"
	"pinghu/internal/project"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
)

type campaignListView struct {
	Page
	Items    []campaign.Campaign
	Today    string
	CanStart bool
}

// campaignList is the campaigns in scope with their phases.
func (h *Web) campaignList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesCampaigns(a)) {
		return
	}
	l, err := h.Campaigns.List(r.Context(), a)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "campaigns", campaignListView{Page: h.page(r, "page.campaigns"), Items: l,
		Today: h.Now().In(i18n.Zone).Format(time.DateOnly), CanStart: canStartCampaigns(r)})
}

type campaignBoardView struct {
	Page
	Board campaign.Board
	// Projects of the campaign the viewer sees.
	Projects []project.Ref
	// CanEdit offers the form that corrects the campaign.
	CanEdit bool
}

// campaignBoard is a campaign's phases as columns, today's phase marked,
// each with its activities.
func (h *Web) campaignBoard(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !h.notFoundUnless(w, r, ok) {
		return
	}
	b, err := h.Campaigns.Board(r.Context(), edge.Actor(r), id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(r, "page.campaigns")
	p.Title = b.Campaign.Name
	p.Crumbs = []Crumb{{Key: "page.campaigns", Href: "/campaigns"}}
	v := campaignBoardView{Page: p, Board: b, CanEdit: canStartCampaigns(r)}
	if v.Projects, err = h.Projects.ForCampaign(r.Context(), edge.Actor(r), b.Campaign.ID); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "campaign_board", v)
}

// ActivityKind names an activity's kind.
func (p Page) ActivityKind(k campaign.Kind) string { return p.T("activity.kind." + string(k)) }

// Clock shows a time of day in China Standard Time.
func (p Page) Clock(t time.Time) string { return t.In(i18n.Zone).Format("15:04") }
