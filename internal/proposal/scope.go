package proposal

import (
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: p = proposals,
// c = the community it concerns, o = the submitting cadre's unit,
// u = the unit it is assigned to, and the scope rules are written against
// those aliases.
const proposalFrom = ` FROM proposals p
	JOIN units c ON c.id = p.community_id
	LEFT JOIN units o ON o.id = p.origin_unit_id
	LEFT JOIN units u ON u.id = p.unit_id
	LEFT JOIN users s ON s.id = p.submitted_by`

// staffRoles see proposals: the leaders and the office the whole of their
// sub-district, departments and communities those of their own unit.
var staffRoles = []access.Role{access.Leader, access.Office, access.Dept, access.Community}

// scope limits proposals to those the actor may see: a proposal
// concerning a community in the actor's unit subtree, submitted by a
// cadre of it, or assigned to it. For a leader or the office the subtree
// is the sub-district, so they see all of its proposals; for a department
// or a community it is their own unit. Anyone else sees nothing.
func scope(w *db.Where, a access.Actor) {
	if !a.HasScope() || !slices.Contains(staffRoles, a.Role) {
		w.And("1 = 0")
		return
	}
	pat := a.ScopePattern()
	w.And("(c.path LIKE ? OR o.path LIKE ? OR u.path LIKE ?)", pat, pat, pat)
}

// manages reports whether the actor decides on proposals: the leaders and
// the office.
func manages(a access.Actor) bool { return a.Role == access.Leader || a.Role == access.Office }

// evaluates reports whether the actor may comment on and score p: those
// who decide, and the unit p is assigned to.
func evaluates(a access.Actor, p Proposal, assignedPath string) bool {
	if manages(a) {
		return true
	}
	return (a.Role == access.Dept || a.Role == access.Community) && assignedPath != "" && a.Covers(assignedPath)
}
