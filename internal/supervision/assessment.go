package supervision

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/assessment"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// AssessmentSource gives the cadre assessment reference its supervision
// part: the notices with a deadline in the year that a cadre had to
// answer — those addressed to them by name, and those addressed to their
// unit that they answered — each answered on time, late, overdue or
// pending as of the reference's date. A notice to a unit that nobody has
// answered is the unit's, not any one cadre's: it shows in the unit's
// figures on the supervision pages.
type AssessmentSource struct{ S *Service }

// cadreOf is the person a notice counts for.
const cadreOf = "COALESCE(n.receiver_user_id, n.answered_by)"

// outcomeCase places a notice as of the placeholder asOf (used three times).
func outcomeCase(w *db.Where, asOf time.Time) string {
	t := db.Micros(asOf)
	return "CASE WHEN n.answered_at IS NOT NULL AND n.answered_at <= " + w.Next(t) +
		" THEN (CASE WHEN n.answered_at <= n.due_at THEN 'on_time' ELSE 'late' END)" +
		" WHEN n.due_at <= " + w.Next(t) + " THEN 'overdue' ELSE 'pending' END"
}

func yearWhere(w *db.Where, year int, asOf time.Time) {
	y := strconv.Itoa(year)
	w.And("n.deadline >= ?", y+"-01-01")
	w.And("n.deadline <= ?", y+"-12-31")
	w.And("n.issued_at <= ?", db.Micros(asOf))
}

// Fill counts every cadre's notices in one aggregate.
func (src AssessmentSource) Fill(ctx context.Context, year int, asOf time.Time, parts map[int64]*assessment.Parts) error {
	var w db.Where
	yearWhere(&w, year, asOf)
	w.And(cadreOf + " IS NOT NULL")
	cond := w.SQL()
	oc := outcomeCase(&w, asOf)
	rows, err := src.S.DB.R.QueryContext(ctx, `SELECT x.cadre, x.outcome, count(*) FROM (SELECT `+cadreOf+` AS cadre, `+oc+` AS outcome
		FROM supervision_notices n`+cond+`) x GROUP BY x.cadre, x.outcome`, w.Args...)
	if err != nil {
		return errs.Wrap(err, "assessment notices")
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var outcome string
		var n int
		if err := rows.Scan(&id, &outcome, &n); err != nil {
			return errs.Wrap(err, "assessment notices")
		}
		p := parts[id]
		if p == nil {
			continue
		}
		p.NoticesReceived += n
		switch outcome {
		case "on_time":
			p.NoticesOnTime += n
		case "late":
			p.NoticesLate += n
		case "overdue":
			p.NoticesOverdue += n
		default:
			p.NoticesPending += n
		}
	}
	return errs.Wrap(rows.Err(), "assessment notices")
}

// Records lists the notices counted for the cadre.
func (src AssessmentSource) Records(ctx context.Context, year int, asOf time.Time, userID int64) ([]assessment.Record, error) {
	var w db.Where
	yearWhere(&w, year, asOf)
	w.And(cadreOf+" = ?", userID)
	cond := w.SQL()
	oc := outcomeCase(&w, asOf)
	rows, err := src.S.DB.R.QueryContext(ctx, `SELECT n.id, n.title, n.due_at, `+oc+`
		FROM supervision_notices n`+cond+` ORDER BY n.due_at, n.id`, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "assessment notices")
	}
	defer rows.Close()
	var out []assessment.Record
	for rows.Next() {
		var id, due int64
		var title, outcome string
		if err := rows.Scan(&id, &title, &due, &outcome); err != nil {
			return nil, errs.Wrap(err, "assessment notices")
		}
		out = append(out, assessment.Record{Kind: "notice", Title: title, Date: db.Time(due), Outcome: outcome,
			Path: "/supervisions/" + strconv.FormatInt(id, 10)})
	}
	return out, errs.Wrap(rows.Err(), "assessment notices")
}
