package appeal

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// appealFrom joins what an Appeal shows; d is the department in charge.
const appealFrom = ` FROM appeals p
	JOIN enterprises e ON e.id = p.enterprise_id
	JOIN units c ON c.id = e.community_id
	LEFT JOIN units d ON d.id = p.department_id`

const appealColumns = `p.id, p.enterprise_id, e.name, e.community_id, c.name, p.category, p.channel, p.title, p.description,
	COALESCE(p.visit_id, 0), p.state, COALESCE(p.department_id, 0), COALESCE(d.name, ''), COALESCE(p.created_by, 0),
	p.submitted_at, p.response_due_at, p.resolution_due_at, p.accepted_at, p.resolved_at, p.closed_at,
	p.supervised, COALESCE(p.solved, ''), COALESCE(p.satisfaction, ''), p.resolution_note, p.reject_reason, p.reject_note,
	p.updated_at`

// scanAppeal reads appealColumns, then any extra columns into extra.
func scanAppeal(row interface{ Scan(...any) error }, extra ...any) (Appeal, error) {
	var p Appeal
	var submitted, responseDue, resolutionDue, updated int64
	var accepted, resolved, closed *int64
	err := row.Scan(append([]any{&p.ID, &p.EnterpriseID, &p.EnterpriseName, &p.CommunityID, &p.CommunityName, &p.Category,
		&p.Channel, &p.Title, &p.Description, &p.VisitID, &p.State, &p.DepartmentID, &p.DepartmentName, &p.CreatedBy,
		&submitted, &responseDue, &resolutionDue, &accepted, &resolved, &closed,
		&p.Supervised, &p.Solved, &p.Satisfaction, &p.ResolutionNote, &p.RejectReason, &p.RejectNote, &updated}, extra...)...)
	p.SubmittedAt, p.ResponseDueAt, p.ResolutionDueAt, p.UpdatedAt = db.Time(submitted), db.Time(responseDue), db.Time(resolutionDue), db.Time(updated)
	p.AcceptedAt, p.ResolvedAt, p.ClosedAt = db.NullTime(accepted), db.NullTime(resolved), db.NullTime(closed)
	return p, err
}

// getInScope reads one appeal the actor may see; any other is not found,
// whether it exists or not.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Appeal, error) {
	var w db.Where
	w.And("p.id = ?", id)
	appealScope(&w, a)
	return getWhere(ctx, q, w)
}

// getByID reads one appeal without scope, for a caller that has just
// written it.
func getByID(ctx context.Context, q db.Querier, id int64) (Appeal, error) {
	var w db.Where
	w.And("p.id = ?", id)
	return getWhere(ctx, q, w)
}

func getWhere(ctx context.Context, q db.Querier, w db.Where) (Appeal, error) {
	p, err := scanAppeal(q.QueryRowContext(ctx, "SELECT "+appealColumns+appealFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.E(errs.NotFound)
	}
	return p, errs.Wrap(err, "appeal get")
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// nullText stores "" as NULL.
func nullText[T ~string](s T) any {
	if s == "" {
		return nil
	}
	return string(s)
}

// insertAppeal stores a new appeal and sets its id.
func insertAppeal(ctx context.Context, q db.Querier, p *Appeal) error {
	err := q.QueryRowContext(ctx, `INSERT INTO appeals (enterprise_id, category, channel, title, description, visit_id, state,
		department_id, created_by, submitted_at, response_due_at, resolution_due_at, supervised, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, FALSE, $10) RETURNING id`,
		p.EnterpriseID, p.Category, p.Channel, p.Title, p.Description, nullID(p.VisitID), p.State,
		nullID(p.DepartmentID), nullID(p.CreatedBy), db.Micros(p.SubmittedAt), db.Micros(p.ResponseDueAt),
		db.Micros(p.ResolutionDueAt)).Scan(&p.ID)
	return errs.Wrap(err, "appeal insert")
}

// updateAppeal writes what actions change, only if the appeal is still in
// the state and at the version it was read in. Two handlers acting at once
// on PostgreSQL both read the old state; the second one's update then
// finds a changed row and is refused instead of overwriting the first.
// (SQLite has one writer, so there it never happens.)
func updateAppeal(ctx context.Context, q db.Querier, p Appeal, was Appeal) error {
	res, err := q.ExecContext(ctx, `UPDATE appeals SET state = $1, department_id = $2, resolution_due_at = $3, accepted_at = $4,
		resolved_at = $5, closed_at = $6, supervised = $7, solved = $8, satisfaction = $9, resolution_note = $10,
		reject_reason = $11, reject_note = $12, updated_at = $13
		WHERE id = $14 AND state = $15 AND updated_at = $16`,
		p.State, nullID(p.DepartmentID), db.Micros(p.ResolutionDueAt), db.NullMicros(p.AcceptedAt),
		db.NullMicros(p.ResolvedAt), db.NullMicros(p.ClosedAt), p.Supervised, nullText(p.Solved), nullText(p.Satisfaction),
		p.ResolutionNote, string(p.RejectReason), p.RejectNote, db.Micros(p.UpdatedAt),
		p.ID, was.State, db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "appeal update")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "err.appeal_changed")
	}
	return nil
}

// insertEvent stores one transition. The department and the resolution
// deadline are those in force after the event, so that both can be read
// back as of any moment.
func insertEvent(ctx context.Context, q db.Querier, a access.Actor, ev Event) error {
	_, err := q.ExecContext(ctx, `INSERT INTO appeal_events (appeal_id, at, actor_id, actor, role, action, from_state, to_state,
		department_id, note, reason, solved, satisfaction, resolution_due_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		ev.AppealID, db.Micros(ev.At), nullID(a.UserID), a.Username, string(a.Role), ev.Action, ev.From, ev.To,
		nullID(ev.DepartmentID), ev.Note, ev.Reason, nullText(ev.Solved), nullText(ev.Satisfaction), db.Micros(ev.ResolutionDueAt))
	return errs.Wrap(err, "appeal event insert")
}
