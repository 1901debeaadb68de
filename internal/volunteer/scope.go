package volunteer

import (
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Every query of this package names the tables alike: v = volunteers,
// t = teams, x = activities, c = the community a record belongs to; the
// scope rules are written against those aliases.
const (
	volunteerFrom = ` FROM volunteers v JOIN units c ON c.id = v.community_id LEFT JOIN users lu ON lu.id = v.user_id`
	teamFrom      = ` FROM volunteer_teams t JOIN units c ON c.id = t.community_id LEFT JOIN users co ON co.id = t.coordinator_id`
	activityFrom  = ` FROM volunteer_activities x JOIN volunteer_teams t ON t.id = x.team_id JOIN units c ON c.id = t.community_id`
)

// staffRoles keep volunteers, teams and activities: the leaders and the
// office for the whole sub-district, a community for its own. Departments
// hold none of these records, so they see none.
var staffRoles = []access.Role{access.Leader, access.Office, access.Community}

// staff reports whether the actor keeps the records of their scope.
func staff(a access.Actor) bool { return a.HasScope() && slices.Contains(staffRoles, a.Role) }

// volunteerScope limits volunteers to those of a community in the staff's
// scope; a volunteer linked to the actor's account sees their own record.
// Without a usable scope nothing is seen.
func volunteerScope(w *db.Where, a access.Actor) {
	switch {
	case !a.HasScope():
		w.And("1 = 0")
	case staff(a):
		w.And("(c.path LIKE ? OR v.user_id = ?)", a.ScopePattern(), a.UserID)
	default:
		w.And("v.user_id = ?", a.UserID)
	}
}

// teamScope limits teams to those of a community in the staff's scope,
// those the actor coordinates, and those the actor's own volunteer record
// belongs to.
func teamScope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	mine := `(t.coordinator_id = ? OR EXISTS (SELECT 1 FROM volunteer_team_members m JOIN volunteers mv ON mv.id = m.volunteer_id
		WHERE m.team_id = t.id AND mv.user_id = ?))`
	if staff(a) {
		w.And("(c.path LIKE ? OR "+mine+")", a.ScopePattern(), a.UserID, a.UserID)
		return
	}
	w.And(mine, a.UserID, a.UserID)
}

// manages reports whether the actor runs the team's activities: staff
// whose scope covers the team's community, and the team's coordinator.
func manages(a access.Actor, t Team, communityPath string) bool {
	if !a.HasScope() {
		return false
	}
	return staff(a) && a.Covers(communityPath) || t.CoordinatorID > 0 && t.CoordinatorID == a.UserID
}

// MayCreate reports whether the actor may register volunteers, teams and
// activities at all (each create checks the community again).
func MayCreate(a access.Actor) bool { return staff(a) }
