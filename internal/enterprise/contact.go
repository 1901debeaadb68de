package enterprise

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// Contact is a person to call at an enterprise. The phone is stored in
// full, because the specialist must be able to ring it, and shown masked
// everywhere else.
type Contact struct {
	ID           int64
	EnterpriseID int64
	Name         string
	Position     string
	Phone        string // the full number; never serialised
	IsPrimary    bool
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// MaskedPhone is the phone as pages, answers, exports and logs show it.
func (c Contact) MaskedPhone() string { return pii.MaskMobile(c.Phone) }

// MarshalJSON writes the phone masked, so that no answer, export or audit
// record can leak a number by serialising a contact. A view that must show
// the full number (revealing one is audited) reads Phone explicitly.
func (c Contact) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		ID           int64     `json:"id"`
		EnterpriseID int64     `json:"enterprise_id"`
		Name         string    `json:"name"`
		Position     string    `json:"position"`
		Phone        string    `json:"phone"`
		IsPrimary    bool      `json:"is_primary"`
		CreatedAt    time.Time `json:"created_at"`
		UpdatedAt    time.Time `json:"updated_at"`
	}{c.ID, c.EnterpriseID, c.Name, c.Position, c.MaskedPhone(), c.IsPrimary, c.CreatedAt, c.UpdatedAt})
}

// ContactInput is what may be set on a contact; nil leaves a field as it
// is on update. Adding requires a name.
type ContactInput struct {
	Name      *string `json:"name"`
	Position  *string `json:"position"`
	Phone     *string `json:"phone"`
	IsPrimary *bool   `json:"is_primary"`
}

// Limits of contacts.
const (
	MaxContactName     = 40
	MaxContactPosition = 40
	// MaxContacts per enterprise keeps the list one screen long.
	MaxContacts = 50
)

func (in *ContactInput) validate(adding bool) error {
	f := errs.Fields{}
	if in.Name != nil {
		s := strings.TrimSpace(*in.Name)
		in.Name = &s
	}
	if in.Position != nil {
		s := strings.TrimSpace(*in.Position)
		in.Position = &s
	}
	if in.Phone != nil {
		s := strings.TrimSpace(*in.Phone)
		if n, ok := pii.NormalizeMobile(s); ok {
			s = n
		}
		in.Phone = &s
	}
	if adding && in.Name == nil {
		f.Add("name", "err.required")
	}
	if in.Name != nil {
		if *in.Name == "" {
			f.Add("name", "err.required")
		} else if utf8.RuneCountInString(*in.Name) > MaxContactName {
			f.Add("name", "err.too_long")
		}
	}
	if in.Position != nil && utf8.RuneCountInString(*in.Position) > MaxContactPosition {
		f.Add("position", "err.too_long")
	}
	// An empty phone is allowed: some contacts are reached by the
	// enterprise's switchboard. Anything else must be a mobile number.
	if in.Phone != nil && *in.Phone != "" && !pii.ValidMobile(*in.Phone) {
		f.Add("phone", "err.mobile")
	}
	return f.Err()
}

func (in ContactInput) apply(c *Contact) {
	if in.Name != nil {
		c.Name = *in.Name
	}
	if in.Position != nil {
		c.Position = *in.Position
	}
	if in.Phone != nil {
		c.Phone = *in.Phone
	}
	if in.IsPrimary != nil {
		c.IsPrimary = *in.IsPrimary
	}
}

const contactColumns = "id, enterprise_id, name, position, phone, is_primary, created_at, updated_at"

func scanContact(row interface{ Scan(...any) error }) (Contact, error) {
	var c Contact
	var created, updated int64
	err := row.Scan(&c.ID, &c.EnterpriseID, &c.Name, &c.Position, &c.Phone, &c.IsPrimary, &created, &updated)
	c.CreatedAt, c.UpdatedAt = db.Time(created), db.Time(updated)
	return c, err
}

// Contacts lists the contacts of an enterprise in scope, the primary one
// first.
func (s *Service) Contacts(ctx context.Context, a access.Actor, enterpriseID int64) ([]Contact, error) {
	if _, err := getInScope(ctx, s.DB.R, a, enterpriseID); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+contactColumns+` FROM enterprise_contacts WHERE enterprise_id = $1
		ORDER BY is_primary DESC, id LIMIT $2`, enterpriseID, MaxContacts)
	if err != nil {
		return nil, errs.Wrap(err, "contacts")
	}
	defer rows.Close()
	out := []Contact{}
	for rows.Next() {
		c, err := scanContact(rows)
		if err != nil {
			return nil, errs.Wrap(err, "contacts scan")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "contacts rows")
}

