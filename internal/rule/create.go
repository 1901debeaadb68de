package rule

import (
	"context"
	"database/sql"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Limits, in characters.
const (
	MaxNumber  = 50
	MaxTitle   = 100
	MaxBody    = 100_000
	MaxComment = 500
)

// Input is a new rule, a draft with its first version.
type Input struct {
	Number      string  `json:"number"`
	Title       string  `json:"title"`
	UnitID      int64   `json:"unit_id"`
	EffectiveOn string  `json:"effective_on"` // YYYY-MM-DD, optional for a draft
	Body        string  `json:"body"`
	ProposalIDs []int64 `json:"proposal_ids"` // adopted proposals it comes from
	ProjectID   int64   `json:"project_id"`   // the project it comes from; 0: none
}

// checkDate accepts "" or a calendar date.
func checkDate(f errs.Fields, field, s string) {
	if s == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		f.Add(field, "err.bad_date")
	}
}

func (in *Input) validate() errs.Fields {
	f := errs.Fields{}
	in.Number, in.Title, in.EffectiveOn = strings.TrimSpace(in.Number), strings.TrimSpace(in.Title), strings.TrimSpace(in.EffectiveOn)
	in.Body = strings.TrimSpace(in.Body)
	for _, c := range []struct {
		field, v string
		max      int
	}{{"number", in.Number, MaxNumber}, {"title", in.Title, MaxTitle}, {"body", in.Body, MaxBody}} {
		if c.v == "" {
			f.Add(c.field, "err.required")
		} else if utf8.RuneCountInString(c.v) > c.max {
			f.Add(c.field, "err.too_long")
		}
	}
	if in.UnitID <= 0 {
		f.Add("unit_id", "err.required")
	}
	if in.ProjectID < 0 {
		f.Add("project_id", "err.invalid")
	}
	checkDate(f, "effective_on", in.EffectiveOn)
	return f
}

// Create stores a draft rule with its first version, linked to the
// adopted proposals it comes from. The owning unit must be one the actor
// writes rules for; each proposal must be adopted and in the actor's
// scope. A number the unit already uses is refused.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Rule, error) {
	if !drafts(a) {
		return Rule{}, errs.E(errs.NotFound)
	}
	f := in.validate()
	var out Rule
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var unitName, path string
		if _, bad := f["unit_id"]; !bad {
			err := tx.QueryRowContext(ctx, "SELECT name, path FROM units WHERE id = $1 AND active = TRUE", in.UnitID).Scan(&unitName, &path)
			if err != nil || !writes(a, path) {
				f.Add("unit_id", "err.unit_unknown")
			}
		}
		if in.ProjectID > 0 {
			var err error = errs.E(errs.NotFound)
			if s.ProjectVisible != nil {
				err = s.ProjectVisible(ctx, a, in.ProjectID)
			}
			if errs.CodeOf(err) == errs.Internal {
				return err
			} else if err != nil {
				f.Add("project_id", "err.rule_project")
			}
		}
		for _, pid := range in.ProposalIDs {
			if _, err := s.Proposals.Adopted(ctx, tx, a, pid); err != nil {
				if errs.CodeOf(err) == errs.Internal {
					return err
				}
				f.Add("proposal_ids", "err.rule_proposal")
			}
		}
		if _, bad := f["number"]; !bad && in.UnitID > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM rules WHERE unit_id = $1 AND number = $2", in.UnitID, in.Number).Scan(&n); err != nil {
				return errs.Wrap(err, "rule number")
			}
			if n > 0 {
				f.Add("number", "err.rule_number_taken")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.now()
		r := Rule{Number: in.Number, Title: in.Title, UnitID: in.UnitID, UnitName: unitName, EffectiveOn: in.EffectiveOn,
			Status: Draft, ProjectID: in.ProjectID, Version: 1, Body: in.Body, CreatedAt: now, UpdatedAt: now}
		err := tx.QueryRowContext(ctx, `INSERT INTO rules (number, title, unit_id, effective_on, status, project_id, created_by,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
			r.Number, r.Title, r.UnitID, nullText(r.EffectiveOn), string(r.Status), nullID(r.ProjectID), nullID(a.UserID),
			db.Micros(now)).Scan(&r.ID)
		if db.IsUniqueViolation(err) {
			return errs.InvalidField("number", "err.rule_number_taken")
		}
		if err != nil {
			return errs.Wrap(err, "rule insert")
		}
		if err := insertVersion(ctx, tx, a, r.ID, 1, r.Body, "", db.Micros(now)); err != nil {
			return err
		}
		for _, pid := range uniq(in.ProposalIDs) {
			if _, err := tx.ExecContext(ctx, "INSERT INTO rule_proposals (rule_id, proposal_id) VALUES ($1, $2)", r.ID, pid); err != nil {
				return errs.Wrap(err, "rule proposal link")
			}
		}
		r.ProposalIDs = uniq(in.ProposalIDs)
		out = r
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "rule.create", Entity: "rule", EntityID: r.ID, After: r.auditView()})
	})
	if err != nil {
		return Rule{}, err
	}
	return out, nil
}

func uniq(ids []int64) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, id := range ids {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// FromProposal is the draft rule an adopted proposal pre-fills: its title
// and text, the unit it was assigned to (or the actor's own), and the
// link back to it. The caller shows it as a form; Create stores it.
func (s *Service) FromProposal(ctx context.Context, a access.Actor, proposalID int64) (Input, error) {
	p, err := s.Proposals.Adopted(ctx, s.DB.R, a, proposalID)
	if err != nil {
		return Input{}, err
	}
	unit := p.UnitID
	if unit == 0 {
		unit = a.UnitID
	}
	return Input{Title: p.Title, Body: p.Body, UnitID: unit, ProposalIDs: []int64{p.ID}}, nil
}
