package rule

import (
	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Queries name r = rules, u = the owning unit, v = its latest version.
const ruleFrom = ` FROM rules r
	JOIN units u ON u.id = r.unit_id
	JOIN rule_versions v ON v.rule_id = r.id AND v.version = (SELECT max(version) FROM rule_versions WHERE rule_id = r.id)`

// scope limits rules to those the actor may read: every rule in force,
// for all staff; and the rules of units in the actor's subtree, in any
// status, for the leaders, the office, departments and communities (for
// leaders and the office that is the whole sub-district). Officers and
// enterprises see none, and so does anyone without a usable scope (an
// empty or inactive unit), as everywhere else.
func scope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		w.And("(r.status = ? OR u.path LIKE ?)", string(InForce), a.ScopePattern())
	case access.Specialist, access.Expert:
		w.And("r.status = ?", string(InForce))
	default:
		w.And("1 = 0")
	}
}

// writes reports whether the actor may create and edit the rules of a
// unit with the given path: the leaders, the office, departments and
// communities, each for units in their subtree.
func writes(a access.Actor, unitPath string) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return a.Covers(unitPath)
	}
	return false
}

// drafts reports whether the actor's role drafts rules at all.
func drafts(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return a.HasScope()
	}
	return false
}

// decides reports whether the actor puts rules in force and repeals them:
// the leaders and the office, for units in their subtree.
func decides(a access.Actor, unitPath string) bool {
	return (a.Role == access.Leader || a.Role == access.Office) && a.Covers(unitPath)
}
