package campaign

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Queries of this package name the tables alike: c = campaigns, cu = the
// campaign's owning unit, a = activities. The scope rules below are
// written against those aliases.

// campaignScope limits campaigns to those the actor may see: for leaders,
// the office, departments and communities, campaigns owned by a unit in
// their subtree or by a unit above theirs (a department takes part in the
// sub-district's campaign); for anyone else nothing.
func campaignScope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		w.And("(cu.path LIKE ? OR ? LIKE cu.path || '%')", a.ScopePattern(), a.ScopePath)
	default:
		w.And("1 = 0")
	}
}

// organised is the condition "activity a is organised by a unit in the
// actor's subtree".
const organised = "EXISTS (SELECT 1 FROM activity_units au JOIN units ou ON ou.id = au.unit_id WHERE au.activity_id = a.id AND ou.path LIKE ?)"

// invited is the condition "the actor is invited to activity a".
const invited = "EXISTS (SELECT 1 FROM activity_invitations ai WHERE ai.activity_id = a.id AND ai.user_id = ?)"

// activityScope limits activities to those the actor may see: those
// organised in their subtree (leaders, office, departments, communities)
// and those they are invited to (any business role). Officers see none.
func activityScope(w *db.Where, a access.Actor) {
	if !a.Role.Business() || a.UserID <= 0 {
		w.And("1 = 0")
		return
	}
	if canOrganise(a) && a.HasScope() {
		w.And("("+organised+" OR "+invited+")", a.ScopePattern(), a.UserID)
		return
	}
	w.And(invited, a.UserID)
}

// canOrganise reports whether the role organises activities at all.
func canOrganise(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}

// canRunCampaigns reports whether the role creates campaigns: the
// sub-district's leaders and its office.
func canRunCampaigns(a access.Actor) bool {
	return a.Role == access.Leader || a.Role == access.Office
}

// manages reports whether the actor organises activity id: a unit of
// theirs is among its organisers.
func manages(ctx context.Context, q db.Querier, a access.Actor, id int64) (bool, error) {
	if !canOrganise(a) || !a.HasScope() {
		return false, nil
	}
	var n int
	err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM activities a WHERE a.id = $1 AND "+
		strings.Replace(organised, "?", "$2", 1), id, a.ScopePattern()).Scan(&n)
	return n > 0, errs.Wrap(err, "activity manages")
}

// reach is the part of the tree whose people an organiser may invite: a
// leader's or the office's subtree; for a department or a community, the
// unit above theirs (the sub-district), since its meetings bring people of
// several units together.
func reach(a access.Actor) string {
	if !a.HasScope() {
		return "#no-scope#"
	}
	if a.Role == access.Dept || a.Role == access.Community {
		p := strings.TrimSuffix(a.ScopePath, "/")
		if i := strings.LastIndex(p, "/"); i > 0 {
			return p[:i+1] + "%"
		}
	}
	return a.ScopePattern()
}

// unitInScope reads the path of a unit in the actor's subtree; any other
// is invalid for field.
func unitInScope(ctx context.Context, q db.Querier, a access.Actor, id int64, field string) (string, error) {
	var path string
	err := q.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND active AND path LIKE $2", id, a.ScopePattern()).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", errs.InvalidField(field, "err.unit_unknown")
	}
	return path, errs.Wrap(err, "campaign unit")
}

// TakesPart tells whether a role takes part in running the campaign: it
// sees the campaigns, their activities and the attendance figures, on
// the pages and over the API alike.
func TakesPart(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}
