package appeal

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// ActionInput is one action on an appeal. Which fields an action needs:
//
//	accept     department_id: a leader or the office names the department
//	           (required when the appeal has none); a department signs for
//	           itself and may not name another
//	start      —
//	transfer   department_id (another department) and reason
//	resolve    note (the resolution note)
//	confirm    solved and satisfaction
//	reopen     reason
//	reject     reason (an exclusion reason code) and note
//	supervise  —
//
// A note is welcome on any action and kept in its event; a field the
// action does not use is refused, naming it, rather than dropped: a
// client that sends one meant something the action will not do.
type ActionInput struct {
	Action       Action `json:"action"`
	DepartmentID *int64 `json:"department_id"`
	Note         string `json:"note"`
	Reason       string `json:"reason"`
	Solved       string `json:"solved"`
	Satisfaction string `json:"satisfaction"`
}

// Limits of the free text of an action, in characters.
const (
	MaxNote   = 5000
	MaxReason = 500
)

// Act applies an action to an appeal the actor may see. A refused action
// is a conflict listing the actions the actor may take instead; missing or
// bad fields are invalid, naming them; an appeal out of scope is not
// found. The appeal, its event and the audit record are written together
// or not at all.
func (s *Service) Act(ctx context.Context, a access.Actor, id int64, in ActionInput) (Appeal, error) {
	in.Note = strings.TrimSpace(in.Note)
	in.Reason = strings.TrimSpace(in.Reason)
	in.Solved = strings.TrimSpace(in.Solved)
	in.Satisfaction = strings.TrimSpace(in.Satisfaction)
	var out Appeal
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		next, err := Transition(was.State, in.Action, a.Role)
		if err != nil {
			return err
		}
		now := s.now()
		p := was
		p.State, p.UpdatedAt = next, now
		ev := Event{AppealID: id, At: now, Action: in.Action, From: was.State, To: next, Note: in.Note}
		if err := s.apply(ctx, tx, a, &p, &ev, in); err != nil {
			return err
		}
		ev.DepartmentID, ev.ResolutionDueAt = p.DepartmentID, p.ResolutionDueAt
		if err := updateAppeal(ctx, tx, p, was); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, ev); err != nil {
			return err
		}
		if out, err = getByID(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "appeal." + string(in.Action), Entity: "appeal", EntityID: id,
			Before: was.auditView(), After: out.auditView()})
	})
	if err != nil {
		return Appeal{}, err
	}
	return out, nil
}

// actionFields are the fields each action uses besides the note.
var actionFields = map[Action][]string{
	Accept:   {"department_id"},
	Transfer: {"department_id", "reason"},
	Confirm:  {"solved", "satisfaction"},
	Reopen:   {"reason"},
	Reject:   {"reason"},
}

// unusedFields adds to f every field in sent that the action does not use.
func (in ActionInput) unusedFields(f errs.Fields) {
	sent := map[string]bool{"department_id": in.DepartmentID != nil, "reason": in.Reason != "",
		"solved": in.Solved != "", "satisfaction": in.Satisfaction != ""}
	for name, set := range sent {
		if set && !slices.Contains(actionFields[in.Action], name) {
			f.Add(name, "err.field_not_permitted")
		}
	}
}

