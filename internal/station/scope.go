package station

import (
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: s = stations,
// c = its community, m = its managing unit; the scope rules are written
// against those aliases.
const stationFrom = ` FROM stations s
	JOIN units c ON c.id = s.community_id
	LEFT JOIN units m ON m.id = s.managing_unit_id`

// staffRoles see stations: leaders and the office those of the whole
// sub-district; a community those in it; a department those it manages.
var staffRoles = []access.Role{access.Leader, access.Office, access.Dept, access.Community}

// scope limits stations to those in the actor's unit subtree by their
// community or their managing unit. Anyone else sees nothing.
func scope(w *db.Where, a access.Actor) {
	if !a.HasScope() || !slices.Contains(staffRoles, a.Role) {
		w.And("1 = 0")
		return
	}
	pat := a.ScopePattern()
	w.And("(c.path LIKE ? OR m.path LIKE ?)", pat, pat)
}

// Sees reports whether the actor's role may hold stations at all, for
// the menu.
func Sees(a access.Actor) bool { return a.HasScope() && slices.Contains(staffRoles, a.Role) }

// Registers reports whether the actor's role registers stations: the
// leaders and the office for the sub-district, a community for itself.
func Registers(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		return a.HasScope()
	}
	return false
}

// writes reports whether the actor may register or edit a station of the
// community with the given path.
func writes(a access.Actor, communityPath string) bool {
	return Registers(a) && a.Covers(communityPath)
}

// Records reports whether the actor's role enters service records: the
// office and the communities (the leaders read them).
func Records(a access.Actor) bool {
	return (a.Role == access.Office || a.Role == access.Community) && a.HasScope()
}

// records reports whether the actor may enter records of a station of
// the community with the given path.
func records(a access.Actor, communityPath string) bool {
	return Records(a) && a.Covers(communityPath)
}

// MayEdit reports whether the actor may edit st.
func MayEdit(a access.Actor, st Station) bool { return writes(a, st.communityPath) }

// MayRecord reports whether the actor may enter service records of st.
func MayRecord(a access.Actor, st Station) bool { return records(a, st.communityPath) }
