package enterprise

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// Ref names an enterprise and nothing more: what an account officer needs
// to link an enterprise contact's account to the enterprise it speaks for.
type Ref struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	CreditCode    string `json:"credit_code"`
	CommunityName string `json:"community_name"`
}

// canLink: the officers who create accounts or set their scope link an
// enterprise account to its enterprise. They see no business data, so
// they find the enterprise by its credit code, which the contact brings,
// and learn only its name; the scope is their unit's, as when the account
// service checks the link.
func canLink(a access.Actor) bool {
	return (a.Can(access.ManageUsers) || a.Can(access.AssignRoles)) && a.HasScope()
}

// RefByCode finds the enterprise with a credit code in the officer's unit
// scope; anything else is not found.
func (s *Service) RefByCode(ctx context.Context, a access.Actor, code string) (Ref, error) {
	return s.ref(ctx, a, "e.credit_code = $2", pii.NormalizeCreditCode(code))
}

// RefByID names a linked enterprise for the officer's account form.
func (s *Service) RefByID(ctx context.Context, a access.Actor, id int64) (Ref, error) {
	return s.ref(ctx, a, "e.id = $2", id)
}

func (s *Service) ref(ctx context.Context, a access.Actor, cond string, arg any) (Ref, error) {
	var r Ref
	if !canLink(a) {
		return r, errs.E(errs.NotFound)
	}
	err := s.DB.R.QueryRowContext(ctx, "SELECT e.id, e.name, e.credit_code, c.name"+scopeFrom+
		" WHERE c.path LIKE $1 AND "+cond, a.ScopePattern(), arg).Scan(&r.ID, &r.Name, &r.CreditCode, &r.CommunityName)
	if errors.Is(err, sql.ErrNoRows) {
		return r, errs.E(errs.NotFound)
	}
	return r, errs.Wrap(err, "enterprise ref")
}
