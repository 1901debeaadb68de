package enterprise

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Batch reads for ledgers (台账): a ledger lists hundreds or thousands of
// records a page at a time, and each page needs a little more of its
// enterprises than the list carries. One query per page, never one per
// row.

// idsChunk bounds the placeholders of one IN list.
const idsChunk = 500

// ByIDs returns the enterprises among ids that the actor may see, by id;
// the others are simply missing.
func (s *Service) ByIDs(ctx context.Context, a access.Actor, ids []int64) (map[int64]Enterprise, error) {
	out := make(map[int64]Enterprise, len(ids))
	for start := 0; start < len(ids); start += idsChunk {
		chunk := ids[start:min(start+idsChunk, len(ids))]
		var w db.Where
		w.And("e.id IN ("+placeholders(len(chunk))+")", int64sAsAny(chunk)...)
		ScopeSQL(&w, a)
		// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
		rows, err := s.DB.R.QueryContext(ctx, "SELECT "+enterpriseColumns+enterpriseFrom+w.SQL(), w.Args...)
		if err != nil {
			return nil, errs.Wrap(err, "enterprises by id")
		}
		for rows.Next() {
			e, err := scanEnterprise(rows)
			if err != nil {
				_ = rows.Close()
				return nil, errs.Wrap(err, "enterprises by id scan")
			}
			out[e.ID] = e
		}
		err = rows.Err()
		_ = rows.Close()
		if err != nil {
			return nil, errs.Wrap(err, "enterprises by id")
		}
	}
	return out, nil
}

// PrimaryContacts returns, for each enterprise among ids that the actor
// may see, its primary contact, or its first contact when none is marked
// primary. Enterprises without a contact are missing. The phone is in
// full, as in Contact: show it with MaskedPhone.
func (s *Service) PrimaryContacts(ctx context.Context, a access.Actor, ids []int64) (map[int64]Contact, error) {
	out := make(map[int64]Contact, len(ids))
	for start := 0; start < len(ids); start += idsChunk {
		chunk := ids[start:min(start+idsChunk, len(ids))]
		var w db.Where
		w.And("ct.enterprise_id IN ("+placeholders(len(chunk))+")", int64sAsAny(chunk)...)
		ScopeSQL(&w, a)
		// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
		rows, err := s.DB.R.QueryContext(ctx, `SELECT ct.id, ct.enterprise_id, ct.name, ct.position, ct.phone, ct.is_primary,
			ct.created_at, ct.updated_at FROM enterprise_contacts ct
			JOIN enterprises e ON e.id = ct.enterprise_id JOIN units c ON c.id = e.community_id`+w.SQL()+
			" ORDER BY ct.enterprise_id, ct.is_primary DESC, ct.id", w.Args...)
		if err != nil {
			return nil, errs.Wrap(err, "primary contacts")
		}
		for rows.Next() {
			c, err := scanContact(rows)
			if err != nil {
				_ = rows.Close()
				return nil, errs.Wrap(err, "primary contacts scan")
			}
			if _, done := out[c.EnterpriseID]; !done {
				out[c.EnterpriseID] = c
			}
		}
		err = rows.Err()
		_ = rows.Close()
		if err != nil {
			return nil, errs.Wrap(err, "primary contacts")
		}
	}
	return out, nil
}
