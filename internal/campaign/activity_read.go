package campaign

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Invitation is one person's place at an activity.
type Invitation struct {
	UserID     int64      `json:"user_id"`
	UserName   string     `json:"user_name"`
	UnitID     int64      `json:"unit_id"`
	UnitName   string     `json:"unit_name"`
	WalkIn     bool       `json:"walk_in"`
	SignedInAt *time.Time `json:"signed_in_at"`
	SignMethod string     `json:"sign_method,omitempty"`
	LeaveAt    *time.Time `json:"leave_at"`
	// LeaveReason is filled in the organisers' list only: it is personal
	// (docs/personal-information.md) and answered back to nobody else.
	LeaveReason string `json:"-"`
}

// Status is the invitation's state as of t: signed in, on leave, absent
// (the meeting is over and neither), or invited (not yet over).
func (i Invitation) Status(v Activity, t time.Time) Status {
	switch {
	case i.SignedInAt != nil && !i.SignedInAt.After(t):
		return SignedIn
	case i.LeaveAt != nil && !i.LeaveAt.After(t):
		return OnLeave
	case !v.EndsAt.After(t):
		return Absent
	}
	return Invited
}

const activityFrom = ` FROM activities a
	LEFT JOIN campaigns c ON c.id = a.campaign_id
	LEFT JOIN campaign_phases ph ON ph.id = a.phase_id`

const activityColumns = `a.id, COALESCE(a.campaign_id, 0), COALESCE(c.name, ''), COALESCE(a.phase_id, 0), COALESCE(ph.name, ''),
	a.kind, a.title, a.place, a.starts_at, a.ends_at, a.code,
	(SELECT COUNT(*) FROM activity_invitations i WHERE i.activity_id = a.id),
	(SELECT COUNT(*) FROM activity_invitations i WHERE i.activity_id = a.id AND i.signed_in_at IS NOT NULL),
	(SELECT COUNT(*) FROM activity_invitations i WHERE i.activity_id = a.id AND i.signed_in_at IS NULL AND i.leave_at IS NOT NULL)`

func scanActivity(row interface{ Scan(...any) error }) (Activity, error) {
	var v Activity
	var starts, ends int64
	err := row.Scan(&v.ID, &v.CampaignID, &v.CampaignName, &v.PhaseID, &v.PhaseName, &v.Kind, &v.Title, &v.Place,
		&starts, &ends, &v.Code, &v.Invited, &v.SignedIn, &v.OnLeave)
	v.StartsAt, v.EndsAt = db.Time(starts), db.Time(ends)
	return v, err
}

// GetActivity reads an activity the actor may see, with its organisers,
// the reader's own invitation, and the code when the reader organises it.
func (s *Service) GetActivity(ctx context.Context, a access.Actor, id int64) (Activity, error) {
	return s.getActivity(ctx, s.DB.R, a, id, false)
}

// getActivity reads an activity; unscoped skips the scope check, for a
// caller that has just written it.
func (s *Service) getActivity(ctx context.Context, q db.Querier, a access.Actor, id int64, unscoped bool) (Activity, error) {
	var w db.Where
	w.And("a.id = ?", id)
	if !unscoped {
		activityScope(&w, a)
	}
	v, err := scanActivity(q.QueryRowContext(ctx, "SELECT "+activityColumns+activityFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Activity{}, errs.E(errs.NotFound)
	}
	if err != nil {
		return Activity{}, errs.Wrap(err, "activity get")
	}
	if v.Manage, err = manages(ctx, q, a, v.ID); err != nil {
		return Activity{}, err
	}
	if !v.Manage {
		v.Code = ""
	}
	if v.Units, err = unitsOf(ctx, q, v.ID); err != nil {
		return Activity{}, err
	}
	mine, err := invitationOf(ctx, q, v.ID, a.UserID)
	switch {
	case err == nil:
		v.Mine = &mine
	case errs.CodeOf(err) != errs.NotFound:
		return Activity{}, err
	}
	return v, nil
}

func unitsOf(ctx context.Context, q db.Querier, id int64) ([]UnitRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT u.id, u.name FROM activity_units au JOIN units u ON u.id = au.unit_id
		WHERE au.activity_id = $1 ORDER BY u.sort_order, u.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "activity units")
	}
	defer rows.Close()
	out := []UnitRef{}
	for rows.Next() {
		var u UnitRef
		if err := rows.Scan(&u.ID, &u.Name); err != nil {
			return nil, errs.Wrap(err, "activity units")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "activity units")
}

