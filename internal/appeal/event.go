package appeal

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Event is one transition of an appeal, with its time and actor. The
// submission is the first event (from "" to submitted).
type Event struct {
	ID              int64        `json:"id"`
	AppealID        int64        `json:"appeal_id"`
	At              time.Time    `json:"at"`
	ActorID         int64        `json:"actor_id,omitempty"`
	Actor           string       `json:"actor"`
	Role            access.Role  `json:"role"`
	Action          Action       `json:"action"`
	From            State        `json:"from_state"`
	To              State        `json:"to_state"`
	DepartmentID    int64        `json:"department_id,omitempty"` // in charge after the event
	DepartmentName  string       `json:"department_name,omitempty"`
	Note            string       `json:"note,omitempty"`
	Reason          string       `json:"reason,omitempty"` // free text, or the exclusion reason code of a rejection
	Solved          Solved       `json:"solved,omitempty"`
	Satisfaction    Satisfaction `json:"satisfaction,omitempty"`
	ResolutionDueAt time.Time    `json:"resolution_due_at"` // in force after the event
}

// maxEvents bounds one appeal's history as read at once; a real appeal
// has a handful of events.
const maxEvents = 1000

// Events returns the history of an appeal the actor may see, oldest first.
func (s *Service) Events(ctx context.Context, a access.Actor, id int64) ([]Event, error) {
	if _, err := getInScope(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT v.id, v.appeal_id, v.at, COALESCE(v.actor_id, 0), v.actor, v.role, v.action,
		v.from_state, v.to_state, COALESCE(v.department_id, 0), COALESCE(d.name, ''), v.note, v.reason,
		COALESCE(v.solved, ''), COALESCE(v.satisfaction, ''), COALESCE(v.resolution_due_at, 0)
		FROM appeal_events v LEFT JOIN units d ON d.id = v.department_id
		WHERE v.appeal_id = $1 ORDER BY v.id LIMIT $2`, id, maxEvents)
	if err != nil {
		return nil, errs.Wrap(err, "appeal events")
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var ev Event
		var at, due int64
		if err := rows.Scan(&ev.ID, &ev.AppealID, &at, &ev.ActorID, &ev.Actor, &ev.Role, &ev.Action, &ev.From, &ev.To,
			&ev.DepartmentID, &ev.DepartmentName, &ev.Note, &ev.Reason, &ev.Solved, &ev.Satisfaction, &due); err != nil {
			return nil, errs.Wrap(err, "appeal event scan")
		}
		ev.At, ev.ResolutionDueAt = db.Time(at), db.Time(due)
		out = append(out, ev)
	}
	return out, errs.Wrap(rows.Err(), "appeal events")
}
