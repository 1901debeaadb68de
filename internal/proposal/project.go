package proposal

import (
	"context"
	"database/sql"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// LinkProjectTx records, inside the caller's transaction, that the adopted
// proposal id became the project projectID: the project module calls it
// when it creates a project from a proposal, so the project and the link
// are written all or nothing. Only the leaders and the office link, and
// only an adopted proposal in their scope; a proposal already linked to
// another project is a conflict.
func (s *Service) LinkProjectTx(ctx context.Context, tx *sql.Tx, a access.Actor, id, projectID int64) error {
	if projectID <= 0 {
		return errs.InvalidField("project_id", "err.required")
	}
	p, err := s.Adopted(ctx, tx, a, id)
	if err != nil {
		return err
	}
	if !manages(a) {
		return errs.E(errs.NotFound)
	}
	if p.ProjectID != 0 && p.ProjectID != projectID {
		return errs.New(errs.Conflict, "err.proposal_project_linked")
	}
	before := p.auditView()
	p.ProjectID, p.UpdatedAt = projectID, s.now()
	if _, err := tx.ExecContext(ctx, "UPDATE proposals SET project_id = $1, updated_at = $2 WHERE id = $3",
		projectID, db.Micros(p.UpdatedAt), id); err != nil {
		return errs.Wrap(err, "proposal project")
	}
	return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "proposal.link_project", Entity: "proposal", EntityID: id,
		Before: before, After: p.auditView()})
}

// AsProjectField names proposal_id in an error of LinkProjectTx, for a
// form or body that makes a project from a proposal: a proposal not
// adopted, out of scope or already another project's is a bad field
// there, not a missing page.
func AsProjectField(err error) error {
	switch errs.CodeOf(err) {
	case errs.NotFound:
		return errs.InvalidField("proposal_id", "err.project_proposal")
	case errs.Conflict:
		return errs.InvalidField("proposal_id", "err.proposal_project_linked")
	}
	return err
}
