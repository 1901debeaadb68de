package supervision

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// Action is one thing done to a notice.
type Action string

const (
	ActionIssue  Action = "issue"
	ActionReply  Action = "reply"
	ActionClose  Action = "close"
	ActionReturn Action = "return" // back to the receiver for more
)

// transitions is the table of allowed actions: from state, the action,
// the state after it and who may take it.
var transitions = []struct {
	from   State
	action Action
	to     State
	may    func(access.Role) bool
}{
	{Open, ActionReply, Answered, canReply},
	{Answered, ActionReply, Answered, canReply}, // a fuller reply before the issuer reads it
	{Answered, ActionClose, Closed, canIssue},
	{Open, ActionClose, Closed, canIssue}, // withdrawn: the matter settled otherwise
	{Answered, ActionReturn, Open, canIssue},
}

// Transition returns the state after action, or a conflict listing the
// actions the role may take in state instead.
func Transition(from State, action Action, r access.Role) (State, error) {
	allowed := []string{}
	for _, t := range transitions {
		if t.from != from || !t.may(r) {
			continue
		}
		if t.action == action {
			return t.to, nil
		}
		allowed = append(allowed, string(t.action))
	}
	e := errs.New(errs.Conflict, "err.supervision_action_not_allowed")
	e.Allowed = allowed
	return "", e
}

// Allowed lists the actions the actor may take on n.
func Allowed(n Notice, r access.Role) []Action {
	var out []Action
	for _, t := range transitions {
		if t.from == n.State && t.may(r) {
			out = append(out, t.action)
		}
	}
	return out
}

// ActInput is the text of an action: the reply, or the note of a close
// or a return.
type ActInput struct {
	Reply string `json:"reply"`
	Note  string `json:"note"`
}

// Reply answers a notice to the actor's unit. The reply is required; it
// counts as on time when it comes by the end of the deadline day.
func (s *Service) Reply(ctx context.Context, a access.Actor, id int64, reply string) (Notice, error) {
	return s.act(ctx, a, id, ActionReply, strings.TrimSpace(reply))
}

// Close accepts the reply (or withdraws an unanswered notice), with an
// optional note.
func (s *Service) Close(ctx context.Context, a access.Actor, id int64, note string) (Notice, error) {
	return s.act(ctx, a, id, ActionClose, strings.TrimSpace(note))
}

// Return sends an answered notice back to the receiver for more; the
// note, saying what more, is required. The reply stays on record in the
// events, and the notice is unanswered again until the next reply.
func (s *Service) Return(ctx context.Context, a access.Actor, id int64, note string) (Notice, error) {
	return s.act(ctx, a, id, ActionReturn, strings.TrimSpace(note))
}

func (s *Service) act(ctx context.Context, a access.Actor, id int64, action Action, text string) (Notice, error) {
	var out Notice
	now := s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		// The text is checked before the state: what is wrong with the
		// input is worth saying whatever state the notice is in.
		if err := checkText(action, text); err != nil {
			return err
		}
		next, err := Transition(was.State, action, a.Role)
		if err != nil {
			return err
		}
		n := was
		n.State, n.UpdatedAt = next, now
		var answeredBy int64
		apply(&n, action, text, now, a, &answeredBy)
		if err := updateNotice(ctx, tx, n, answeredBy, was); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, id, n, action, was.State, text); err != nil {
			return err
		}
		if out, err = getByID(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "supervision." + string(action), Entity: "supervision",
			EntityID: id, Before: was.auditView(), After: out.auditView()})
	})
	if err != nil {
		return Notice{}, err
	}
	out.computed(now)
	return out, nil
}

// checkText checks the text of an action: a reply is required, so is the
// note of a return; a close's note is optional.
func checkText(action Action, text string) error {
	k := utf8.RuneCountInString(text)
	switch action {
	case ActionReply:
		if k == 0 {
			return errs.InvalidField("reply", "err.required")
		}
		if k > MaxReply {
			return errs.InvalidField("reply", "err.too_long")
		}
	case ActionReturn:
		if k == 0 {
			return errs.InvalidField("note", "err.required")
		}
		fallthrough
	case ActionClose:
		if k > MaxNote {
			return errs.InvalidField("note", "err.too_long")
		}
	}
	return nil
}

// apply changes n as the action says.
func apply(n *Notice, action Action, text string, now time.Time, a access.Actor, answeredBy *int64) {
	switch action {
	case ActionReply:
		n.Reply, n.AnsweredAt, n.ReturnNote = text, now, ""
		*answeredBy = a.UserID
	case ActionClose:
		n.ClosedAt = now
	case ActionReturn:
		n.ReturnNote, n.AnsweredAt = text, time.Time{}
	}
}
