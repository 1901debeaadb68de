package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// Report is a volunteer's report of their hours on an activity.
type Report struct {
	ID            int64     `json:"id"`
	ActivityID    int64     `json:"activity_id"`
	ActivityTitle string    `json:"activity_title"`
	Kind          Kind      `json:"kind"`
	Day           string    `json:"day"`
	VolunteerID   int64     `json:"volunteer_id"`
	VolunteerName string    `json:"volunteer_name"`
	Mobile        string    `json:"mobile"`
	Hours         float64   `json:"hours"`
	Status        Status    `json:"status"`
	ReportedBy    string    `json:"reported_by"`
	ReportedAt    time.Time `json:"reported_at"`
	DecidedBy     string    `json:"decided_by"`
	DecidedAt     time.Time `json:"decided_at,omitzero"`
}

const reportColumns = `h.id, h.activity_id, x.title, x.kind, x.day, h.volunteer_id, v.name, v.mobile, h.minutes, h.status,
	COALESCE(rb.display_name, ''), h.reported_at, COALESCE(du.display_name, ''), h.decided_at`

const reportFrom = ` FROM volunteer_hours h JOIN volunteer_activities x ON x.id = h.activity_id JOIN volunteers v ON v.id = h.volunteer_id
	LEFT JOIN users rb ON rb.id = h.reported_by LEFT JOIN users du ON du.id = h.decided_by`

func scanReport(row interface{ Scan(...any) error }) (Report, error) {
	var r Report
	var minutes, reported int64
	var decided *int64
	err := row.Scan(&r.ID, &r.ActivityID, &r.ActivityTitle, &r.Kind, &r.Day, &r.VolunteerID, &r.VolunteerName, &r.Mobile, &minutes,
		&r.Status, &r.ReportedBy, &reported, &r.DecidedBy, &decided)
	r.Hours, r.ReportedAt, r.DecidedAt = float64(minutes)/60, db.Time(reported), db.NullTime(decided)
	r.Mobile = pii.MaskMobile(r.Mobile)
	return r, err
}

// reports reads the reports matching cond (with its one argument), oldest
// first.
func reports(ctx context.Context, q db.Querier, cond string, arg any) ([]Report, error) {
	// #nosec G202 -- cond is a constant of this package with a placeholder
	rows, err := q.QueryContext(ctx, "SELECT "+reportColumns+reportFrom+" WHERE "+cond+" ORDER BY x.day, h.reported_at, h.id", arg)
	if err != nil {
		return nil, errs.Wrap(err, "hours list")
	}
	defer rows.Close()
	out := []Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, errs.Wrap(err, "hours scan")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "hours list")
}

// ReportInput is a report of hours: either Hours, or the sign-in and
// sign-out times (HH:MM of the activity's day, or RFC 3339), or neither
// when both are recorded on the sign-up already.
type ReportInput struct {
	VolunteerID int64   `json:"volunteer_id"`
	Hours       float64 `json:"hours"`
	SignIn      string  `json:"sign_in"`
	SignOut     string  `json:"sign_out"`
}

// fmtHours writes hours for a message: at most two decimals, no zeros.
func fmtHours(h float64) string { return strconv.FormatFloat(math.Round(h*100)/100, 'f', -1, 64) }

