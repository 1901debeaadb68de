package rule

import (
	"context"
	"database/sql"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// VersionInput is an edit: the whole new text and why it changed.
type VersionInput struct {
	Body    string `json:"body"`
	Comment string `json:"comment"`
	// Version is the version the edit was made on; when given and no
	// longer the latest, the edit is refused rather than overwriting
	// what someone else saved in between.
	Version int `json:"version"`
}

// AddVersion stores a new whole text of a rule the actor writes. A
// repealed rule is not edited any more; a text equal to the latest one
// is no new version.
func (s *Service) AddVersion(ctx context.Context, a access.Actor, id int64, in VersionInput) (Rule, error) {
	in.Body, in.Comment = strings.TrimSpace(in.Body), strings.TrimSpace(in.Comment)
	f := errs.Fields{}
	if in.Body == "" {
		f.Add("body", "err.required")
	} else if utf8.RuneCountInString(in.Body) > MaxBody {
		f.Add("body", "err.too_long")
	}
	if utf8.RuneCountInString(in.Comment) > MaxComment {
		f.Add("comment", "err.too_long")
	}
	var out Rule
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		r, path, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !writes(a, path) {
			return errs.New(errs.Forbidden, "err.forbidden")
		}
		if r.Status == Repealed {
			return errs.New(errs.Conflict, "err.rule_repealed")
		}
		if in.Version > 0 && in.Version != r.Version {
			return errs.New(errs.Conflict, "err.rule_changed")
		}
		if in.Body == r.Body {
			f.Add("body", "err.rule_unchanged")
		}
		if err := f.Err(); err != nil {
			return err
		}
		before := r.auditView()
		now := s.now()
		r.Version++
		r.Body, r.UpdatedAt = in.Body, now
		if err := insertVersion(ctx, tx, a, r.ID, r.Version, r.Body, in.Comment, db.Micros(now)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE rules SET updated_at = $1 WHERE id = $2", db.Micros(now), r.ID); err != nil {
			return errs.Wrap(err, "rule touch")
		}
		out = r
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "rule.version", Entity: "rule", EntityID: r.ID, Before: before, After: r.auditView()})
	})
	if err != nil {
		return Rule{}, err
	}
	return out, nil
}