// contactForUpdate locks the contact's enterprise and reads the contact,
// provided the actor may edit the enterprise's contacts.
func contactForUpdate(ctx context.Context, tx *sql.Tx, a access.Actor, id int64) (Contact, error) {
	var enterpriseID int64
	err := tx.QueryRowContext(ctx, "SELECT enterprise_id FROM enterprise_contacts WHERE id = $1", id).Scan(&enterpriseID)
	if errors.Is(err, sql.ErrNoRows) {
		return Contact{}, errs.E(errs.NotFound)
	}
	if err != nil {
		return Contact{}, errs.Wrap(err, "contact get")
	}
	if _, err := getForUpdate(ctx, tx, a, enterpriseID); err != nil {
		return Contact{}, err
	}
	c, err := scanContact(tx.QueryRowContext(ctx, "SELECT "+contactColumns+" FROM enterprise_contacts WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.E(errs.NotFound)
	}
	return c, errs.Wrap(err, "contact get")
}

// clearPrimary keeps at most one primary contact: the one just made
// primary wins over the others.
func clearPrimary(ctx context.Context, tx *sql.Tx, enterpriseID, keep int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE enterprise_contacts SET is_primary = FALSE, updated_at = $1
		WHERE enterprise_id = $2 AND id <> $3 AND is_primary = TRUE`, db.Micros(at), enterpriseID, keep)
	return errs.Wrap(err, "contact primary")
}

// AddContact adds a contact to an enterprise in scope.
func (s *Service) AddContact(ctx context.Context, a access.Actor, enterpriseID int64, in ContactInput) (Contact, error) {
	if !canEditContacts(a) {
		return Contact{}, errs.E(errs.NotFound)
	}
	verr := in.validate(true)
	var c Contact
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getForUpdate(ctx, tx, a, enterpriseID); err != nil {
			return err
		}
		if verr != nil {
			return verr
		}
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM enterprise_contacts WHERE enterprise_id = $1", enterpriseID).Scan(&n); err != nil {
			return errs.Wrap(err, "contacts count")
		}
		if n >= MaxContacts {
			return errs.New(errs.Conflict, "err.contact_too_many", MaxContacts)
		}
		c = Contact{EnterpriseID: enterpriseID, CreatedAt: s.now()}
		c.UpdatedAt = c.CreatedAt
		in.apply(&c)
		if err := tx.QueryRowContext(ctx, `INSERT INTO enterprise_contacts (enterprise_id, name, position, phone, is_primary,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			c.EnterpriseID, c.Name, c.Position, c.Phone, c.IsPrimary, db.Micros(c.CreatedAt)).Scan(&c.ID); err != nil {
			return errs.Wrap(err, "contact insert")
		}
		if c.IsPrimary {
			if err := clearPrimary(ctx, tx, enterpriseID, c.ID, c.CreatedAt); err != nil {
				return err
			}
		}
		// The contact marshals with its phone masked.
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.contact.add", Entity: "enterprise_contact",
			EntityID: c.ID, After: c})
	})
	return c, err
}

// UpdateContact changes a contact of an enterprise in scope.
func (s *Service) UpdateContact(ctx context.Context, a access.Actor, id int64, in ContactInput) (Contact, error) {
	if !canEditContacts(a) {
		return Contact{}, errs.E(errs.NotFound)
	}
	verr := in.validate(false)
	var c Contact
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := contactForUpdate(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if verr != nil {
			return verr
		}
		c = before
		in.apply(&c)
		c.UpdatedAt = s.now()
		if _, err := tx.ExecContext(ctx, `UPDATE enterprise_contacts SET name = $1, position = $2, phone = $3, is_primary = $4,
			updated_at = $5 WHERE id = $6`, c.Name, c.Position, c.Phone, c.IsPrimary, db.Micros(c.UpdatedAt), c.ID); err != nil {
			return errs.Wrap(err, "contact update")
		}
		if c.IsPrimary {
			if err := clearPrimary(ctx, tx, c.EnterpriseID, c.ID, c.UpdatedAt); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.contact.update", Entity: "enterprise_contact",
			EntityID: c.ID, Before: before, After: c})
	})
	return c, err
}

// RemoveContact deletes a contact of an enterprise in scope. The audit
// record keeps what it was, phone masked.
func (s *Service) RemoveContact(ctx context.Context, a access.Actor, id int64) error {
	if !canEditContacts(a) {
		return errs.E(errs.NotFound)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := contactForUpdate(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM enterprise_contacts WHERE id = $1", id); err != nil {
			return errs.Wrap(err, "contact delete")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.contact.remove", Entity: "enterprise_contact",
			EntityID: id, Before: before})
	})
}
