package party

import (
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// readers see party organisations: the leaders and the office those of
// the whole sub-district, a community its own.
var readers = []access.Role{access.Leader, access.Office, access.Community}

// Sees reports whether the actor's role may hold party organisations at
// all, for the menu.
func Sees(a access.Actor) bool { return a.HasScope() && slices.Contains(readers, a.Role) }

// scopeUnit limits rows to those whose unit (alias u) lies in the
// actor's subtree; anyone else sees nothing.
func scopeUnit(w *db.Where, a access.Actor, alias string) {
	if !Sees(a) {
		w.And("1 = 0")
		return
	}
	w.And(alias+".path LIKE ?", a.ScopePattern())
}

// Writes reports whether the actor's role registers organisations: the
// same roles as read them, each within its scope.
func Writes(a access.Actor) bool { return Sees(a) }

// writes reports whether the actor may change what belongs to the unit
// with the given path.
func writes(a access.Actor, unitPath string) bool { return Writes(a) && a.Covers(unitPath) }

// MayEdit reports whether the actor may edit o.
func MayEdit(a access.Actor, o Org) bool { return writes(a, o.unitPath) }
