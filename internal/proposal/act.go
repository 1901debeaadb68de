package proposal

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
	"pinghu/internal/org"
)

// Action is something a user does to a proposal.
type Action string

const (
	Evaluate Action = "evaluate" // submitted → under evaluation, optionally assigning a unit
	Assign   Action = "assign"   // name the unit that evaluates it
	Comment  Action = "comment"  // a comment, with scores or without
	Adopt    Action = "adopt"    // under evaluation → adopted
	Decline  Action = "decline"  // submitted or under evaluation → declined, with a reason
)

// Actions lists every action, in display order.
var Actions = []Action{Evaluate, Assign, Comment, Adopt, Decline}

// ActInput is one action with what it needs.
type ActInput struct {
	Action      Action `json:"action"`
	UnitID      int64  `json:"unit_id"`     // evaluate (optional), assign
	Feasibility int    `json:"feasibility"` // comment: 1–5, or 0 with Value 0 for no scores
	Value       int    `json:"value"`
	Comment     string `json:"comment"` // comment, adopt (optional)
	Reason      string `json:"reason"`  // decline
}

// MaxComment bounds a comment and a reason, in characters.
const MaxComment = 2000

// allowed reports whether the actor may take act on p in its state now.
func allowed(a access.Actor, p Proposal, assignedPath string, act Action) bool {
	switch act {
	case Evaluate:
		return manages(a) && p.State == Submitted
	case Assign:
		return manages(a) && !p.State.Decided()
	case Comment:
		return evaluates(a, p, assignedPath) && !p.State.Decided()
	case Adopt:
		return manages(a) && p.State == UnderEvaluation
	case Decline:
		return manages(a) && !p.State.Decided()
	}
	return false
}

// Allowed lists the actions the actor may take on p now, for the page.
func (s *Service) Allowed(ctx context.Context, a access.Actor, p Proposal) []Action {
	var path string
	if p.UnitID > 0 {
		_ = s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", p.UnitID).Scan(&path)
	}
	var out []Action
	for _, act := range Actions {
		if allowed(a, p, path, act) {
			out = append(out, act)
		}
	}
	return out
}

func (in *ActInput) validate() errs.Fields {
	f := errs.Fields{}
	in.Comment, in.Reason = strings.TrimSpace(in.Comment), strings.TrimSpace(in.Reason)
	if !slices.Contains(Actions, in.Action) {
		f.Add("action", "err.proposal_action")
		return f
	}
	if utf8.RuneCountInString(in.Comment) > MaxComment {
		f.Add("comment", "err.too_long")
	}
	switch in.Action {
	case Assign:
		if in.UnitID <= 0 {
			f.Add("unit_id", "err.required")
		}
	case Comment:
		scored := in.Feasibility != 0 || in.Value != 0
		if scored && (in.Feasibility < 1 || in.Feasibility > 5) {
			f.Add("feasibility", "err.proposal_score")
		}
		if scored && (in.Value < 1 || in.Value > 5) {
			f.Add("value", "err.proposal_score")
		}
		if !scored && in.Comment == "" {
			f.Add("comment", "err.required")
		}
	case Decline:
		if in.Reason == "" {
			f.Add("reason", "err.proposal_reason")
		} else if utf8.RuneCountInString(in.Reason) > MaxComment {
			f.Add("reason", "err.too_long")
		}
	}
	return f
}

// Act takes one action on a proposal in the actor's scope. An action the
// actor may not take in the proposal's state is a conflict naming the
// ones they may; bad input names its fields; either way nothing is
// written.
func (s *Service) Act(ctx context.Context, a access.Actor, id int64, in ActInput) (Proposal, error) {
	f := in.validate()
	var out Proposal
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, path, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, bad := f["action"]; !bad && !allowed(a, p, path, in.Action) {
			var may []string
			for _, act := range Actions {
				if allowed(a, p, path, act) {
					may = append(may, string(act))
				}
			}
			e := errs.New(errs.Conflict, "err.proposal_action_state")
			e.Allowed = append([]string{}, may...)
			return e
		}
		var unitName string
		if in.UnitID > 0 && (in.Action == Assign || in.Action == Evaluate) {
			var kind string
			err := tx.QueryRowContext(ctx, "SELECT name, kind FROM units WHERE id = $1 AND active = TRUE AND path LIKE $2",
				in.UnitID, a.ScopePattern()).Scan(&unitName, &kind)
			if err != nil || (kind != string(org.Department) && kind != string(org.Community)) {
				f.Add("unit_id", "err.unit_unknown")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		was := p
		now := s.now()
		p.UpdatedAt = now
		switch in.Action {
		case Evaluate:
			p.State = UnderEvaluation
			if in.UnitID > 0 {
				p.UnitID, p.UnitName = in.UnitID, unitName
			}
		case Assign:
			p.UnitID, p.UnitName = in.UnitID, unitName
		case Adopt:
			p.State, p.DecidedAt = Adopted, now
		case Decline:
			p.State, p.DecidedAt, p.DeclineReason = Declined, now, in.Reason
		}
		if err := update(ctx, tx, p, was); err != nil {
			return err
		}
		if in.Action == Comment || (in.Action == Adopt && in.Comment != "") {
			if err := addEvaluation(ctx, tx, a, p.ID, in, now); err != nil {
				return err
			}
		}
		out = p
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "proposal." + string(in.Action), Entity: "proposal", EntityID: p.ID,
			Before: was.auditView(), After: p.auditView()})
	})
	if err != nil {
		return Proposal{}, err
	}
	return s.Get(ctx, a, out.ID)
}

// addEvaluation stores the actor's comment, with scores when given.
func addEvaluation(ctx context.Context, q db.Querier, a access.Actor, id int64, in ActInput, now time.Time) error {
	var feas, val any
	if in.Feasibility > 0 {
		feas, val = in.Feasibility, in.Value
	}
	_, err := q.ExecContext(ctx, `INSERT INTO proposal_evaluations (proposal_id, author_id, unit_id, feasibility, value, comment, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, nullID(a.UserID), nullID(a.UnitID), feas, val, in.Comment, db.Micros(now))
	return errs.Wrap(err, "proposal evaluation insert")
}

// Adopted reports whether the proposal in the actor's scope is adopted,
// for package rule, which makes rules of adopted proposals only.
func (s *Service) Adopted(ctx context.Context, q db.Querier, a access.Actor, id int64) (Proposal, error) {
	p, _, err := getInScope(ctx, q, a, id)
	if err != nil {
		return p, err
	}
	if p.State != Adopted {
		return p, errs.New(errs.Conflict, "err.proposal_not_adopted")
	}
	return p, nil
}
