package project

import (
	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: p = projects,
// lu = the lead unit (lu.id = p.lead_unit_id). The scope rules below are
// written against those aliases.

// personal is the condition "the actor leads, is a member of, or owns a
// milestone of the project".
const personal = `(p.lead_cadre_id = ? OR EXISTS (SELECT 1 FROM project_members pm WHERE pm.project_id = p.id AND pm.user_id = ?)
	OR EXISTS (SELECT 1 FROM project_milestones pmo WHERE pmo.project_id = p.id AND pmo.owner_id = ?))`

// readScope limits projects to those the actor may see:
//
//   - leader, office: projects whose lead unit lies in the actor's subtree;
//   - dept: projects whose lead unit or one of whose responsible
//     departments lies in the actor's subtree;
//   - community: projects whose lead unit lies in the actor's community;
//   - each of these also sees the projects they lead, are a member of or
//     own a milestone of;
//   - anyone else (officers, specialists, enterprises, experts), and any
//     actor without a usable scope: nothing.
func readScope(w *db.Where, a access.Actor) {
	if !a.HasScope() || a.UserID <= 0 {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		w.And("(lu.path LIKE ? OR "+personal+")", a.ScopePattern(), a.UserID, a.UserID, a.UserID)
	case access.Dept:
		w.And(`(lu.path LIKE ? OR EXISTS (SELECT 1 FROM project_departments pd JOIN units du ON du.id = pd.unit_id
			WHERE pd.project_id = p.id AND du.path LIKE ?) OR `+personal+")",
			a.ScopePattern(), a.ScopePattern(), a.UserID, a.UserID, a.UserID)
	default:
		w.And("1 = 0")
	}
}

// mayCreate reports whether the actor's role creates projects at all.
func mayCreate(a access.Actor) bool {
	return a.HasScope() && (a.Role == access.Leader || a.Role == access.Office)
}

// mayEdit reports whether the actor edits a project it can see: leaders
// and the office anything in scope; department and community staff the
// projects their own unit (or a unit below it) leads.
func mayEdit(a access.Actor, p Project) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return a.Covers(p.leadUnitPath)
	}
	return false
}

// mayMarkDone reports whether the actor marks milestone m of p done: its
// owner, or whoever edits the project.
func mayMarkDone(a access.Actor, p Project, m Milestone) bool {
	return (m.OwnerID > 0 && m.OwnerID == a.UserID) || mayEdit(a, p)
}
