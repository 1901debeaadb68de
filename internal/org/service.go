package org

import (
	"context"
	"database/sql"
	"sort"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Service is the use cases on the organisation tree.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
}

// Filter selects units.
type Filter struct {
	ParentID int64
	Kind     Kind
	Query    string
	Active   *bool
	Page     db.Page
}

// List returns units in the actor's scope.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Unit], error) {
	out := db.List[Unit]{Items: []Unit{}, Page: f.Page.Number, PageSize: f.Page.Size}
	if !a.Can(access.ReadUnits) {
		return out, errs.E(errs.NotFound)
	}
	var w db.Where
	w.And("path LIKE ?", a.ScopePattern())
	w.And("kind <> 'root'")
	if f.ParentID > 0 {
		w.And("parent_id = ?", f.ParentID)
	}
	if f.Kind != "" {
		w.And("kind = ?", f.Kind)
	}
	if f.Query != "" {
		p := db.LikePattern(f.Query)
		w.And("(name "+s.DB.ILike()+" ? ESCAPE '\\' OR code "+s.DB.ILike()+" ? ESCAPE '\\')", p, p)
	}
	if f.Active != nil {
		w.And("active = ?", *f.Active)
	}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*) FROM units"+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "units count")
	}
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+unitColumns+" FROM units"+w.SQL()+
		" ORDER BY parent_id, sort_order, id"+f.Page.LimitOffset(&w), w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "units list")
	}
	defer rows.Close()
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return out, errs.Wrap(err, "units scan")
		}
		out.Items = append(out.Items, u)
	}
	return out, errs.Wrap(rows.Err(), "units rows")
}

// MaxTree caps the units loaded for a tree view; a whole district is a few
// thousand units at most.
const MaxTree = 10000

// Tree returns every unit in scope in tree order (each parent before its
// children, siblings by sort order).
func (s *Service) Tree(ctx context.Context, a access.Actor) ([]Unit, error) {
	if !a.Can(access.ReadUnits) && !a.Can(access.ManageUsers) && !a.Can(access.AssignRoles) {
		return nil, errs.E(errs.NotFound)
	}
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+unitColumns+" FROM units WHERE path LIKE $1 LIMIT $2", a.ScopePattern(), MaxTree)
	if err != nil {
		return nil, errs.Wrap(err, "units tree")
	}
	defer rows.Close()
	var all []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		all = append(all, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return treeOrder(all), nil
}

// treeOrder sorts units depth-first. Units whose parent is not in the set
// are roots of the view (the actor's own unit).
func treeOrder(all []Unit) []Unit {
	byID := map[int64]bool{}
	children := map[int64][]Unit{}
	for _, u := range all {
		byID[u.ID] = true
	}
	var roots []Unit
	for _, u := range all {
		if byID[u.ParentID] {
			children[u.ParentID] = append(children[u.ParentID], u)
		} else {
			roots = append(roots, u)
		}
	}
	less := func(list []Unit) {
		sort.Slice(list, func(i, j int) bool {
			if list[i].SortOrder != list[j].SortOrder {
				return list[i].SortOrder < list[j].SortOrder
			}
			return list[i].ID < list[j].ID
		})
	}
	out := make([]Unit, 0, len(all))
	var walk func([]Unit)
	walk = func(list []Unit) {
		less(list)
		for _, u := range list {
			out = append(out, u)
			walk(children[u.ID])
		}
	}
	walk(roots)
	return out
}

// Get returns one unit in the actor's scope; any other is not found.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Unit, error) {
	if !a.Can(access.ReadUnits) {
		return Unit{}, errs.E(errs.NotFound)
	}
	return GetInScope(ctx, s.DB.R, id, a.ScopePattern())
}

// Create adds a unit under a parent in the actor's scope.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Unit, error) {
	if !a.Can(access.ManageUnits) {
		return Unit{}, errs.E(errs.NotFound)
	}
	if err := in.validate(true); err != nil {
		return Unit{}, err
	}
	var u Unit
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		parent, err := GetInScope(ctx, tx, *in.ParentID, a.ScopePattern())
		if err != nil {
			return errs.InvalidField("parent_id", "err.unit_unknown")
		}
		if path, err := ActivePath(ctx, tx, parent.ID); err != nil || path == "" {
			return errs.InvalidField("parent_id", "err.unit_inactive")
		}
		if !CanStandUnder(*in.Kind, parent.Kind) {
			return errs.InvalidField("kind", "err.unit_parent_kind")
		}
		u = Unit{Kind: *in.Kind, Name: *in.Name, Code: *in.Code, Active: true, CreatedAt: s.Now()}
		if in.SortOrder != nil {
			u.SortOrder = *in.SortOrder
		}
		if in.Active != nil {
			u.Active = *in.Active
		}
		u, err = Insert(ctx, tx, u, parent)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "unit.create", Entity: "unit", EntityID: u.ID, After: u})
	})
	return u, err
}

// Update changes the name, code, order or active flag of a unit in scope.
// Units are never deleted: one with children or records is deactivated.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Unit, error) {
	if !a.Can(access.ManageUnits) {
		return Unit{}, errs.E(errs.NotFound)
	}
	if err := in.validate(false); err != nil {
		return Unit{}, err
	}
	var u Unit
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := GetInScope(ctx, tx, id, a.ScopePattern())
		if err != nil {
			return err
		}
		// The root stands for the installation: only its name may change.
		if before.Kind == Root && in.Code != nil && *in.Code != before.Code {
			return errs.InvalidField("code", "err.unit_root")
		}
		if before.Kind == Root && in.Active != nil && !*in.Active {
			return errs.InvalidField("active", "err.unit_root")
		}
		if before.ID == a.UnitID && in.Active != nil && !*in.Active {
			return errs.InvalidField("active", "err.unit_own_scope")
		}
		u = before
		if in.Name != nil {
			u.Name = *in.Name
		}
		if in.Code != nil {
			u.Code = *in.Code
		}
		if in.SortOrder != nil {
			u.SortOrder = *in.SortOrder
		}
		if in.Active != nil {
			u.Active = *in.Active
		}
		u.UpdatedAt = s.Now()
		if err := Update(ctx, tx, u); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "unit.update", Entity: "unit", EntityID: u.ID, Before: before, After: u})
	})
	return u, err
}

// CountByKind counts the active units in scope by kind, in one aggregate.
func (s *Service) CountByKind(ctx context.Context, a access.Actor) (map[Kind]int, error) {
	out := map[Kind]int{}
	if !a.Can(access.ReadUnits) {
		return out, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, "SELECT kind, count(*) FROM units WHERE path LIKE $1 AND active = TRUE GROUP BY kind", a.ScopePattern())
	if err != nil {
		return out, errs.Wrap(err, "units by kind")
	}
	defer rows.Close()
	for rows.Next() {
		var k Kind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return out, err
		}
		out[k] = n
	}
	return out, rows.Err()
}
