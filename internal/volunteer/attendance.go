package volunteer

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
)

// Signup is a volunteer signed up for an activity, with their sign-in
// and sign-out when recorded.
type Signup struct {
	VolunteerID   int64     `json:"volunteer_id"`
	VolunteerName string    `json:"volunteer_name"`
	Mobile        string    `json:"mobile"`
	SignedUpAt    time.Time `json:"signed_up_at"`
	SignedInAt    time.Time `json:"signed_in_at,omitzero"`
	SignedOutAt   time.Time `json:"signed_out_at,omitzero"`
}

// Attended is how long the volunteer was there, from sign-in to
// sign-out; zero until both are recorded.
func (s Signup) Attended() time.Duration {
	if s.SignedInAt.IsZero() || s.SignedOutAt.IsZero() {
		return 0
	}
	return s.SignedOutAt.Sub(s.SignedInAt)
}

func signups(ctx context.Context, q db.Querier, id int64) ([]Signup, error) {
	rows, err := q.QueryContext(ctx, `SELECT su.volunteer_id, v.name, v.mobile, su.signed_up_at, su.signed_in_at, su.signed_out_at
		FROM volunteer_signups su JOIN volunteers v ON v.id = su.volunteer_id WHERE su.activity_id = $1 ORDER BY su.signed_up_at, v.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "activity signups")
	}
	defer rows.Close()
	out := []Signup{}
	for rows.Next() {
		var s Signup
		var up int64
		var in, out2 *int64
		if err := rows.Scan(&s.VolunteerID, &s.VolunteerName, &s.Mobile, &up, &in, &out2); err != nil {
			return nil, errs.Wrap(err, "activity signups")
		}
		s.Mobile = pii.MaskMobile(s.Mobile)
		s.SignedUpAt, s.SignedInAt, s.SignedOutAt = db.Time(up), db.NullTime(in), db.NullTime(out2)
		out = append(out, s)
	}
	return out, errs.Wrap(rows.Err(), "activity signups")
}

// actorFor reads the activity and the volunteer for an action on the
// volunteer's behalf: the activity's managers may act for any volunteer
// of its community, a volunteer for themselves. It reports whether the
// actor manages the activity.
func actorFor(ctx context.Context, tx *sql.Tx, a access.Actor, activityID, volunteerID int64, f errs.Fields) (Activity, Volunteer, bool, error) {
	x, t, path, err := getActivity(ctx, tx, a, activityID)
	if err != nil {
		return x, Volunteer{}, false, err
	}
	mgr := manages(a, t, path)
	if volunteerID <= 0 {
		f.Add("volunteer_id", "err.required")
		return x, Volunteer{}, mgr, nil
	}
	v, err := getVolunteer(ctx, tx, a, volunteerID)
	self := err == nil && v.UserID > 0 && v.UserID == a.UserID
	switch {
	case errs.CodeOf(err) == errs.NotFound, err == nil && v.CommunityID != x.CommunityID:
		f.Add("volunteer_id", "vol.err.volunteer_scope")
	case err != nil:
		return x, v, mgr, err
	case !mgr && !self:
		return x, v, mgr, errs.E(errs.NotFound)
	}
	return x, v, mgr, nil
}

// SignUp signs a volunteer up for an activity, within its capacity.
func (s *Service) SignUp(ctx context.Context, a access.Actor, activityID, volunteerID int64) (Activity, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		f := errs.Fields{}
		x, _, _, err := actorFor(ctx, tx, a, activityID, volunteerID, f)
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM volunteer_signups WHERE activity_id = $1 AND volunteer_id = $2",
			activityID, volunteerID).Scan(&n); err != nil {
			return errs.Wrap(err, "signup check")
		}
		if n > 0 {
			return errs.New(errs.Conflict, "vol.err.signed_up")
		}
		if x.SignedUp >= x.Capacity {
			return errs.New(errs.Conflict, "vol.err.full", x.Capacity)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO volunteer_signups (activity_id, volunteer_id, signed_up_at) VALUES ($1, $2, $3)",
			activityID, volunteerID, db.Micros(s.now())); err != nil {
			return errs.Wrap(err, "signup insert")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_activity.signup", Entity: "volunteer_activity", EntityID: activityID,
			After: map[string]int64{"volunteer_id": volunteerID}})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.GetActivity(ctx, a, activityID)
}

// Attendance actions.
const (
	SignIn  = "sign_in"
	SignOut = "sign_out"
)

// AttendInput records a sign-in or a sign-out. At is the time of the
// activity's day (HH:MM) a manager records; a volunteer signing
// themselves in or out leaves it empty and the time is now.
type AttendInput struct {
	VolunteerID int64  `json:"volunteer_id"`
	Action      string `json:"action"`
	At          string `json:"at"`
}

// Attend records a signed-up volunteer's sign-in or sign-out. A sign-out
// at or before the sign-in, or without one, is refused.
func (s *Service) Attend(ctx context.Context, a access.Actor, activityID int64, in AttendInput) (Activity, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		f := errs.Fields{}
		if in.Action != SignIn && in.Action != SignOut {
			f.Add("action", "vol.err.action")
		}
		x, _, mgr, err := actorFor(ctx, tx, a, activityID, in.VolunteerID, f)
		if err != nil {
			return err
		}
		at := s.now()
		if in.At != "" {
			day, _ := ParseDay(x.Day)
			t, ok := when(day, in.At)
			switch {
			case !ok:
				f.Add("at", "vol.err.time")
			case !mgr:
				f.Add("at", "vol.err.time_self")
			default:
				at = t
			}
		}
		var in0, out0 *int64
		err = tx.QueryRowContext(ctx, "SELECT signed_in_at, signed_out_at FROM volunteer_signups WHERE activity_id = $1 AND volunteer_id = $2",
			activityID, in.VolunteerID).Scan(&in0, &out0)
		if err != nil && in.VolunteerID > 0 {
			f.Add("volunteer_id", "vol.err.not_signed_up")
		}
		if in.Action == SignOut && err == nil {
			if in0 == nil {
				f.Add("action", "vol.err.not_signed_in")
			} else if !at.After(db.Time(*in0)) {
				f.Add("at", "vol.err.out_before_in")
			}
		}
		if in.Action == SignIn && err == nil && out0 != nil && !db.Time(*out0).After(at) {
			f.Add("at", "vol.err.out_before_in")
		}
		if err := f.Err(); err != nil {
			return err
		}
		col := "signed_in_at"
		if in.Action == SignOut {
			col = "signed_out_at"
		}
		// #nosec G202 -- col is one of two constants
		if _, err := tx.ExecContext(ctx, "UPDATE volunteer_signups SET "+col+" = $1 WHERE activity_id = $2 AND volunteer_id = $3",
			db.Micros(at), activityID, in.VolunteerID); err != nil {
			return errs.Wrap(err, "attendance update")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_activity." + in.Action, Entity: "volunteer_activity",
			EntityID: activityID, After: map[string]any{"volunteer_id": in.VolunteerID, "at": at}})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.GetActivity(ctx, a, activityID)
}

// when reads a time given as HH:MM of day (China Standard Time) or as an
// RFC 3339 instant.
func when(day time.Time, s string) (time.Time, bool) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC().Truncate(time.Microsecond), true
	}
	if day.IsZero() {
		return time.Time{}, false
	}
	return clock(day.In(i18n.Zone), s)
}
