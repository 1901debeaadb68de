package proposal

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

const proposalColumns = `p.id, p.receipt, p.source, p.title, p.body, p.community_id, c.name, COALESCE(p.origin_unit_id, 0),
	COALESCE(p.unit_id, 0), COALESCE(u.name, ''), COALESCE(u.path, ''), COALESCE(p.submitted_by, 0), COALESCE(s.display_name, ''),
	p.resident_name, p.resident_mobile, p.state, p.decline_reason, COALESCE(p.project_id, 0),
	p.submitted_at, p.decided_at, p.updated_at`

// scanProposal reads proposalColumns, masking the resident's details on
// the way out, and returns the assigned unit's path beside it.
func scanProposal(row interface{ Scan(...any) error }, extra ...any) (Proposal, string, error) {
	var p Proposal
	var unitPath string
	var submitted, updated int64
	var decided *int64
	err := row.Scan(append([]any{&p.ID, &p.Receipt, &p.Source, &p.Title, &p.Body, &p.CommunityID, &p.CommunityName,
		&p.OriginUnitID, &p.UnitID, &p.UnitName, &unitPath, &p.SubmittedBy, &p.SubmitterName,
		&p.ResidentName, &p.ResidentMobile, &p.State, &p.DeclineReason, &p.ProjectID,
		&submitted, &decided, &updated}, extra...)...)
	p.SubmittedAt, p.UpdatedAt, p.DecidedAt = db.Time(submitted), db.Time(updated), db.NullTime(decided)
	p.ResidentName, p.ResidentMobile = MaskName(p.ResidentName), pii.MaskMobile(p.ResidentMobile)
	return p, unitPath, err
}

// MaskName keeps the first character of a person's name and hides the
// rest (张** for 张小明), the way Chinese forms show a name.
func MaskName(name string) string {
	n := utf8.RuneCountInString(name)
	if n == 0 {
		return ""
	}
	r, _ := utf8.DecodeRuneInString(name)
	if n == 1 {
		return "*"
	}
	return string(r) + strings.Repeat("*", n-1)
}

// getInScope reads one proposal the actor may see; any other is not
// found, whether it exists or not.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Proposal, string, error) {
	var w db.Where
	w.And("p.id = ?", id)
	scope(&w, a)
	p, path, err := scanProposal(q.QueryRowContext(ctx, "SELECT "+proposalColumns+proposalFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return p, "", errs.E(errs.NotFound)
	}
	return p, path, errs.Wrap(err, "proposal get")
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// insert stores a new proposal and sets its id.
func insert(ctx context.Context, q db.Querier, p *Proposal, name, mobile string) error {
	err := q.QueryRowContext(ctx, `INSERT INTO proposals (receipt, source, title, body, community_id, origin_unit_id, unit_id,
		submitted_by, resident_name, resident_mobile, state, submitted_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		string(p.Receipt), string(p.Source), p.Title, p.Body, p.CommunityID, nullID(p.OriginUnitID), nullID(p.UnitID),
		nullID(p.SubmittedBy), name, mobile, string(p.State), db.Micros(p.SubmittedAt)).Scan(&p.ID)
	return errs.Wrap(err, "proposal insert")
}

// update writes what actions change, only if the proposal is still at the
// version it was read in: of two decisions at once the second is refused.
func update(ctx context.Context, q db.Querier, p, was Proposal) error {
	res, err := q.ExecContext(ctx, `UPDATE proposals SET unit_id = $1, state = $2, decline_reason = $3, decided_at = $4,
		updated_at = $5 WHERE id = $6 AND state = $7 AND updated_at = $8`,
		nullID(p.UnitID), string(p.State), p.DeclineReason, db.NullMicros(p.DecidedAt), db.Micros(p.UpdatedAt),
		p.ID, string(was.State), db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "proposal update")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "err.proposal_changed")
	}
	return nil
}

// evaluations reads a proposal's comments, oldest first.
func evaluations(ctx context.Context, q db.Querier, id int64) ([]Evaluation, error) {
	rows, err := q.QueryContext(ctx, `SELECT v.id, COALESCE(v.author_id, 0), COALESCE(a.display_name, ''), COALESCE(v.unit_id, 0),
		COALESCE(n.name, ''), COALESCE(v.feasibility, 0), COALESCE(v.value, 0), v.comment, v.at
		FROM proposal_evaluations v LEFT JOIN users a ON a.id = v.author_id LEFT JOIN units n ON n.id = v.unit_id
		WHERE v.proposal_id = $1 ORDER BY v.at, v.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "proposal evaluations")
	}
	defer rows.Close()
	var out []Evaluation
	for rows.Next() {
		var e Evaluation
		var at int64
		if err := rows.Scan(&e.ID, &e.AuthorID, &e.AuthorName, &e.UnitID, &e.UnitName, &e.Feasibility, &e.Value, &e.Comment, &at); err != nil {
			return nil, errs.Wrap(err, "proposal evaluation scan")
		}
		e.At = db.Time(at)
		out = append(out, e)
	}
	return out, errs.Wrap(rows.Err(), "proposal evaluations")
}

// ruleIDs reads the rules a proposal became.
func ruleIDs(ctx context.Context, q db.Querier, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT rule_id FROM rule_proposals WHERE proposal_id = $1 ORDER BY rule_id", id)
	if err != nil {
		return nil, errs.Wrap(err, "proposal rules")
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var r int64
		if err := rows.Scan(&r); err != nil {
			return nil, errs.Wrap(err, "proposal rules")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "proposal rules")
}
