package web

import (
	"net/http"
	"net/url"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
)

type activityListView struct {
	Page
	Filter url.Values
	Items  []campaign.Activity
	Pager  Pager
	// Organiser shows the attendance figures' link.
	Organiser bool
}

// activityList is the activities the user organises or is invited to;
// mine=1 keeps the invitations, upcoming=1 those not over yet.
func (h *Web) activityList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesActivities(a)) {
		return
	}
	q := r.URL.Query()
	page := queryPage(r)
	f := campaign.Filter{CampaignID: queryID(q, "campaign_id"), PhaseID: queryID(q, "phase_id"),
		Mine: q.Get("mine") == "1", Upcoming: q.Get("upcoming") == "1", Page: page}
	l, err := h.Campaigns.ListActivities(r.Context(), a, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := activityListView{Page: h.page(r, "page.activities"), Filter: filterValues(q, "campaign_id", "phase_id", "mine", "upcoming"),
		Items: l.Items, Organiser: seesCampaigns(a)}
	v.Pager = newPager("/activities", v.Filter, page.Number, page.Size, l.Total)
	h.render(w, r, http.StatusOK, "activities", v)
}
