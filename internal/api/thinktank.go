package api

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/thinktank"
)

// thinktankRoutes are the community expert think tank (社区专家智库):
// the register of experts and the consultations asked of them.
func (a *API) thinktankRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/experts", s, a.listExperts),
		rt(http.MethodPost, "/experts", s, a.createExpert),
		rt(http.MethodGet, "/experts/{id}", s, a.getExpert),
		rt(http.MethodGet, "/consultations", s, a.listConsultations),
		rt(http.MethodPost, "/consultations", s, a.requestConsultation),
		rt(http.MethodGet, "/consultations/{id}", s, a.getConsultation),
		rt(http.MethodPost, "/consultations/{id}/actions", s, a.actOnConsultation),
	}
}

func validField(s string) bool { return thinktank.Field(s).Valid() }

func (a *API) listExperts(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := thinktank.ExpertFilter{Query: p.text("q"), UnitID: p.id("unit_id"),
		Field:    thinktank.Field(p.oneOf("field", "tt.err.field", validField)),
		Active:   p.oneOf("active", "tt.err.active", func(s string) bool { return s == "true" || s == "false" }),
		ActiveOn: p.raw("active_on"),
		Sort:     p.oneOf("sort", "tt.err.sort", func(s string) bool { return slices.Contains(thinktank.ExpertSortKeys, s) }),
		Page:     p.page()}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.ThinkTank.Experts(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

func (a *API) createExpert(w http.ResponseWriter, r *http.Request) {
	var in thinktank.ExpertInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	x, err := a.ThinkTank.CreateExpert(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/experts/"+strconv.FormatInt(x.ID, 10))
	edge.WriteJSON(w, http.StatusCreated, x)
}

func (a *API) getExpert(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	x, err := a.ThinkTank.Expert(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, x)
}

// consultationFilter reads the list's parameters; answered=true with
// from and to gives the list behind the figure of those answered.
func consultationFilter(p *params) (thinktank.Filter, error) {
	f := thinktank.Filter{Query: p.text("q"), UnitID: p.id("unit_id"), ExpertID: p.id("expert_id"),
		Field:   thinktank.Field(p.oneOf("field", "tt.err.field", validField)),
		State:   thinktank.State(p.oneOf("status", "tt.err.state", func(s string) bool { return thinktank.State(s).Valid() })),
		Urgency: thinktank.Urgency(p.oneOf("urgency", "tt.err.urgency", func(s string) bool { return thinktank.Urgency(s).Valid() })),
		Sort:    p.oneOf("sort", "tt.err.sort", func(s string) bool { return slices.Contains(thinktank.SortKeys, s) }),
		From:    p.day("from"), To: p.day("to"), Page: p.page()}
	if b := p.bool("answered"); b != nil {
		f.Answered = *b
	}
	// A date range is inclusive for people: "to" is the end of its day.
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	return f, p.err()
}

func (a *API) listConsultations(w http.ResponseWriter, r *http.Request) {
	f, err := consultationFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.ThinkTank.Consultations(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// consultationDetail is a consultation with the actions the caller may
// take and, to who may assign it, the experts suggested.
type consultationDetail struct {
	thinktank.Consultation
	AllowedActions []thinktank.Action     `json:"allowed_actions"`
	Suggestions    []thinktank.Suggestion `json:"suggestions,omitempty"`
}

func (a *API) writeConsultation(w http.ResponseWriter, r *http.Request, status int, k thinktank.Consultation) {
	act := edge.Actor(r)
	d := consultationDetail{Consultation: k, AllowedActions: thinktank.Allowed(act, k)}
	if slices.Contains(d.AllowedActions, thinktank.Assign) {
		s, err := a.ThinkTank.Suggest(r.Context(), act, k.ID)
		if err != nil {
			edge.WriteError(w, r, err)
			return
		}
		d.Suggestions = s
	}
	edge.WriteJSON(w, status, d)
}

func (a *API) requestConsultation(w http.ResponseWriter, r *http.Request) {
	var in thinktank.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	k, err := a.ThinkTank.Request(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/consultations/"+strconv.FormatInt(k.ID, 10))
	a.writeConsultation(w, r, http.StatusCreated, k)
}

func (a *API) getConsultation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	k, err := a.ThinkTank.Consultation(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeConsultation(w, r, http.StatusOK, k)
}

// actOnConsultation applies one action; one the consultation's state does
// not allow the caller is 409 with the actions allowed instead. An answer
// through the API carries no files; the page takes them.
func (a *API) actOnConsultation(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in thinktank.ActInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	k, err := a.ThinkTank.Act(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeConsultation(w, r, http.StatusOK, k)
}
