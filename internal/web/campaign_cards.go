package web

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
)

// campaignCards are the home page's campaign cards: the phase each
// campaign in scope is in today, and how many activities the user is
// invited to that are not over yet.
func campaignCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	var out []Card
	if seesCampaigns(a) {
		cur, err := h.Campaigns.CurrentPhases(ctx, a)
		if err != nil {
			return nil, err
		}
		for _, c := range cur {
			out = append(out, Card{TitleKey: "home.card.current_phase", Value: c.Phase.Name,
				Href: "/campaigns/" + strconv.FormatInt(c.Campaign.ID, 10)})
		}
	}
	if seesActivities(a) {
		l, err := h.Campaigns.ListActivities(ctx, a, campaign.Filter{Mine: true, Upcoming: true, Page: db.Page{Number: 1, Size: 1}})
		if err != nil {
			return nil, err
		}
		if l.Total > 0 {
			out = append(out, Card{TitleKey: "home.card.upcoming_activities", Value: strconv.Itoa(l.Total),
				Href: "/activities?mine=1&upcoming=1"})
		}
	}
	return out, nil
}
