package api

import (
	"net/http"
	"strconv"
	"time"

	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
)

// visitBody is a visit as the API takes it. Photos are not sent as JSON:
// they are recorded with the visit form's multipart upload.
type visitBody struct {
	Date     string              `json:"date"`
	Form     enterprise.Form     `json:"form"`
	Findings string              `json:"findings"`
	People   []enterprise.Person `json:"people"`
}

// recordVisit records a visit to the enterprise of the path.
func (a *API) recordVisit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var b visitBody
	if err := edge.DecodeJSON(r, &b); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	v, err := a.Enterprises.RecordVisit(r.Context(), edge.Actor(r), enterprise.VisitInput{EnterpriseID: id, Date: b.Date,
		Form: b.Form, Findings: b.Findings, People: b.People})
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/visits/"+strconv.FormatInt(v.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, v)
}

// listVisits is one page of the visits in the caller's scope, the latest
// first; from and to are dates in China Standard Time, inclusive.
func (a *API) listVisits(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	from, to := p.day("from"), p.day("to")
	f := enterprise.VisitFilter{EnterpriseID: p.id("enterprise_id"), CommunityID: p.id("community_id"), Page: p.page()}
	if !from.IsZero() {
		f.From = from.Format(time.DateOnly)
	}
	if !to.IsZero() {
		f.To = to.Format(time.DateOnly)
		if !from.IsZero() && to.Before(from) {
			p.f.Add("to", "api.date_order")
		}
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Enterprises.ListVisits(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}

func (a *API) getVisit(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	v, err := a.Enterprises.GetVisit(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, v)
}
