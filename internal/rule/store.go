package rule

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

const ruleColumns = `r.id, r.number, r.title, r.unit_id, u.name, u.path, COALESCE(r.effective_on, ''), r.status,
	COALESCE(r.project_id, 0), v.version, v.body, r.created_at, r.updated_at`

func scanRule(row interface{ Scan(...any) error }) (Rule, string, error) {
	var r Rule
	var path string
	var created, updated int64
	err := row.Scan(&r.ID, &r.Number, &r.Title, &r.UnitID, &r.UnitName, &path, &r.EffectiveOn, &r.Status,
		&r.ProjectID, &r.Version, &r.Body, &created, &updated)
	r.CreatedAt, r.UpdatedAt = db.Time(created), db.Time(updated)
	return r, path, err
}

// getInScope reads one rule the actor may read, with its owning unit's
// path; any other is not found.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Rule, string, error) {
	var w db.Where
	w.And("r.id = ?", id)
	scope(&w, a)
	r, path, err := scanRule(q.QueryRowContext(ctx, "SELECT "+ruleColumns+ruleFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return r, "", errs.E(errs.NotFound)
	}
	return r, path, errs.Wrap(err, "rule get")
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insertVersion(ctx context.Context, q db.Querier, a access.Actor, id int64, version int, body, comment string, at int64) error {
	_, err := q.ExecContext(ctx, `INSERT INTO rule_versions (rule_id, version, body, comment, author_id, at)
		VALUES ($1, $2, $3, $4, $5, $6)`, id, version, body, comment, nullID(a.UserID), at)
	if db.IsUniqueViolation(err) {
		return errs.New(errs.Conflict, "err.rule_changed")
	}
	return errs.Wrap(err, "rule version insert")
}

// versions reads a rule's versions, newest first, without their text.
func versions(ctx context.Context, q db.Querier, id int64) ([]Version, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.version, v.comment, COALESCE(a.display_name, ''), v.at
		FROM rule_versions v LEFT JOIN users a ON a.id = v.author_id WHERE v.rule_id = $1 ORDER BY v.version DESC`, id)
	if err != nil {
		return nil, errs.Wrap(err, "rule versions")
	}
	defer rows.Close()
	var out []Version
	for rows.Next() {
		var v Version
		var at int64
		if err := rows.Scan(&v.Version, &v.Comment, &v.AuthorName, &at); err != nil {
			return nil, errs.Wrap(err, "rule versions")
		}
		v.At = db.Time(at)
		out = append(out, v)
	}
	return out, errs.Wrap(rows.Err(), "rule versions")
}

func proposalIDs(ctx context.Context, q db.Querier, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT proposal_id FROM rule_proposals WHERE rule_id = $1 ORDER BY proposal_id", id)
	if err != nil {
		return nil, errs.Wrap(err, "rule proposals")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var p int64
		if err := rows.Scan(&p); err != nil {
			return nil, errs.Wrap(err, "rule proposals")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "rule proposals")
}
