package enterprise

import (
	"pinghu/internal/access"
	"pinghu/internal/db"
)

// ScopeSQL adds to w the condition that limits enterprises to those the
// actor may see. It assumes the query names enterprises e and the unit of
// their community c:
//
//	FROM enterprises e JOIN units c ON c.id = e.community_id
//
// It is the one answer to "which enterprises may this actor see", used by
// every query of this package and by the appeal package. Anything it does
// not recognise sees nothing: an actor without a usable scope, an officer
// (三员 see no business data), an expert, a role added later and not yet
// thought about here.
func ScopeSQL(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		// The unit tree decides: a sub-district's leader sees its
		// communities' enterprises, a community user its own.
		w.And("c.path LIKE ?", a.ScopePattern())
	case access.Dept:
		// A department works on the enterprises it is assigned to in the
		// 四个一, and on those whose appeals it handles; its scope unit's
		// subtree counts, so a parent department sees its sections' work.
		// The alias p is local to the subquery and cannot clash.
		p := a.ScopePattern()
		w.And(`(e.department_id IN (SELECT id FROM units WHERE path LIKE ?)
			OR EXISTS (SELECT 1 FROM appeals p WHERE p.enterprise_id = e.id
				AND p.department_id IN (SELECT id FROM units WHERE path LIKE ?)))`, p, p)
	case access.Specialist:
		if a.UserID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("e.specialist_id = ?", a.UserID)
	case access.Enterprise:
		if a.EnterpriseID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("e.id = ?", a.EnterpriseID)
	default:
		w.And("1 = 0")
	}
}

// What each role may do with an enterprise it can see. Seeing is decided
// by ScopeSQL alone; these say which visible enterprises a role may change.
// They live here, not in access's policy table, because they only make
// sense together with this package's scope.

// canManage: the registry, output values and the 四个一 assignment belong
// to the sub-district's leaders and its office, and only with a scope.
func canManage(a access.Actor) bool {
	return (a.Role == access.Leader || a.Role == access.Office) && a.HasScope()
}

// canEditContacts: the specialist keeps their enterprises' contacts
// current (the "who does what"), besides leaders and the office.
func canEditContacts(a access.Actor) bool {
	return canManage(a) || a.Role == access.Specialist
}

// canRecordVisit: specialists visit their enterprises, communities theirs,
// leaders and the office any in scope. A department, an enterprise or an
// expert does not record visits.
func canRecordVisit(a access.Actor) bool {
	return canManage(a) || a.Role == access.Specialist || a.Role == access.Community
}
