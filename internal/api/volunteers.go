package api

import (
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/volunteer"
)

// volunteerRoutes are the joint volunteer services (党建共融): activities
// with their sign-ups and hours, volunteers and teams. Mobile and ID
// numbers are masked in every answer.
func (a *API) volunteerRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/volunteer-activities", s, a.listVolunteerActivities),
		rt(http.MethodPost, "/volunteer-activities", s, a.createVolunteerActivity),
		rt(http.MethodGet, "/volunteer-activities/{id}", s, a.getVolunteerActivity),
		rt(http.MethodPut, "/volunteer-activities/{id}", s, updateByID(a.Volunteers.UpdateActivity)),
		rt(http.MethodPost, "/volunteer-activities/{id}/signups", s, a.signUpVolunteer),
		rt(http.MethodPost, "/volunteer-activities/{id}/hours", s, a.reportVolunteerHours),
		rt(http.MethodPost, "/volunteer-activities/{id}/hours/{hid}/actions", s, a.decideVolunteerHours),
		rt(http.MethodGet, "/volunteers", s, a.listVolunteers),
		rt(http.MethodPost, "/volunteers", s, a.createVolunteer),
		rt(http.MethodGet, "/volunteer-teams", s, a.listVolunteerTeams),
	}
}

func (a *API) listVolunteerActivities(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := volunteer.ActivityFilter{Query: p.text("q"), UnitID: p.id("unit_id"), TeamID: p.id("team"),
		Kind:      volunteer.Kind(p.oneOf("type", "vol.err.kind", func(s string) bool { return volunteer.Kind(s).Valid() })),
		Organiser: p.text("organiser"), From: p.day("from"), To: p.day("to"), Page: p.page()}
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1) // "to" is the last day, included
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Volunteers.Activities(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

func (a *API) createVolunteerActivity(w http.ResponseWriter, r *http.Request) {
	var in volunteer.ActivityInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	x, err := a.Volunteers.CreateActivity(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/volunteer-activities/"+strconv.FormatInt(x.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, x)
}

func (a *API) getVolunteerActivity(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	x, err := a.Volunteers.GetActivity(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, x)
}

// signupInput names the volunteer who signs up.
type signupInput struct {
	VolunteerID int64 `json:"volunteer_id"`
}

func (a *API) signUpVolunteer(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in signupInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	x, err := a.Volunteers.SignUp(r.Context(), edge.Actor(r), id, in.VolunteerID)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, x)
}

// reportVolunteerHours records a report of hours: {"volunteer_id",
// "hours"} or {"volunteer_id", "sign_in", "sign_out"}. Hours longer than
// the activity are 422 with both figures in the message.
func (a *API) reportVolunteerHours(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in volunteer.ReportInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	rep, err := a.Volunteers.ReportHours(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, rep)
}

// decisionInput is {"action": "approve"} or {"action": "reject"}.
type decisionInput struct {
	Action string `json:"action"`
}

func (a *API) decideVolunteerHours(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	hid, err := pathParam(r, "hid")
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in decisionInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	rep, err := a.Volunteers.Decide(r.Context(), edge.Actor(r), id, hid, in.Action)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, rep)
}

func (a *API) listVolunteers(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := volunteer.VolunteerFilter{Query: p.text("q"), UnitID: p.id("unit_id"), TeamID: p.id("team"), Page: p.page()}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Volunteers.Volunteers(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

func (a *API) createVolunteer(w http.ResponseWriter, r *http.Request) {
	var in volunteer.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	v, err := a.Volunteers.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, v)
}

func (a *API) listVolunteerTeams(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := volunteer.TeamFilter{Query: p.text("q"), UnitID: p.id("unit_id"), Page: p.page()}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Volunteers.Teams(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}
