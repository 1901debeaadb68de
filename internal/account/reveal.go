package account

import (
	"context"
	"database/sql"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// RevealPhone returns an account's phone in full after recording why
// (audit.Log.Reveal). The inventory lets the system administrator, who
// keeps the accounts, see it for an account in their scope; to anyone
// else, and for an account without a phone, it is not found.
func (s *Service) RevealPhone(ctx context.Context, a access.Actor, id int64, reason, note string) (string, error) {
	if !a.Can(access.ManageUsers) {
		return "", errs.E(errs.NotFound)
	}
	var phone string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if u.Phone == "" {
			return errs.E(errs.NotFound)
		}
		if err := s.Audit.Reveal(ctx, tx, a, audit.Reveal{Entity: "user", EntityID: u.ID, Field: "phone",
			Reason: reason, Note: note}); err != nil {
			return err
		}
		phone = u.Phone
		return nil
	})
	return phone, err
}
