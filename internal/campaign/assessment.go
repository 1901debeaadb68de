package campaign

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/assessment"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// AssessmentSource gives the cadre assessment reference its attendance
// part: the activities of the year a cadre was invited to, held by the
// as-of moment, and how each ended for them.
type AssessmentSource struct{ S *Service }

// yearWhere selects the invitations to activities that started in the
// year (CST) and by asOf.
func yearWhere(w *db.Where, year int, asOf time.Time) {
	from := time.Date(year, 1, 1, 0, 0, 0, 0, cst)
	w.And("a.starts_at >= ?", db.Micros(from))
	w.And("a.starts_at < ?", db.Micros(from.AddDate(1, 0, 0)))
	w.And("a.starts_at <= ?", db.Micros(asOf))
}

// Fill counts every invited cadre's statuses in one aggregate.
func (src AssessmentSource) Fill(ctx context.Context, year int, asOf time.Time, parts map[int64]*assessment.Parts) error {
	if len(parts) == 0 {
		return nil
	}
	var w db.Where
	yearWhere(&w, year, asOf)
	cond := w.SQL()
	st := statusCase(&w, asOf)
	// #nosec G202 -- constant SQL, statusCase's placeholders and db.Where's fragments; every value is an argument
	rows, err := src.S.DB.R.QueryContext(ctx, `SELECT x.user_id, x.st, COUNT(*) FROM (SELECT i.user_id, `+st+` AS st
		FROM activity_invitations i JOIN activities a ON a.id = i.activity_id`+cond+`) x GROUP BY x.user_id, x.st`, w.Args...)
	if err != nil {
		return errs.Wrap(err, "assessment attendance")
	}
	defer rows.Close()
	for rows.Next() {
		var uid int64
		var status string
		var n int
		if err := rows.Scan(&uid, &status, &n); err != nil {
			return errs.Wrap(err, "assessment attendance")
		}
		p := parts[uid]
		if p == nil {
			continue
		}
		p.Invited += n
		switch Status(status) {
		case SignedIn:
			p.Attended += n
		case OnLeave:
			p.OnLeave += n
		case Absent:
			p.Absent += n
		}
	}
	return errs.Wrap(rows.Err(), "assessment attendance")
}

// Records lists the cadre's invitations of the year with their outcome.
func (src AssessmentSource) Records(ctx context.Context, year int, asOf time.Time, userID int64) ([]assessment.Record, error) {
	var w db.Where
	w.And("i.user_id = ?", userID)
	yearWhere(&w, year, asOf)
	cond := w.SQL()
	st := statusCase(&w, asOf)
	// #nosec G202 -- constant SQL, statusCase's placeholders and db.Where's fragments; every value is an argument
	rows, err := src.S.DB.R.QueryContext(ctx, `SELECT a.id, a.title, a.starts_at, `+st+`
		FROM activity_invitations i JOIN activities a ON a.id = i.activity_id`+cond+` ORDER BY a.starts_at, a.id`, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "assessment activities")
	}
	defer rows.Close()
	var out []assessment.Record
	outcome := map[Status]string{SignedIn: "attended", OnLeave: "on_leave", Absent: "absent", Invited: "pending"}
	for rows.Next() {
		var id, starts int64
		var title, status string
		if err := rows.Scan(&id, &title, &starts, &status); err != nil {
			return nil, errs.Wrap(err, "assessment activities")
		}
		out = append(out, assessment.Record{Kind: "activity", Title: title, Date: db.Time(starts),
			Outcome: outcome[Status(status)], Path: "/activities/" + strconv.FormatInt(id, 10)})
	}
	return out, errs.Wrap(rows.Err(), "assessment activities")
}
