package account

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// twoFactorRolesKey is the setting listing, comma-separated, the business
// roles the security administrator has made need two-factor login.
const twoFactorRolesKey = "security.two_factor_roles"

// TwoFactorAlways reports whether role r needs two-factor login whatever
// the policy says: the three officers (MLPS 2.0 level 3 asks two factors
// of administrators).
func TwoFactorAlways(r access.Role) bool { return r.Officer() }

// TwoFactorRoles returns every role that needs two-factor login now: the
// officers and the roles the policy adds.
func (s *Service) TwoFactorRoles(ctx context.Context) ([]access.Role, error) {
	return twoFactorRoles(ctx, s.DB.R)
}

func twoFactorRoles(ctx context.Context, q db.Querier) ([]access.Role, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", twoFactorRolesKey).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, errs.Wrap(err, "two-factor roles")
	}
	var out []access.Role
	for _, r := range access.Roles {
		if TwoFactorAlways(r) || slices.Contains(strings.Split(v, ","), string(r)) {
			out = append(out, r)
		}
	}
	return out, nil
}

func twoFactorRequired(ctx context.Context, q db.Querier, r access.Role) (bool, error) {
	roles, err := twoFactorRoles(ctx, q)
	return slices.Contains(roles, r), err
}

// SetTwoFactorRoles makes the given business roles need two-factor login
// (the officers always do, whatever is asked). Audited with the roles
// before and after.
func (s *Service) SetTwoFactorRoles(ctx context.Context, a access.Actor, roles []access.Role) error {
	if !a.Can(access.ManageSecurity) {
		return errs.E(errs.NotFound)
	}
	var chosen []string
	for _, r := range roles {
		if !r.Valid() {
			return errs.InvalidField("roles", "err.role")
		}
		if !TwoFactorAlways(r) && !slices.Contains(chosen, string(r)) {
			chosen = append(chosen, string(r))
		}
	}
	slices.Sort(chosen)
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := twoFactorRoles(ctx, tx)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = $1", twoFactorRolesKey); err != nil {
			return errs.Wrap(err, "two-factor roles")
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2)", twoFactorRolesKey,
			strings.Join(chosen, ",")); err != nil {
			return errs.Wrap(err, "two-factor roles")
		}
		after, err := twoFactorRoles(ctx, tx)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "security.two_factor_roles", Entity: "setting",
			EntityID: twoFactorRolesKey, Before: map[string]any{"roles": before}, After: map[string]any{"roles": after}})
	})
}
