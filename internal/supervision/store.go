package supervision

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

const noticeFrom = ` FROM supervision_notices n
	JOIN units u ON u.id = n.receiver_unit_id
	LEFT JOIN users ru ON ru.id = n.receiver_user_id
	LEFT JOIN users iu ON iu.id = n.issuer_id`

const noticeColumns = `n.id, n.target_kind, n.target_id, n.target_title, n.target_path, n.title, n.content, n.deadline,
	n.due_at, n.receiver_unit_id, u.name, COALESCE(n.receiver_user_id, 0), COALESCE(ru.display_name, ''),
	COALESCE(n.issuer_id, 0), COALESCE(iu.display_name, ''), n.issued_at, n.state, n.reply, n.answered_at,
	n.closed_at, n.return_note, n.updated_at`

func scanNotice(row interface{ Scan(...any) error }) (Notice, error) {
	var n Notice
	var due, issued, updated int64
	var answered, closed *int64
	err := row.Scan(&n.ID, &n.TargetKind, &n.TargetID, &n.TargetTitle, &n.TargetPath, &n.Title, &n.Content, &n.Deadline,
		&due, &n.ReceiverUnitID, &n.ReceiverUnitName, &n.ReceiverUserID, &n.ReceiverUserName,
		&n.IssuerID, &n.IssuerName, &issued, &n.State, &n.Reply, &answered, &closed, &n.ReturnNote, &updated)
	n.DueAt, n.IssuedAt, n.UpdatedAt = db.Time(due), db.Time(issued), db.Time(updated)
	n.AnsweredAt, n.ClosedAt = db.NullTime(answered), db.NullTime(closed)
	return n, err
}

// getInScope reads one notice the actor may see; any other is not found.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Notice, error) {
	var w db.Where
	w.And("n.id = ?", id)
	noticeScope(&w, a)
	return getWhere(ctx, q, w)
}

func getByID(ctx context.Context, q db.Querier, id int64) (Notice, error) {
	var w db.Where
	w.And("n.id = ?", id)
	return getWhere(ctx, q, w)
}

func getWhere(ctx context.Context, q db.Querier, w db.Where) (Notice, error) {
	n, err := scanNotice(q.QueryRowContext(ctx, "SELECT "+noticeColumns+noticeFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return n, errs.E(errs.NotFound)
	}
	return n, errs.Wrap(err, "supervision get")
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func insertNotice(ctx context.Context, q db.Querier, n *Notice) error {
	err := q.QueryRowContext(ctx, `INSERT INTO supervision_notices (target_kind, target_id, target_title, target_path, title,
		content, deadline, due_at, receiver_unit_id, receiver_user_id, issuer_id, issued_at, state, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $12) RETURNING id`,
		n.TargetKind, n.TargetID, n.TargetTitle, n.TargetPath, n.Title, n.Content, n.Deadline, db.Micros(n.DueAt),
		n.ReceiverUnitID, nullID(n.ReceiverUserID), nullID(n.IssuerID), db.Micros(n.IssuedAt), n.State).Scan(&n.ID)
	return errs.Wrap(err, "supervision insert")
}

// updateNotice writes what actions change, only if the notice is still as
// it was read: of two actions at once, the second is refused.
func updateNotice(ctx context.Context, q db.Querier, n Notice, answeredBy int64, was Notice) error {
	res, err := q.ExecContext(ctx, `UPDATE supervision_notices SET state = $1, reply = $2, answered_at = $3,
		answered_by = COALESCE(CAST($4 AS BIGINT), answered_by), closed_at = $5, return_note = $6, updated_at = $7
		WHERE id = $8 AND state = $9 AND updated_at = $10`,
		n.State, n.Reply, db.NullMicros(n.AnsweredAt), nullID(answeredBy), db.NullMicros(n.ClosedAt), n.ReturnNote,
		db.Micros(n.UpdatedAt), n.ID, was.State, db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "supervision update")
	}
	if k, err := res.RowsAffected(); err != nil || k != 1 {
		return errs.New(errs.Conflict, "err.supervision_changed")
	}
	return nil
}

func insertEvent(ctx context.Context, q db.Querier, a access.Actor, id int64, at Notice, action Action, from State, note string) error {
	_, err := q.ExecContext(ctx, `INSERT INTO supervision_events (notice_id, at, actor_id, action, from_state, to_state, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, db.Micros(at.UpdatedAt), nullID(a.UserID), string(action), string(from),
		string(at.State), note)
	return errs.Wrap(err, "supervision event insert")
}
