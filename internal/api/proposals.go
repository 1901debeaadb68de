package api

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/proposal"
	"pinghu/internal/rule"
)

// proposalRoutes are the proposals (金点子) and the rules library (制度).
// Residents use the public page form, not the API: every API route here
// is for signed-in staff.
func (a *API) proposalRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/proposals", s, a.listProposals),
		rt(http.MethodPost, "/proposals", s, a.submitProposal),
		rt(http.MethodGet, "/proposals/{id}", s, a.getProposal),
		rt(http.MethodPost, "/proposals/{id}/actions", s, a.actOnProposal),
		rt(http.MethodGet, "/rules", s, a.listRules),
		rt(http.MethodPost, "/rules", s, a.createRule),
		rt(http.MethodGet, "/rules/{id}", s, a.getRule),
		rt(http.MethodPost, "/rules/{id}/versions", s, a.addRuleVersion),
		rt(http.MethodPost, "/rules/{id}/actions", s, a.actOnRule),
		rt(http.MethodGet, "/rules/{id}/diff", s, a.diffRule),
	}
}

// proposalFilter reads the list's parameters; adopted_from and
// adopted_to give the list behind the dashboard's "adopted" figure.
func proposalFilter(p *params) (proposal.Filter, error) {
	f := proposal.Filter{Query: p.text("q"), CommunityID: p.id("community_id"), UnitID: p.id("unit_id"),
		State:  proposal.State(p.oneOf("state", "err.proposal_state", func(s string) bool { return proposal.State(s).Valid() })),
		Source: proposal.Source(p.oneOf("source", "err.proposal_source", func(s string) bool { return s == "cadre" || s == "resident" })),
		Sort:   p.oneOf("sort", "err.proposal_sort", func(s string) bool { return slices.Contains(proposal.SortKeys, s) }),
		From:   p.day("from"), To: p.day("to"), AdoptedFrom: p.day("adopted_from"), AdoptedTo: p.day("adopted_to"),
		Page: p.page()}
	// A date range is inclusive for people: "to" is the end of its day.
	if !f.To.IsZero() {
		f.To = f.To.AddDate(0, 0, 1)
	}
	if !f.AdoptedTo.IsZero() {
		f.AdoptedTo = f.AdoptedTo.AddDate(0, 0, 1)
	}
	return f, p.err()
}

func (a *API) listProposals(w http.ResponseWriter, r *http.Request) {
	f, err := proposalFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Proposals.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// proposalDetail is a proposal with the actions the caller may take.
type proposalDetail struct {
	proposal.Proposal
	AllowedActions []proposal.Action `json:"allowed_actions"`
}

func (a *API) writeProposal(w http.ResponseWriter, r *http.Request, status int, p proposal.Proposal) {
	d := proposalDetail{Proposal: p, AllowedActions: a.Proposals.Allowed(r.Context(), edge.Actor(r), p)}
	if d.AllowedActions == nil {
		d.AllowedActions = []proposal.Action{}
	}
	edge.WriteJSON(w, status, d)
}

func (a *API) submitProposal(w http.ResponseWriter, r *http.Request) {
	var in proposal.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Proposals.Submit(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/proposals/"+strconv.FormatInt(p.ID, 10))
	a.writeProposal(w, r, http.StatusCreated, p)
}

func (a *API) getProposal(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Proposals.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeProposal(w, r, http.StatusOK, p)
}

// actOnProposal applies one action; one the proposal's state does not
// allow the caller is 409 with the actions allowed instead.
func (a *API) actOnProposal(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in proposal.ActInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Proposals.Act(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeProposal(w, r, http.StatusOK, p)
}

func (a *API) listRules(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := rule.Filter{Query: p.text("q"), UnitID: p.id("unit_id"),
		Status: rule.Status(p.oneOf("status", "err.rule_status", func(s string) bool { return rule.Status(s).Valid() })),
		Sort:   p.oneOf("sort", "err.rule_sort", func(s string) bool { return slices.Contains(rule.SortKeys, s) }),
		Page:   p.page()}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Rules.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// createRule stores a draft rule; with proposal_ids it is the rule
// adopted proposals became.
func (a *API) createRule(w http.ResponseWriter, r *http.Request) {
	var in rule.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	ru, err := a.Rules.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/rules/"+strconv.FormatInt(ru.ID, 10))
	a.writeRule(w, r, http.StatusCreated, ru.ID)
}

func (a *API) writeRule(w http.ResponseWriter, r *http.Request, status int, id int64) {
	ru, err := a.Rules.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, status, ru)
}

func (a *API) getRule(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeRule(w, r, http.StatusOK, id)
}

func (a *API) addRuleVersion(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in rule.VersionInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	if _, err := a.Rules.AddVersion(r.Context(), edge.Actor(r), id, in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeRule(w, r, http.StatusCreated, id)
}

func (a *API) actOnRule(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in rule.ActInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	if _, err := a.Rules.Act(r.Context(), edge.Actor(r), id, in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeRule(w, r, http.StatusOK, id)
}

// diffRule compares two versions; both are required.
func (a *API) diffRule(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p := query(r)
	from, to := p.int("from", 0), p.int("to", 0)
	for name, v := range map[string]int{"from": from, "to": to} {
		if v <= 0 {
			p.f.Add(name, "err.rule_version_unknown")
		}
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	d, err := a.Rules.Diff(r.Context(), edge.Actor(r), id, from, to)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, d)
}
