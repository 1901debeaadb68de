package enterprise

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// enterpriseFrom is the FROM clause every enterprise query starts with:
// ScopeSQL needs e and c; the assignment's names are joined for display.
const enterpriseFrom = ` FROM enterprises e
	JOIN units c ON c.id = e.community_id
	LEFT JOIN users l ON l.id = e.leader_id
	LEFT JOIN units dp ON dp.id = e.department_id
	LEFT JOIN users sp ON sp.id = e.specialist_id`

// scopeFrom is the smallest FROM clause ScopeSQL works on, for counts and
// existence checks.
const scopeFrom = " FROM enterprises e JOIN units c ON c.id = e.community_id"

const enterpriseColumns = `e.id, e.name, e.credit_code, e.community_id, c.name, e.address, e.industry,
	e.above_scale, e.top100, e.status,
	COALESCE(e.leader_id, 0), COALESCE(l.display_name, ''),
	COALESCE(e.department_id, 0), COALESCE(dp.name, ''),
	COALESCE(e.specialist_id, 0), COALESCE(sp.display_name, ''),
	e.created_at, e.updated_at`

func scanEnterprise(row interface{ Scan(...any) error }) (Enterprise, error) {
	var e Enterprise
	var created, updated int64
	err := row.Scan(&e.ID, &e.Name, &e.CreditCode, &e.CommunityID, &e.CommunityName, &e.Address, &e.Industry,
		&e.AboveScale, &e.Top100, &e.Status,
		&e.LeaderID, &e.LeaderName, &e.DepartmentID, &e.DepartmentName, &e.SpecialistID, &e.SpecialistName,
		&created, &updated)
	e.CreatedAt, e.UpdatedAt = db.Time(created), db.Time(updated)
	return e, err
}

// getInScope reads one enterprise the actor may see; any other, existing
// or not, is not found.
func getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Enterprise, error) {
	var w db.Where
	w.And("e.id = ?", id)
	ScopeSQL(&w, a)
	e, err := scanEnterprise(q.QueryRowContext(ctx, "SELECT "+enterpriseColumns+enterpriseFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errs.E(errs.NotFound)
	}
	return e, errs.Wrap(err, "enterprise get")
}

// getByID reads one enterprise without scope, for reading back a row the
// actor was already authorised to change.
func getByID(ctx context.Context, q db.Querier, id int64) (Enterprise, error) {
	e, err := scanEnterprise(q.QueryRowContext(ctx, "SELECT "+enterpriseColumns+enterpriseFrom+" WHERE e.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return e, errs.E(errs.NotFound)
	}
	return e, errs.Wrap(err, "enterprise get")
}

// lockEnterprise takes the enterprise's row lock for the rest of the
// transaction with a write that changes nothing. It is the common subset's
// SELECT … FOR UPDATE: PostgreSQL blocks a second writer of the row until
// commit, so read-modify-write of the row, its contacts' primary flag or
// its assignment cannot interleave; SQLite's one writer already serialises.
func lockEnterprise(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := tx.ExecContext(ctx, "UPDATE enterprises SET updated_at = updated_at WHERE id = $1", id)
	return errs.Wrap(err, "enterprise lock")
}

// getForUpdate locks and reads one enterprise in scope.
func getForUpdate(ctx context.Context, tx *sql.Tx, a access.Actor, id int64) (Enterprise, error) {
	if err := lockEnterprise(ctx, tx, id); err != nil {
		return Enterprise{}, err
	}
	return getInScope(ctx, tx, a, id)
}

// creditCodeTaken is the uniqueness error, whether found by the check
// before writing or by the database's constraint (a concurrent insert).
func creditCodeTaken() error {
	return errs.InvalidField("credit_code", "err.enterprise_credit_code_taken")
}

func insertEnterprise(ctx context.Context, q db.Querier, e Enterprise) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO enterprises (name, credit_code, community_id, address, industry,
		above_scale, top100, status, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		e.Name, e.CreditCode, e.CommunityID, e.Address, e.Industry, e.AboveScale, e.Top100, e.Status,
		db.Micros(e.CreatedAt)).Scan(&id)
	if db.IsUniqueViolation(err) {
		return 0, creditCodeTaken()
	}
	return id, errs.Wrap(err, "enterprise insert")
}

func updateEnterprise(ctx context.Context, q db.Querier, e Enterprise) error {
	_, err := q.ExecContext(ctx, `UPDATE enterprises SET name = $1, credit_code = $2, community_id = $3, address = $4,
		industry = $5, above_scale = $6, top100 = $7, status = $8, updated_at = $9 WHERE id = $10`,
		e.Name, e.CreditCode, e.CommunityID, e.Address, e.Industry, e.AboveScale, e.Top100, e.Status,
		db.Micros(e.UpdatedAt), e.ID)
	if db.IsUniqueViolation(err) {
		return creditCodeTaken()
	}
	return errs.Wrap(err, "enterprise update")
}

// codeTakenByOther reports whether another enterprise has the code. The
// check is over every enterprise, not the actor's scope: the code is
// unique nationally, and the answer names no enterprise.
func codeTakenByOther(ctx context.Context, q db.Querier, code string, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM enterprises WHERE credit_code = $1 AND id <> $2", code, id).Scan(&n)
	return n > 0, errs.Wrap(err, "credit code check")
}

// communityInScope reports whether id is an active community the actor's
// unit covers: an enterprise is registered only where the actor works.
func communityInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM units WHERE id = $1 AND kind = 'community' AND active = TRUE
		AND path LIKE $2`, id, a.ScopePattern()).Scan(&n)
	return n > 0, errs.Wrap(err, "community check")
}

// nullID stores 0 as NULL for optional references.
func nullID(id int64) any {
	if id > 0 {
		return id
	}
	return nil
}
