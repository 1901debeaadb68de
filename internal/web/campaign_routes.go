package web

import (
	"net/http"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/edge"
)

// campaignRoutes are the capability and work-style year's pages: the
// campaigns and their phase boards, the activities with sign-in and leave,
// attendance by unit with the people behind each figure, and its ledger.
func (h *Web) campaignRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/campaigns", Access: s, Handler: h.campaignList},
		{Method: "GET", Pattern: "/campaigns/new", Access: s, Handler: h.campaignNew},
		{Method: "POST", Pattern: "/campaigns", Access: s, Handler: h.campaignCreate},
		{Method: "GET", Pattern: "/campaigns/{id}", Access: s, Handler: h.campaignBoard},
		{Method: "GET", Pattern: "/campaigns/{id}/edit", Access: s, Handler: h.campaignEdit},
		{Method: "POST", Pattern: "/campaigns/{id}", Access: s, Handler: h.campaignUpdate},
		{Method: "GET", Pattern: "/activities", Access: s, Handler: h.activityList},
		{Method: "GET", Pattern: "/activities/new", Access: s, Handler: h.activityNew},
		{Method: "POST", Pattern: "/activities", Access: s, Handler: h.activityCreate},
		{Method: "GET", Pattern: "/activities/attendance", Access: s, Handler: h.activityAttendance},
		{Method: "GET", Pattern: "/activities/people", Access: s, Handler: h.activityPeople},
		{Method: "GET", Pattern: "/activities/{id}", Access: s, Handler: h.activityDetail},
		{Method: "GET", Pattern: "/activities/{id}/edit", Access: s, Handler: h.activityEdit},
		{Method: "POST", Pattern: "/activities/{id}", Access: s, Handler: h.activityUpdate},
		{Method: "POST", Pattern: "/activities/{id}/signin", Access: s, Handler: h.activitySignIn},
		{Method: "POST", Pattern: "/activities/{id}/leave", Access: s, Handler: h.activityLeave},
		{Method: "GET", Pattern: "/ledgers/attendance.xlsx", Access: s, Handler: h.ledgerAttendance, Cost: edge.Export},
	}
}

// seesCampaigns: the roles that take part in running the campaign.
func seesCampaigns(a access.Actor) bool { return campaign.TakesPart(a) }

// seesActivities: every role that may be invited, the officers excepted.
func seesActivities(a access.Actor) bool { return a.Role.Business() }

// notFoundUnless answers 404 and reports false unless ok.
func (h *Web) notFoundUnless(w http.ResponseWriter, r *http.Request, ok bool) bool {
	if !ok {
		h.NotFound(w, r)
	}
	return ok
}
