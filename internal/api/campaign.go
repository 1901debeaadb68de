package api

import (
	"net/http"
	"pinghu/internal/errs"
	"strconv"

	"pinghu/internal/campaign"
	"pinghu/internal/edge"
)

func (a *API) campaignRoutes() []edge.Route {
	return []edge.Route{
		rt(http.MethodGet, "/campaigns", edge.Signed, a.listCampaigns),
		rt(http.MethodPost, "/campaigns", edge.Signed, a.createCampaign),
		rt(http.MethodGet, "/campaigns/{id}", edge.Signed, a.getCampaign),
		rt(http.MethodPut, "/campaigns/{id}", edge.Signed, updateByID(a.Campaigns.Update)),
		rt(http.MethodGet, "/activities", edge.Signed, a.listActivities),
		rt(http.MethodPost, "/activities", edge.Signed, a.createActivity),
		rt(http.MethodGet, "/activities/{id}", edge.Signed, a.getActivity),
		rt(http.MethodPut, "/activities/{id}", edge.Signed, updateByID(a.Campaigns.UpdateActivity)),
		rt(http.MethodPost, "/activities/{id}/signin", edge.Signed, a.signInActivity),
		rt(http.MethodPost, "/activities/{id}/leave", edge.Signed, a.leaveActivity),
		rt(http.MethodGet, "/stats/attendance", edge.Signed, a.attendanceStats),
	}
}

// campaignList is the campaigns in the caller's scope.
type campaignList struct {
	Items []campaign.Campaign `json:"items"`
}

func (a *API) listCampaigns(w http.ResponseWriter, r *http.Request) {
	l, err := a.Campaigns.List(r.Context(), edge.Actor(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, campaignList{Items: l})
}

func (a *API) createCampaign(w http.ResponseWriter, r *http.Request) {
	var in campaign.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	c, err := a.Campaigns.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/campaigns/"+strconv.FormatInt(c.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, c)
}

// getCampaign answers the campaign's phase board: its phases, the current
// one marked, and the activities of each that the caller may see.
func (a *API) getCampaign(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	b, err := a.Campaigns.Board(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, b)
}

func (a *API) listActivities(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := campaign.Filter{CampaignID: p.id("campaign_id"), PhaseID: p.id("phase_id"), Page: p.page()}
	if b := p.bool("mine"); b != nil {
		f.Mine = *b
	}
	if b := p.bool("upcoming"); b != nil {
		f.Upcoming = *b
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Campaigns.ListActivities(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

func (a *API) createActivity(w http.ResponseWriter, r *http.Request) {
	var in campaign.ActivityInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	v, err := a.Campaigns.CreateActivity(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/activities/"+strconv.FormatInt(v.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, v)
}

func (a *API) getActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	v, err := a.Campaigns.GetActivity(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, v)
}

// signInBody is a sign-in: the caller's own with the meeting's code, or an
// organiser's for the person named.
type signInBody struct {
	Code   string `json:"code"`
	UserID int64  `json:"user_id"`
}

func (a *API) signInActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var b signInBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var inv campaign.Invitation
	if b.UserID > 0 {
		inv, err = a.Campaigns.SignInFor(r.Context(), edge.Actor(r), id, b.UserID)
	} else {
		inv, err = a.Campaigns.SignIn(r.Context(), edge.Actor(r), id, b.Code)
	}
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, inv)
}

// leaveBody is a leave request; the reason is personal and is answered
// back to nobody but its author and the organisers.
type leaveBody struct {
	Reason string `json:"reason"`
}

func (a *API) leaveActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var b leaveBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	inv, err := a.Campaigns.Leave(r.Context(), edge.Actor(r), id, b.Reason)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, inv)
}

// attendanceStats answers attendance by the invitees' units as of the end
// of a CST date (today by default), for a campaign or one activity: the
// figures of the attendance page, whose people list is
// /activities/people with the same parameters and a status. Those who
// run the campaign read it; anyone else gets 404.
func (a *API) attendanceStats(w http.ResponseWriter, r *http.Request) {
	if !campaign.TakesPart(edge.Actor(r)) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	actor := edge.Actor(r)
	p := query(r)
	q := campaign.Query{CampaignID: p.id("campaign_id"), ActivityID: p.id("activity_id"), AsOf: a.Now()}
	p.asOf(&q.AsOf, campaign.AsOfDate)
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	rep, err := a.Campaigns.Attendance(r.Context(), actor, q)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, rep)
}
