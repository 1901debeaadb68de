package campaign

import (
	"context"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Status is where an invitation stands at a moment.
type Status string

const (
	Invited  Status = "invited"   // the meeting is not over yet
	SignedIn Status = "signed_in" // came and signed in
	OnLeave  Status = "on_leave"  // asked for leave and did not come
	Absent   Status = "absent"    // the meeting is over: neither signed in nor on leave
)

// Statuses lists the statuses a drill-down may ask for.
var Statuses = []Status{Invited, SignedIn, OnLeave, Absent}

// Valid reports whether st is known.
func (st Status) Valid() bool { return slices.Contains(Statuses, st) }

// Figures are attendance counts. Invited counts every invitation of the
// activities held by the moment; the others split them. Rate is signed in
// over invited minus those not yet over, in percent; 0 when nothing is.
type Figures struct {
	Invited  int     `json:"invited"`
	SignedIn int     `json:"signed_in"`
	OnLeave  int     `json:"on_leave"`
	Absent   int     `json:"absent"`
	Pending  int     `json:"pending"`
	Rate     float64 `json:"rate"`
}

func (f *Figures) rate() {
	if due := f.Invited - f.Pending; due > 0 {
		f.Rate = float64(f.SignedIn*1000/due) / 10
	}
}

// UnitFigures are a unit's attendance.
type UnitFigures struct {
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Figures
}

// Report is attendance by unit as of a moment, with the total.
type Report struct {
	AsOf  time.Time     `json:"as_of"`
	Units []UnitFigures `json:"units"`
	Total Figures       `json:"total"`
}

// Query selects the invitations counted: those of activities started by
// AsOf (the end of a CST date), the actor may see, optionally of one
// campaign or one activity.
type Query struct {
	AsOf       time.Time
	CampaignID int64
	ActivityID int64
}

// statusCase is the SQL of Invitation.Status, with $AS as the moment.
func statusCase(w *db.Where, asOf time.Time) string {
	t := db.Micros(asOf)
	return "CASE WHEN i.signed_in_at IS NOT NULL AND i.signed_in_at <= " + w.Next(t) + " THEN 'signed_in'" +
		" WHEN i.leave_at IS NOT NULL AND i.leave_at <= " + w.Next(t) + " THEN 'on_leave'" +
		" WHEN a.ends_at <= " + w.Next(t) + " THEN 'absent' ELSE 'invited' END"
}

// where builds the conditions on invitations i of activities a.
func (q Query) where(w *db.Where, a access.Actor) {
	activityScope(w, a)
	w.And("a.starts_at <= ?", db.Micros(q.AsOf))
	if q.CampaignID > 0 {
		w.And("a.campaign_id = ?", q.CampaignID)
	}
	if q.ActivityID > 0 {
		w.And("a.id = ?", q.ActivityID)
	}
}

// Attendance is attendance by the invitees' units as of q.AsOf, one SQL
// aggregate over the invitations in the actor's scope.
func (s *Service) Attendance(ctx context.Context, a access.Actor, q Query) (Report, error) {
	r := Report{AsOf: q.AsOf, Units: []UnitFigures{}}
	var w db.Where
	q.where(&w, a)
	cond := w.SQL()
	st := statusCase(&w, q.AsOf)
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, `SELECT COALESCE(i.unit_id, 0), COALESCE(un.name, ''), st, COUNT(*) FROM (
		SELECT i.unit_id, `+st+` AS st FROM activity_invitations i JOIN activities a ON a.id = i.activity_id`+cond+`) i
		LEFT JOIN units un ON un.id = i.unit_id
		GROUP BY COALESCE(i.unit_id, 0), COALESCE(un.name, ''), un.sort_order, st ORDER BY un.sort_order, COALESCE(i.unit_id, 0)`, w.Args...)
	if err != nil {
		return r, errs.Wrap(err, "attendance")
	}
	defer rows.Close()
	for rows.Next() {
		var u UnitFigures
		var status string
		var n int
		if err := rows.Scan(&u.UnitID, &u.UnitName, &status, &n); err != nil {
			return r, errs.Wrap(err, "attendance")
		}
		if len(r.Units) == 0 || r.Units[len(r.Units)-1].UnitID != u.UnitID {
			r.Units = append(r.Units, u)
		}
		add(&r.Units[len(r.Units)-1].Figures, Status(status), n)
		add(&r.Total, Status(status), n)
	}
	for i := range r.Units {
		r.Units[i].rate()
	}
	r.Total.rate()
	return r, errs.Wrap(rows.Err(), "attendance")
}

