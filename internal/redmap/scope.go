package redmap

import (
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: b = map_boundaries,
// c = its community, u = the user who uploaded it.
const boundaryFrom = ` FROM map_boundaries b
	JOIN units c ON c.id = b.community_id
	LEFT JOIN users u ON u.id = b.uploaded_by`

// mapRoles see the map: the roles whose scope holds communities' work.
// A department's scope holds no community, so it sees its own stations
// and projects on the map without boundaries.
var mapRoles = []access.Role{access.Leader, access.Office, access.Dept, access.Community}

// Sees reports whether the actor's role opens the map, for the menu.
func Sees(a access.Actor) bool { return a.HasScope() && slices.Contains(mapRoles, a.Role) }

// scope limits boundaries to the communities in the actor's subtree.
func scope(w *db.Where, a access.Actor) {
	if !Sees(a) {
		w.And("1 = 0")
		return
	}
	w.And("c.path LIKE ?", a.ScopePattern())
}

// Uploads reports whether the actor's role uploads boundaries: the
// leaders and the office, who keep the sub-district's reference data.
// Not the system administrator, who holds no business data and could not
// see the map the file draws; not a community, whose outline borders its
// neighbours'.
func Uploads(a access.Actor) bool {
	return a.HasScope() && (a.Role == access.Leader || a.Role == access.Office)
}
