package thinktank

import (
	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike, and the scope rules
// are written against those aliases: x = experts, xc = an expert's
// community, xu = an expert's account; k = consultations, c = the
// community a consultation belongs to, ru = the requesting unit,
// e = the requesting enterprise.
const expertFrom = ` FROM experts x
	JOIN units xc ON xc.id = x.community_id
	LEFT JOIN users xu ON xu.id = x.user_id`

const consultationFrom = ` FROM consultations k
	JOIN units c ON c.id = k.community_id
	LEFT JOIN units ru ON ru.id = k.requester_unit_id
	LEFT JOIN enterprises e ON e.id = k.enterprise_id
	LEFT JOIN experts x ON x.id = k.expert_id
	LEFT JOIN users rb ON rb.id = k.requested_by`

// expertScope limits experts to those the actor may see: the leaders and
// the office those of their sub-district's communities, a community its
// own; an expert their own record. Anyone else sees none.
func expertScope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		w.And("xc.path LIKE ?", a.ScopePattern())
	case access.Expert:
		if a.UserID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("x.user_id = ?", a.UserID)
	default:
		w.And("1 = 0")
	}
}

// consultationScope limits consultations to those the actor may see: the
// leaders and the office those of their sub-district's communities or
// asked by a unit of it; a community its own community's; an enterprise
// its own; an expert only those assigned to them. Anyone else sees none.
func consultationScope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	p := a.ScopePattern()
	switch a.Role {
	case access.Leader, access.Office:
		w.And("(c.path LIKE ? OR ru.path LIKE ?)", p, p)
	case access.Community:
		w.And("c.path LIKE ?", p)
	case access.Enterprise:
		if a.EnterpriseID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("k.enterprise_id = ?", a.EnterpriseID)
	case access.Expert:
		if a.UserID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("x.user_id = ?", a.UserID)
	default:
		w.And("1 = 0")
	}
}

// keepsRegister reports whether the actor keeps a community's register of
// experts and assigns its consultations: the leaders and the office for
// the sub-district, a community for its own.
func keepsRegister(a access.Actor, communityPath string) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		return a.Covers(communityPath)
	}
	return false
}

// MayKeepExperts reports whether the actor's role keeps registers of
// experts at all, for the menus; the service decides per community.
func MayKeepExperts(a access.Actor) bool {
	return a.HasScope() && (a.Role == access.Leader || a.Role == access.Office || a.Role == access.Community)
}

// SeesExperts reports whether the actor's role sees any expert.
func SeesExperts(a access.Actor) bool { return MayKeepExperts(a) || a.Role == access.Expert }

// SeesConsultations reports whether the actor's role sees consultations.
func SeesConsultations(a access.Actor) bool { return SeesExperts(a) || a.Role == access.Enterprise }

// MayRequest reports whether the actor's role asks for consultations.
func MayRequest(a access.Actor) bool {
	return MayKeepExperts(a) || (a.Role == access.Enterprise && a.EnterpriseID > 0 && a.HasScope())
}