const invitationColumns = `i.user_id, us.display_name, COALESCE(i.unit_id, 0), COALESCE(un.name, ''), i.walk_in,
	i.signed_in_at, i.sign_method, i.leave_at`

const invitationFrom = ` FROM activity_invitations i JOIN users us ON us.id = i.user_id LEFT JOIN units un ON un.id = i.unit_id`

func scanInvitation(row interface{ Scan(...any) error }, extra ...any) (Invitation, error) {
	var i Invitation
	var signed, leave *int64
	err := row.Scan(append([]any{&i.UserID, &i.UserName, &i.UnitID, &i.UnitName, &i.WalkIn, &signed, &i.SignMethod, &leave}, extra...)...)
	i.SignedInAt, i.LeaveAt = timePtr(signed), timePtr(leave)
	return i, err
}

func timePtr(us *int64) *time.Time {
	if us == nil {
		return nil
	}
	t := db.Time(*us)
	return &t
}

// invitationOf reads one person's invitation; not found when not invited.
func invitationOf(ctx context.Context, q db.Querier, activityID, userID int64) (Invitation, error) {
	i, err := scanInvitation(q.QueryRowContext(ctx, "SELECT "+invitationColumns+invitationFrom+
		" WHERE i.activity_id = $1 AND i.user_id = $2", activityID, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return i, errs.E(errs.NotFound)
	}
	return i, errs.Wrap(err, "activity invitation")
}

// Invitations lists the people of an activity the actor organises.
func (s *Service) Invitations(ctx context.Context, a access.Actor, id int64) ([]Invitation, error) {
	if _, err := s.managed(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+invitationColumns+", i.leave_reason"+invitationFrom+
		" WHERE i.activity_id = $1 ORDER BY un.sort_order, un.id, i.user_id", id)
	if err != nil {
		return nil, errs.Wrap(err, "activity invitations")
	}
	defer rows.Close()
	out := []Invitation{}
	for rows.Next() {
		var reason string
		i, err := scanInvitation(rows, &reason)
		if err != nil {
			return nil, errs.Wrap(err, "activity invitations")
		}
		if i.SignedInAt == nil {
			i.LeaveReason = reason
		}
		out = append(out, i)
	}
	return out, errs.Wrap(rows.Err(), "activity invitations")
}

// managed reads an activity the actor organises: not found when they
// cannot see it, forbidden when they see it only as an invitee.
func (s *Service) managed(ctx context.Context, q db.Querier, a access.Actor, id int64) (Activity, error) {
	v, err := s.getActivity(ctx, q, a, id, false)
	if err != nil {
		return v, err
	}
	if !v.Manage {
		return v, errs.New(errs.NotFound, "err.activity_not_organiser")
	}
	return v, nil
}

// Filter narrows the list of activities.
type Filter struct {
	CampaignID int64
	PhaseID    int64
	// Upcoming keeps activities not yet over, soonest first; otherwise
	// the newest come first.
	Upcoming bool
	// Mine keeps the activities the reader is invited to.
	Mine bool
	Page db.Page
}

// ListActivities is a page of the activities the actor may see.
func (s *Service) ListActivities(ctx context.Context, a access.Actor, f Filter) (db.List[Activity], error) {
	var w db.Where
	activityScope(&w, a)
	if f.CampaignID > 0 {
		w.And("a.campaign_id = ?", f.CampaignID)
	}
	if f.PhaseID > 0 {
		w.And("a.phase_id = ?", f.PhaseID)
	}
	if f.Mine {
		w.And(invited, a.UserID)
	}
	order := " ORDER BY a.starts_at DESC, a.id DESC"
	if f.Upcoming {
		w.And("a.ends_at > ?", db.Micros(s.now()))
		order = " ORDER BY a.starts_at, a.id"
	}
	page := db.NewPage(f.Page.Number, f.Page.Size)
	out := db.List[Activity]{Items: []Activity{}, Page: page.Number, PageSize: page.Size}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM activities a"+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "activity count")
	}
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+activityColumns+activityFrom+w.SQL()+order+page.LimitOffset(&w), w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "activity list")
	}
	defer rows.Close()
	for rows.Next() {
		v, err := scanActivity(rows)
		if err != nil {
			return out, errs.Wrap(err, "activity list")
		}
		v.Code = "" // codes are shown on the activity's own page only
		out.Items = append(out.Items, v)
	}
	return out, errs.Wrap(rows.Err(), "activity list")
}
