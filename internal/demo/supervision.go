package demo

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// noticeOutcome is how a demo notice went: replied how many days after
// its deadline (negative: before it; nil: never), and whether the office
// closed it after the reply.
type noticeOutcome struct {
	replyAfter *int
	closed     bool
}

func days(n int) *int { return &n }

// supervisionOutcomes cycle over the supervised appeals: most answered on
// time, some late, some still unanswered long past their deadline.
var supervisionOutcomes = []noticeOutcome{
	{days(-2), true}, {days(-1), true}, {days(0), false}, {days(2), true},
	{nil, false}, {days(-3), true}, {days(4), false}, {nil, false},
}

// SupervisionNotices is how many demo notices there are.
const SupervisionNotices = 8

// loadSupervision issues notices from the office on 2022 appeals: each a
// few days after the appeal came in, due five days later, to the
// appeal's department; half of them on appeals of 经济服务办, the demo
// department account's.
func loadSupervision(ctx context.Context, tx *sql.Tx, _ Env, st *State) error {
	var office int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE username = 'office'").Scan(&office); err != nil {
		return errs.Wrap(err, "demo supervision office")
	}
	var deptUser int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE username = 'dept'").Scan(&deptUser); err != nil {
		return errs.Wrap(err, "demo supervision dept")
	}
	type target struct {
		id, dept  int64
		title     string
		submitted int64
	}
	pick := func(cond string, n int, args ...any) ([]target, error) {
		// #nosec G202 -- cond is one of the two constant conditions below; the department is an argument
		rows, err := tx.QueryContext(ctx, `SELECT p.id, p.department_id, p.title, p.submitted_at FROM appeals p
			WHERE p.department_id IS NOT NULL AND `+cond+` ORDER BY p.submitted_at, p.id LIMIT 400`, args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		var all []target
		for rows.Next() {
			var t target
			if err := rows.Scan(&t.id, &t.dept, &t.title, &t.submitted); err != nil {
				return nil, err
			}
			all = append(all, t)
		}
		var out []target
		for i := 0; i < n && len(all) > 0; i++ {
			out = append(out, all[i*len(all)/n])
		}
		return out, rows.Err()
	}
	jjb := st.Units["PH-D-JJB"]
	own, err := pick("p.department_id = $1", SupervisionNotices/2, jjb)
	if err != nil {
		return errs.Wrap(err, "demo supervision appeals")
	}
	others, err := pick("p.department_id <> $1", SupervisionNotices-len(own), jjb)
	if err != nil {
		return errs.Wrap(err, "demo supervision appeals")
	}
	for i, t := range append(own, others...) {
		o := supervisionOutcomes[i%len(supervisionOutcomes)]
		sub := db.Time(t.submitted).In(i18n.Zone)
		issued := time.Date(sub.Year(), sub.Month(), sub.Day()+2, 10, 0, 0, 0, i18n.Zone).UTC()
		deadlineDay := time.Date(sub.Year(), sub.Month(), sub.Day()+7, 0, 0, 0, 0, i18n.Zone)
		due := deadlineDay.AddDate(0, 0, 1).UTC()
		n := noticeRow{target: t.id, title: "督办：" + t.title, targetTitle: t.title, deadline: deadlineDay.Format(time.DateOnly),
			due: due, unit: t.dept, issuer: office, issued: issued, state: "open"}
		var replier int64
		if t.dept == jjb {
			replier = deptUser
		}
		if o.replyAfter != nil {
			n.answered = deadlineDay.AddDate(0, 0, *o.replyAfter).Add(16 * time.Hour).UTC()
			n.reply, n.state = "已按督办要求办理，并答复企业。", "answered"
			if o.closed {
				n.closed, n.state = n.answered.Add(24*time.Hour), "closed"
			}
		}
		if err := n.insert(ctx, tx, replier); err != nil {
			return err
		}
	}
	return nil
}

// noticeRow is one demo notice as stored.
type noticeRow struct {
	target                              int64
	title, targetTitle, deadline, reply string
	due, issued, answered, closed       time.Time
	unit, issuer                        int64
	state                               string
}

// insert writes the notice and its events: issue, then the reply and the
// close when there were any.
func (n noticeRow) insert(ctx context.Context, tx *sql.Tx, replier int64) error {
	var id int64
	last := n.issued
	for _, t := range []time.Time{n.answered, n.closed} {
		if !t.IsZero() {
			last = t
		}
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO supervision_notices (target_kind, target_id, target_title, target_path, title,
		content, deadline, due_at, receiver_unit_id, issuer_id, issued_at, state, reply, answered_at, answered_by, closed_at, updated_at)
		VALUES ('appeal', $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
		n.target, n.targetTitle, "/appeals/"+strconv.FormatInt(n.target, 10), n.title, "请承办部门于期限内办结并答复企业，报送办理情况。", n.deadline,
		db.Micros(n.due), n.unit, n.issuer, db.Micros(n.issued), n.state, n.reply, db.NullMicros(n.answered),
		replierID(replier, !n.answered.IsZero()), db.NullMicros(n.closed), db.Micros(last)).Scan(&id)
	if err != nil {
		return errs.Wrap(err, "demo supervision notice")
	}
	type ev struct {
		at       time.Time
		actor    any
		action   string
		from, to string
		note     string
	}
	evs := []ev{{n.issued, n.issuer, "issue", "", "open", ""}}
	if !n.answered.IsZero() {
		evs = append(evs, ev{n.answered, replierID(replier, true), "reply", "open", "answered", n.reply})
	}
	if !n.closed.IsZero() {
		evs = append(evs, ev{n.closed, n.issuer, "close", "answered", "closed", ""})
	}
	for _, e := range evs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO supervision_events (notice_id, at, actor_id, action, from_state, to_state, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, db.Micros(e.at), e.actor, e.action, e.from, e.to, e.note); err != nil {
			return errs.Wrap(err, "demo supervision event")
		}
	}
	return nil
}

// replierID is the replying account when it is known and there was a
// reply, else NULL: other departments have no demo account.
func replierID(id int64, want bool) any {
	if id <= 0 || !want {
		return nil
	}
	return id
}
