package db

import (
	"context"
	"database/sql"
	"strings"
)

// This file is the one place where SQLite and PostgreSQL differ.

// lockKey is an arbitrary constant for PostgreSQL advisory locks.
const (
	lockMigrate    = 727274001
	lockAuditChain = 727274002
)

// LockAuditChain serialises appends to the audit hash chain for the rest of
// the transaction. SQLite has one writer, so every transaction is already
// serial; PostgreSQL needs an advisory lock so that two concurrent
// transactions never link to the same predecessor.
func (d *DB) LockAuditChain(ctx context.Context, tx *sql.Tx) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockAuditChain)
	return err
}

func (d *DB) lockMigrations(ctx context.Context, tx *sql.Tx) error {
	if d.Dialect != Postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", lockMigrate)
	return err
}

// IsUniqueViolation reports whether err is a unique-constraint failure.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	// SQLite: "constraint failed: UNIQUE constraint failed: …" (2067);
	// PostgreSQL: SQLSTATE 23505.
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// IsForeignKeyViolation reports whether err is a foreign-key failure.
func IsForeignKeyViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY constraint failed") || strings.Contains(s, "SQLSTATE 23503")
}

// LikePattern escapes s for use in LIKE … ESCAPE '\' and wraps it in %.
// Both dialects accept the explicit ESCAPE clause.
func LikePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(s) + "%"
}

// ILike returns the case-insensitive LIKE operator: SQLite's LIKE already
// ignores ASCII case; PostgreSQL needs ILIKE.
func (d *DB) ILike() string {
	if d.Dialect == Postgres {
		return "ILIKE"
	}
	return "LIKE"
}
