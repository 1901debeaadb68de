package microproject

import (
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: p = microprojects,
// c = its community; the scope rules are written against those aliases.
const projectFrom = ` FROM microprojects p JOIN units c ON c.id = p.community_id`

// reads reports whether the actor's role sees micro-projects at all.
func reads(a access.Actor) bool {
	if !a.HasScope() {
		return false
	}
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}

// readPattern is the LIKE pattern of the communities the actor sees: a
// leader, the office and a community their own subtree; a department the
// sub-district it belongs to, for it reads every community's projects
// without acting on them.
func readPattern(a access.Actor) string {
	if a.Role == access.Dept {
		return parentPath(a.ScopePath) + "%"
	}
	return a.ScopePattern()
}

// parentPath is the path of a unit's parent: "/1/2/" for "/1/2/7/".
func parentPath(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	i := strings.LastIndex(trimmed, "/")
	if i <= 0 {
		return "#no-scope#"
	}
	return trimmed[:i+1]
}

// scope limits projects to those the actor may see; anyone else sees
// nothing.
func scope(w *db.Where, a access.Actor) {
	if !reads(a) {
		w.And("1 = 0")
		return
	}
	w.And("c.path LIKE ?", readPattern(a))
}

// manages reports whether the actor takes the stage actions on p and
// edits it: leaders and the office on any community in their subtree, a
// community on its own.
func manages(a access.Actor, communityPath string) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		return a.Covers(communityPath)
	}
	return false
}

// MayCreate reports whether the actor's role records projects at all.
func MayCreate(a access.Actor) bool {
	return a.HasScope() && (a.Role == access.Leader || a.Role == access.Office || a.Role == access.Community)
}

// MayEdit reports whether the actor edits p's details now: one who
// manages it, before the council has voted.
func MayEdit(a access.Actor, p Project) bool {
	return manages(a, p.communityPath) && (p.Stage == Collected || p.Stage == Reviewed)
}
