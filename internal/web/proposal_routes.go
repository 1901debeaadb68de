package web

import (
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/proposal"
	"pinghu/internal/rule"
)

// proposalRoutes are the proposal pages (金点子): the staff's list, form
// and page with its actions, and the residents' public form and status
// page under /p/, which need no login. The public form is a costly route:
// each address gets a budget of submissions (edge.PublicForm).
func (h *Web) proposalRoutes() []edge.Route {
	s, pub := edge.Signed, edge.Public
	return []edge.Route{
		{Method: "GET", Pattern: "/proposals", Access: s, Handler: h.proposalList},
		{Method: "GET", Pattern: "/proposals/new", Access: s, Handler: h.proposalNew},
		{Method: "POST", Pattern: "/proposals", Access: s, Handler: h.proposalCreate},
		{Method: "GET", Pattern: "/proposals/{id}", Access: s, Handler: h.proposalDetail},
		{Method: "POST", Pattern: "/proposals/{id}/actions", Access: s, Handler: h.proposalAct},
		{Method: "GET", Pattern: "/p/proposals/new", Access: pub, Handler: h.publicProposalNew, Cost: edge.PublicRead},
		{Method: "POST", Pattern: "/p/proposals", Access: pub, Handler: h.publicProposalCreate, Cost: edge.PublicForm},
		{Method: "GET", Pattern: "/p/proposals/{receipt}", Access: pub, Handler: h.publicProposalStatus, Cost: edge.PublicRead},
	}
}

// ruleRoutes are the rules library's pages (制度库).
func (h *Web) ruleRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/rules", Access: s, Handler: h.ruleList},
		{Method: "GET", Pattern: "/rules/new", Access: s, Handler: h.ruleNew},
		{Method: "POST", Pattern: "/rules", Access: s, Handler: h.ruleCreate},
		{Method: "GET", Pattern: "/rules/{id}", Access: s, Handler: h.ruleDetail},
		{Method: "POST", Pattern: "/rules/{id}/versions", Access: s, Handler: h.ruleVersion},
		{Method: "POST", Pattern: "/rules/{id}/actions", Access: s, Handler: h.ruleAct},
		{Method: "GET", Pattern: "/rules/{id}/diff", Access: s, Handler: h.ruleDiff},
	}
}

// seesProposals: the roles whose scope holds proposals, for the menu.
func seesProposals(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}

// seesRules: the staff roles, who all read the rules in force.
func seesRules(a access.Actor) bool {
	return seesProposals(a) || a.Role == access.Specialist || a.Role == access.Expert
}

// writesRules: the roles that draft rules for their units (rule.Create
// decides again).
func writesRules(a access.Actor) bool { return seesProposals(a) }

func proposalPath(id int64) string { return "/proposals/" + strconv.FormatInt(id, 10) }
func rulePath(id int64) string     { return "/rules/" + strconv.FormatInt(id, 10) }

// proposalDict names the proposal values on the pages.
type proposalDict struct{ Page }

func (d proposalDict) ProposalState(s proposal.State) string {
	return d.T("proposal.state." + string(s))
}
func (d proposalDict) ProposalSource(s proposal.Source) string {
	return d.T("proposal.source." + string(s))
}
func (d proposalDict) ProposalAction(a proposal.Action) string {
	return d.T("proposal.action." + string(a))
}
func (d proposalDict) RuleStatus(s rule.Status) string { return d.T("rule.status." + string(s)) }
func (d proposalDict) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Zone).Format(time.DateOnly)
}

// Scores are the values of an evaluation's scores.
func (proposalDict) Scores() []int { return []int{1, 2, 3, 4, 5} }
