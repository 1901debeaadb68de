package org

import (
	"context"
	"database/sql"
	"errors"
	"strconv"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

const unitColumns = "id, COALESCE(parent_id, 0), kind, name, code, sort_order, active, path, created_at, updated_at"

func scanUnit(row interface{ Scan(...any) error }) (Unit, error) {
	var u Unit
	var created, updated int64
	err := row.Scan(&u.ID, &u.ParentID, &u.Kind, &u.Name, &u.Code, &u.SortOrder, &u.Active, &u.Path, &created, &updated)
	u.CreatedAt, u.UpdatedAt = db.Time(created), db.Time(updated)
	return u, err
}

// Get reads one unit by id, without scope: for callers that apply scope.
func Get(ctx context.Context, q db.Querier, id int64) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, "SELECT "+unitColumns+" FROM units WHERE id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.NotFound)
	}
	return u, errs.Wrap(err, "unit get")
}

// GetInScope reads one unit only when its path lies under pattern.
func GetInScope(ctx context.Context, q db.Querier, id int64, pattern string) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, "SELECT "+unitColumns+" FROM units WHERE id = $1 AND path LIKE $2", id, pattern))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.NotFound)
	}
	return u, errs.Wrap(err, "unit get")
}

// FindByCode reads one unit by its code.
func FindByCode(ctx context.Context, q db.Querier, code string) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, "SELECT "+unitColumns+" FROM units WHERE code = $1", code))
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.E(errs.NotFound)
	}
	return u, errs.Wrap(err, "unit by code")
}

// Resolve finds a unit by id or, failing that, by its exact name; a name
// shared by several units is refused as ambiguous.
func Resolve(ctx context.Context, q db.Querier, idOrName string) (Unit, error) {
	if id, err := strconv.ParseInt(idOrName, 10, 64); err == nil {
		if u, err := Get(ctx, q, id); err == nil {
			return u, nil
		}
	}
	rows, err := q.QueryContext(ctx, "SELECT "+unitColumns+" FROM units WHERE name = $1 LIMIT 2", idOrName)
	if err != nil {
		return Unit{}, errs.Wrap(err, "unit by name")
	}
	defer rows.Close()
	var found []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return Unit{}, err
		}
		found = append(found, u)
	}
	switch len(found) {
	case 0:
		return Unit{}, errs.E(errs.NotFound)
	case 1:
		return found[0], nil
	default:
		return Unit{}, errs.New(errs.Conflict, "err.unit_ambiguous", idOrName)
	}
}

// ActivePath returns the path of an active unit whose ancestors are all
// active too, or "" for a zero, unknown or inactive one (or one under an
// inactive unit): such a scope sees nothing.
func ActivePath(ctx context.Context, q db.Querier, id int64) (string, error) {
	if id <= 0 {
		return "", nil
	}
	var path string
	err := q.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND active = TRUE", id).Scan(&path)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", errs.Wrap(err, "unit path")
	}
	var w db.Where
	w.And("active = FALSE")
	var ids []string
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return "", nil
		}
		ids = append(ids, w.Next(n))
	}
	var inactive int
	// The ancestors are named by the path itself, so this is a handful of
	// primary-key lookups, not a scan.
	err = q.QueryRowContext(ctx, "SELECT count(*) FROM units"+w.SQL()+" AND id IN ("+strings.Join(ids, ", ")+")", w.Args...).Scan(&inactive)
	if err != nil || inactive > 0 {
		return "", errs.Wrap(err, "unit ancestors")
	}
	return path, nil
}

// Insert creates a unit under parent and sets its path.
func Insert(ctx context.Context, q db.Querier, u Unit, parent Unit) (Unit, error) {
	created := db.Micros(u.CreatedAt)
	err := q.QueryRowContext(ctx, `INSERT INTO units (parent_id, kind, name, code, sort_order, active, path, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, '', $7, $7) RETURNING id`,
		parent.ID, u.Kind, u.Name, u.Code, u.SortOrder, u.Active, created).Scan(&u.ID)
	if db.IsUniqueViolation(err) {
		return u, errs.InvalidField("code", "err.unit_code_taken")
	}
	if err != nil {
		return u, errs.Wrap(err, "unit insert")
	}
	u.ParentID = parent.ID
	u.Path = parent.Path + strconv.FormatInt(u.ID, 10) + "/"
	u.UpdatedAt = u.CreatedAt
	_, err = q.ExecContext(ctx, "UPDATE units SET path = $1 WHERE id = $2", u.Path, u.ID)
	return u, errs.Wrap(err, "unit path")
}

// Update writes the editable fields of u.
func Update(ctx context.Context, q db.Querier, u Unit) error {
	_, err := q.ExecContext(ctx, "UPDATE units SET name = $1, code = $2, sort_order = $3, active = $4, updated_at = $5 WHERE id = $6",
		u.Name, u.Code, u.SortOrder, u.Active, db.Micros(u.UpdatedAt), u.ID)
	if db.IsUniqueViolation(err) {
		return errs.InvalidField("code", "err.unit_code_taken")
	}
	return errs.Wrap(err, "unit update")
}
