package enterprise

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// RevealContactPhone returns a contact's phone in full, for calling it,
// after recording why (audit.Log.Reveal). The inventory lets those who keep
// the contacts see it — the specialist of the enterprise, leaders and the
// office — and only for an enterprise in their scope; to anyone else, and
// for a contact without a phone, it is not found.
func (s *Service) RevealContactPhone(ctx context.Context, a access.Actor, enterpriseID, contactID int64, reason, note string) (string, error) {
	if !canEditContacts(a) {
		return "", errs.E(errs.NotFound)
	}
	var phone string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getInScope(ctx, tx, a, enterpriseID); err != nil {
			return err
		}
		c, err := scanContact(tx.QueryRowContext(ctx, "SELECT "+contactColumns+
			" FROM enterprise_contacts WHERE id = $1 AND enterprise_id = $2", contactID, enterpriseID))
		if errors.Is(err, sql.ErrNoRows) || err == nil && c.Phone == "" {
			return errs.E(errs.NotFound)
		}
		if err != nil {
			return errs.Wrap(err, "contact get")
		}
		if err := s.Audit.Reveal(ctx, tx, a, audit.Reveal{Entity: "enterprise_contact", EntityID: c.ID, Field: "phone",
			Reason: reason, Note: note}); err != nil {
			return err
		}
		phone = c.Phone
		return nil
	})
	return phone, err
}