// apply checks the fields the action needs and changes p and ev as the
// action says. p.UpdatedAt is the time of the action.
func (s *Service) apply(ctx context.Context, tx *sql.Tx, a access.Actor, p *Appeal, ev *Event, in ActionInput) error {
	now := p.UpdatedAt
	f := errs.Fields{}
	in.unusedFields(f)
	if utf8.RuneCountInString(in.Note) > MaxNote {
		f.Add("note", "err.too_long")
	}
	requireReason := func() {
		if in.Reason == "" {
			f.Add("reason", "err.required")
		} else if utf8.RuneCountInString(in.Reason) > MaxReason {
			f.Add("reason", "err.too_long")
		}
		ev.Reason = in.Reason
	}
	switch in.Action {
	case Accept:
		if a.Role == access.Dept {
			// A department signs for itself; handing the appeal on is a
			// transfer, with its reason.
			if in.DepartmentID != nil && *in.DepartmentID != p.DepartmentID {
				f.Add("department_id", "err.field_not_permitted")
			}
		} else if in.DepartmentID != nil {
			if err := s.checkDepartmentOf(ctx, tx, p.EnterpriseID, *in.DepartmentID, f); err != nil {
				return err
			}
			p.DepartmentID = *in.DepartmentID
		} else if p.DepartmentID == 0 {
			f.Add("department_id", "err.appeal_department_required")
		}
		// The response is measured by the first signature; a transfer
		// and a second signature do not restart it.
		if p.AcceptedAt.IsZero() {
			p.AcceptedAt = now
		}
	case Start:
	case Transfer:
		requireReason()
		switch {
		case in.DepartmentID == nil:
			f.Add("department_id", "err.required")
		case *in.DepartmentID == p.DepartmentID:
			f.Add("department_id", "err.appeal_transfer_same")
		default:
			if err := s.checkDepartmentOf(ctx, tx, p.EnterpriseID, *in.DepartmentID, f); err != nil {
				return err
			}
			p.DepartmentID = *in.DepartmentID
		}
	case Resolve:
		if in.Note == "" {
			f.Add("note", "err.required")
		}
		p.ResolvedAt, p.ResolutionNote = now, in.Note
	case Confirm:
		solved, satisfaction := Solved(in.Solved), Satisfaction(in.Satisfaction)
		if solved == "" {
			f.Add("solved", "err.required")
		} else if !solved.Valid() {
			f.Add("solved", "err.appeal_solved")
		}
		if satisfaction == "" {
			f.Add("satisfaction", "err.required")
		} else if !satisfaction.Valid() {
			f.Add("satisfaction", "err.appeal_satisfaction")
		}
		p.ClosedAt, p.Solved, p.Satisfaction = now, solved, satisfaction
		ev.Solved, ev.Satisfaction = solved, satisfaction
	case Reopen:
		requireReason()
	case Reject:
		reason := RejectReason(in.Reason)
		if reason == "" {
			f.Add("reason", "err.required")
		} else if !reason.Valid() {
			f.Add("reason", "err.appeal_reject_reason")
		}
		if in.Note == "" {
			f.Add("note", "err.required")
		}
		p.RejectReason, p.RejectNote, ev.Reason = reason, in.Note, in.Reason
	case Supervise:
		p.Supervised = true
	}
	if err := f.Err(); err != nil {
		return err
	}
	if in.Action == Reopen {
		return s.reopen(ctx, tx, p, now)
	}
	return nil
}

// reopen checks the reopening window and gives the appeal a fresh
// resolution deadline from now: the department gets the category's full
// limit again, rather than an appeal that is overdue the moment it is
// reopened.
func (s *Service) reopen(ctx context.Context, tx *sql.Tx, p *Appeal, now time.Time) error {
	if now.After(p.ResolvedAt.Add(ReopenWindow)) {
		return errs.New(errs.Conflict, "err.appeal_reopen_expired", int(ReopenWindow/(24*time.Hour)))
	}
	cat, err := getCategory(ctx, tx, p.Category)
	if err != nil {
		return errs.Wrap(err, "appeal reopen category")
	}
	cal, err := s.Calendar.Around(ctx, tx, now)
	if err != nil {
		return err
	}
	p.ResolutionDueAt = cal.Due(now, cat.Resolution)
	p.ResolvedAt = time.Time{}
	return nil
}

// checkDepartmentOf checks that department serves the enterprise's
// community, adding a problem with department_id to f otherwise.
func (s *Service) checkDepartmentOf(ctx context.Context, q db.Querier, enterpriseID, department int64, f errs.Fields) error {
	var path string
	if err := q.QueryRowContext(ctx, "SELECT c.path FROM enterprises e JOIN units c ON c.id = e.community_id WHERE e.id = $1",
		enterpriseID).Scan(&path); err != nil {
		return errs.Wrap(err, "appeal community")
	}
	_, ok, err := serves(ctx, q, department, path)
	if err != nil {
		return err
	}
	if !ok {
		f.Add("department_id", "err.appeal_department")
	}
	return nil
}
