package supervision

import (
	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: n =
// supervision_notices, u = units, the receiver unit (u.id =
// n.receiver_unit_id).

// noticeScope limits notices to those the actor may see:
//
//   - leader, office: every notice to a unit in their scope (the whole
//     sub-district);
//   - dept, community: notices to their own unit or a unit below it;
//   - anyone else (officers, specialists, enterprises, experts), and any
//     actor without a usable scope: nothing.
func noticeScope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		w.And("u.path LIKE ?", a.ScopePattern())
	default:
		w.And("1 = 0")
	}
}

// canIssue reports whether the role issues, closes and returns notices.
func canIssue(r access.Role) bool { return r == access.Leader || r == access.Office }

// canReply reports whether the role answers notices to its unit.
func canReply(r access.Role) bool { return r == access.Dept || r == access.Community }
