package supervision

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/reminder"
)

// Source gives the reminder items of supervision notices:
//
//   - to a department or community user, the unanswered notices to their
//     unit (or below it) that name no person or name them;
//   - to the office, the escalated ones (past their deadline, unanswered);
//   - to the leaders, those escalated to them (more than EscalateAfter
//     past it).
//
// An answered notice is no longer the receiver's to do, so it leaves the
// reminders and the calendar feed.
type Source struct {
	Service *Service
}

var _ reminder.Source = Source{}

// Items lists the notices due from from to to (CST dates, inclusive; a
// zero from is unbounded).
func (src Source) Items(ctx context.Context, a access.Actor, from, to time.Time) ([]reminder.Item, error) {
	s := src.Service
	var w db.Where
	noticeScope(&w, a)
	w.And("n.state = ?", string(Open))
	switch a.Role {
	case access.Dept, access.Community:
		w.And("(n.receiver_user_id IS NULL OR n.receiver_user_id = ?)", a.UserID)
	case access.Office:
		levelCond(&w, LevelOffice, s.now())
	case access.Leader:
		levelCond(&w, LevelLeader, s.now())
	default:
		return []reminder.Item{}, nil
	}
	if !from.IsZero() {
		w.And("n.deadline >= ?", dateOf(from))
	}
	w.And("n.deadline <= ?", dateOf(to))
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT n.id, n.title, n.deadline"+noticeFrom+w.SQL()+
		" ORDER BY n.deadline, n.id LIMIT 500", w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "supervision reminders")
	}
	defer rows.Close()
	out := []reminder.Item{}
	for rows.Next() {
		var id int64
		var title, deadline string
		if err := rows.Scan(&id, &title, &deadline); err != nil {
			return nil, errs.Wrap(err, "supervision reminders scan")
		}
		due, _ := parseDate(deadline)
		out = append(out, reminder.Item{Kind: "supervision", Title: title, Due: due,
			Path: "/supervisions/" + strconv.FormatInt(id, 10), UID: "supervision-" + strconv.FormatInt(id, 10) + "@pinghu"})
	}
	return out, errs.Wrap(rows.Err(), "supervision reminders rows")
}