func add(f *Figures, st Status, n int) {
	f.Invited += n
	switch st {
	case SignedIn:
		f.SignedIn += n
	case OnLeave:
		f.OnLeave += n
	case Absent:
		f.Absent += n
	default:
		f.Pending += n
	}
}

// Person is one invitation behind an attendance figure.
type Person struct {
	ActivityID    int64     `json:"activity_id"`
	ActivityTitle string    `json:"activity_title"`
	StartsAt      time.Time `json:"starts_at"`
	UserID        int64     `json:"user_id"`
	UserName      string    `json:"user_name"`
	UnitID        int64     `json:"unit_id"`
	UnitName      string    `json:"unit_name"`
	Status        Status    `json:"status"`
}

// PeopleQuery narrows the drill-down: the query of the figures, a unit
// (0: all) and a status ("": all).
type PeopleQuery struct {
	Query
	UnitID int64
	Status Status
	Page   db.Page
}

// People lists the invitations behind a figure of Attendance.
func (s *Service) People(ctx context.Context, a access.Actor, q PeopleQuery) (db.List[Person], error) {
	page := db.NewPage(q.Page.Number, q.Page.Size)
	out := db.List[Person]{Items: []Person{}, Page: page.Number, PageSize: page.Size}
	if q.Status != "" && !q.Status.Valid() {
		return out, errs.InvalidField("status", "err.attendance_status")
	}
	var w db.Where
	q.where(&w, a)
	if q.UnitID > 0 {
		w.And("i.unit_id = ?", q.UnitID)
	}
	cond := w.SQL()
	st := statusCase(&w, q.AsOf)
	inner := `SELECT a.id AS activity_id, a.title, a.starts_at, i.user_id, i.unit_id, ` + st + ` AS st
		FROM activity_invitations i JOIN activities a ON a.id = i.activity_id` + cond
	outer := ""
	if q.Status != "" {
		outer = " WHERE x.st = " + w.Next(string(q.Status))
	}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+inner+") x"+outer, w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "attendance people count")
	}
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, `SELECT x.activity_id, x.title, x.starts_at, x.user_id, us.display_name,
		COALESCE(x.unit_id, 0), COALESCE(un.name, ''), x.st FROM (`+inner+`) x
		JOIN users us ON us.id = x.user_id LEFT JOIN units un ON un.id = x.unit_id`+outer+
		` ORDER BY x.starts_at DESC, x.activity_id, un.sort_order, x.user_id`+page.LimitOffset(&w), w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "attendance people")
	}
	defer rows.Close()
	for rows.Next() {
		var p Person
		var starts int64
		if err := rows.Scan(&p.ActivityID, &p.ActivityTitle, &starts, &p.UserID, &p.UserName, &p.UnitID, &p.UnitName, &p.Status); err != nil {
			return out, errs.Wrap(err, "attendance people")
		}
		p.StartsAt = db.Time(starts)
		out.Items = append(out.Items, p)
	}
	return out, errs.Wrap(rows.Err(), "attendance people")
}

// RateAsOf is the attendance of every activity in the actor's scope as of
// the end of a CST date, for a dashboard figure; People with the same
// moment lists the invitations behind it.
func (s *Service) RateAsOf(ctx context.Context, a access.Actor, asOf time.Time) (Figures, error) {
	r, err := s.Attendance(ctx, a, Query{AsOf: asOf})
	return r.Total, err
}