// ReportHours records a volunteer's hours on an activity they signed up
// for, pending a coordinator's approval. Hours longer than the activity
// are refused with both figures, and nothing is written.
func (s *Service) ReportHours(ctx context.Context, a access.Actor, activityID int64, in ReportInput) (Report, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		f := errs.Fields{}
		x, _, _, err := actorFor(ctx, tx, a, activityID, in.VolunteerID, f)
		if err != nil {
			return err
		}
		var in0, out0 *int64
		err = tx.QueryRowContext(ctx, "SELECT signed_in_at, signed_out_at FROM volunteer_signups WHERE activity_id = $1 AND volunteer_id = $2",
			activityID, in.VolunteerID).Scan(&in0, &out0)
		signed := err == nil
		if !signed && in.VolunteerID > 0 && f["volunteer_id"] == "" {
			f.Add("volunteer_id", "vol.err.not_signed_up")
		}
		day, _ := ParseDay(x.Day)
		var minutes int
		var signIn, signOut time.Time
		switch {
		case in.Hours < 0 || math.IsNaN(in.Hours) || math.IsInf(in.Hours, 0):
			f.Add("hours", "vol.err.hours")
		case in.Hours > 0:
			minutes = int(math.Round(in.Hours * 60))
		case in.SignIn != "" || in.SignOut != "":
			var okI, okO bool
			signIn, okI = when(day, in.SignIn)
			signOut, okO = when(day, in.SignOut)
			switch {
			case !okI:
				f.Add("sign_in", "vol.err.time")
			case !okO:
				f.Add("sign_out", "vol.err.time")
			case !signOut.After(signIn):
				f.Add("sign_out", "vol.err.out_before_in")
			default:
				minutes = int(signOut.Sub(signIn) / time.Minute)
			}
		case signed && in0 != nil && out0 != nil:
			minutes = int(db.Time(*out0).Sub(db.Time(*in0)) / time.Minute)
		default:
			f.Add("hours", "vol.err.hours_required")
		}
		if len(f) == 0 && minutes <= 0 {
			f.Add("hours", "vol.err.hours")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if minutes > x.Minutes() {
			e := errs.New(errs.Invalid, "vol.err.hours_longer", fmtHours(float64(minutes)/60), fmtHours(x.Duration()))
			e.Fields = map[string]string{"hours": "vol.err.hours_longer_field"}
			return e
		}
		var standing int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM volunteer_hours WHERE activity_id = $1 AND volunteer_id = $2 AND status <> 'rejected'",
			activityID, in.VolunteerID).Scan(&standing); err != nil {
			return errs.Wrap(err, "hours check")
		}
		if standing > 0 {
			return errs.New(errs.Conflict, "vol.err.reported")
		}
		now := s.now()
		if !signIn.IsZero() {
			if _, err := tx.ExecContext(ctx, "UPDATE volunteer_signups SET signed_in_at = $1, signed_out_at = $2 WHERE activity_id = $3 AND volunteer_id = $4",
				db.Micros(signIn), db.Micros(signOut), activityID, in.VolunteerID); err != nil {
				return errs.Wrap(err, "hours attendance")
			}
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_hours (activity_id, volunteer_id, minutes, status, reported_by, reported_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, activityID, in.VolunteerID, minutes, string(Pending), nullID(a.UserID),
			db.Micros(now)).Scan(&id); err != nil {
			return errs.Wrap(err, "hours insert")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_hours.report", Entity: "volunteer_hours", EntityID: id,
			After: map[string]any{"activity_id": activityID, "volunteer_id": in.VolunteerID, "minutes": minutes}})
	})
	if err != nil {
		return Report{}, err
	}
	return s.report(ctx, id)
}

func (s *Service) report(ctx context.Context, id int64) (Report, error) {
	r, err := scanReport(s.DB.R.QueryRowContext(ctx, "SELECT "+reportColumns+reportFrom+" WHERE h.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(errs.NotFound)
	}
	return r, errs.Wrap(err, "hours get")
}

// Decisions on a report of hours.
const (
	Approve = "approve"
	Reject  = "reject"
)

// Decide approves or rejects a pending report of hours on an activity
// the actor manages. A report decided already is a conflict: approving
// twice counts nothing twice.
func (s *Service) Decide(ctx context.Context, a access.Actor, activityID, reportID int64, action string) (Report, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		_, t, path, err := getActivity(ctx, tx, a, activityID)
		if err != nil {
			return err
		}
		if !manages(a, t, path) {
			return errs.E(errs.NotFound)
		}
		var status Status
		if err := tx.QueryRowContext(ctx, "SELECT status FROM volunteer_hours WHERE id = $1 AND activity_id = $2", reportID, activityID).
			Scan(&status); errors.Is(err, sql.ErrNoRows) {
			return errs.E(errs.NotFound)
		} else if err != nil {
			return errs.Wrap(err, "hours get")
		}
		to := Approved
		switch action {
		case Approve:
		case Reject:
			to = Rejected
		default:
			return errs.InvalidField("action", "vol.err.action")
		}
		if status != Pending {
			e := errs.New(errs.Conflict, "vol.err.decided")
			e.Allowed = []string{}
			return e
		}
		res, err := tx.ExecContext(ctx, "UPDATE volunteer_hours SET status = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND status = $5",
			string(to), nullID(a.UserID), db.Micros(s.now()), reportID, string(Pending))
		if err != nil {
			return errs.Wrap(err, "hours decide")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.New(errs.Conflict, "vol.err.decided")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_hours." + action, Entity: "volunteer_hours", EntityID: reportID,
			Before: map[string]Status{"status": status}, After: map[string]Status{"status": to}})
	})
	if err != nil {
		return Report{}, err
	}
	return s.report(ctx, reportID)
}

// VolunteerHours lists a volunteer's reports of hours, every status, by
// the activities' days, for the volunteer's page.
func (s *Service) VolunteerHours(ctx context.Context, a access.Actor, id int64) ([]Report, error) {
	if _, err := getVolunteer(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	return reports(ctx, s.DB.R, "h.volunteer_id = $1", id)
}
