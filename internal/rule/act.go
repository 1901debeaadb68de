package rule

import (
	"context"
	"database/sql"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Action changes a rule's status.
type Action string

const (
	Enact  Action = "enact"  // draft → in force, from its effective date
	Repeal Action = "repeal" // in force → repealed
)

// ActInput is a status change; an enactment needs an effective date,
// given here or already on the rule.
type ActInput struct {
	Action      Action `json:"action"`
	EffectiveOn string `json:"effective_on"`
}

// Act puts a rule in force or repeals it; the leaders and the office do,
// for rules of units in their scope.
func (s *Service) Act(ctx context.Context, a access.Actor, id int64, in ActInput) (Rule, error) {
	in.EffectiveOn = strings.TrimSpace(in.EffectiveOn)
	f := errs.Fields{}
	if in.Action != Enact && in.Action != Repeal {
		f.Add("action", "err.rule_action")
	}
	checkDate(f, "effective_on", in.EffectiveOn)
	var out Rule
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, path, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if !decides(a, path) {
			return errs.New(errs.Forbidden, "err.forbidden")
		}
		before := r.auditView()
		switch {
		case in.Action == Enact && r.Status == Draft:
			if in.EffectiveOn != "" {
				r.EffectiveOn = in.EffectiveOn
			}
			if r.EffectiveOn == "" {
				return errs.InvalidField("effective_on", "err.required")
			}
			r.Status = InForce
		case in.Action == Repeal && r.Status == InForce:
			r.Status = Repealed
		default:
			return errs.New(errs.Conflict, "err.rule_action_state")
		}
		r.UpdatedAt = s.now()
		res, err := tx.ExecContext(ctx, "UPDATE rules SET status = $1, effective_on = $2, updated_at = $3 WHERE id = $4 AND status = $5",
			string(r.Status), nullText(r.EffectiveOn), db.Micros(r.UpdatedAt), r.ID, string(before.Status))
		if err != nil {
			return errs.Wrap(err, "rule status")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.New(errs.Conflict, "err.rule_changed")
		}
		out = r
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "rule." + string(in.Action), Entity: "rule", EntityID: r.ID,
			Before: before, After: r.auditView()})
	})
	if err != nil {
		return Rule{}, err
	}
	return out, nil
}
