package account

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

const userColumns = `u.id, u.username, u.display_name, u.phone, u.role, COALESCE(u.unit_id, 0), COALESCE(n.name, ''),
	u.active, u.failed_logins, u.locked_until, u.password_changed_at, u.created_at, u.updated_at, u.password_hash,
	COALESCE(u.enterprise_id, 0), u.officer_role`

const userFrom = " FROM users u LEFT JOIN units n ON n.id = u.unit_id"

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var locked, changed *int64
	var created, updated int64
	err := row.Scan(&u.ID, &u.Username, &u.DisplayName, &u.Phone, &u.Role, &u.UnitID, &u.UnitName,
		&u.Active, &u.FailedLogins, &locked, &changed, &created, &updated, &u.passwordHash, &u.EnterpriseID, &u.officerRole)
	u.LockedUntil, u.PasswordChangedAt = db.NullTime(locked), db.NullTime(changed)
	u.CreatedAt, u.UpdatedAt = db.Time(created), db.Time(updated)
	return u, err
}

func getUser(ctx context.Context, q db.Querier, where string, arg any) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+userFrom+" WHERE "+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.NotFound)
	}
	return u, errs.Wrap(err, "user get")
}

// GetByID reads a user without scope, for callers that apply it.
func GetByID(ctx context.Context, q db.Querier, id int64) (User, error) {
	return getUser(ctx, q, "u.id = $1", id)
}

// GetByUsername reads a user by username without scope.
func GetByUsername(ctx context.Context, q db.Querier, username string) (User, error) {
	return getUser(ctx, q, "u.username = $1", username)
}

func insertUser(ctx context.Context, q db.Querier, u User) (User, error) {
	if u.Role.Officer() {
		u.officerRole = u.Role
	}
	err := q.QueryRowContext(ctx, `INSERT INTO users (username, display_name, phone, role, unit_id, password_hash, active,
		password_changed_at, created_at, updated_at, enterprise_id, officer_role) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $8, $9, $10) RETURNING id`,
		u.Username, u.DisplayName, u.Phone, u.Role, nullID(u.UnitID), u.passwordHash, u.Active, db.Micros(u.CreatedAt),
		nullID(u.EnterpriseID), u.officerRole).Scan(&u.ID)
	if db.IsUniqueViolation(err) {
		return u, errs.InvalidField("username", "err.username_taken")
	}
	u.UpdatedAt, u.PasswordChangedAt = u.CreatedAt, u.CreatedAt
	return u, errs.Wrap(err, "user insert")
}

func updateUser(ctx context.Context, q db.Querier, u User) error {
	if u.Role.Officer() && u.officerRole == "" {
		u.officerRole = u.Role
	}
	_, err := q.ExecContext(ctx, `UPDATE users SET display_name = $1, phone = $2, role = $3, unit_id = $4, active = $5,
		password_hash = $6, password_changed_at = $7, failed_logins = $8, locked_until = $9, updated_at = $10,
		enterprise_id = $11, officer_role = $12 WHERE id = $13`,
		u.DisplayName, u.Phone, u.Role, nullID(u.UnitID), u.Active, u.passwordHash, db.NullMicros(u.PasswordChangedAt),
		u.FailedLogins, db.NullMicros(u.LockedUntil), db.Micros(u.UpdatedAt), nullID(u.EnterpriseID), u.officerRole, u.ID)
	return errs.Wrap(err, "user update")
}

// CountUsers counts all accounts, for first-start bootstrap and demo checks.
func CountUsers(ctx context.Context, q db.Querier) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM users").Scan(&n)
	return n, errs.Wrap(err, "user count")
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id > 0 {
		return id
	}
	return nil
}
