package appeal

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Every query of this package names the tables alike: p = appeals,
// e = enterprises (e.id = p.enterprise_id), c = units, the enterprise's
// community (c.id = e.community_id). The scope rules below are written
// against those aliases.

// appealScope limits appeals to those the actor may see:
//
//   - leader, office, community: appeals of enterprises whose community
//     lies in the actor's unit subtree;
//   - dept: appeals assigned to a department in the actor's unit subtree;
//   - specialist: appeals of the enterprises assigned to the actor;
//   - enterprise: the appeals of the actor's own enterprise;
//   - anyone else, and any actor without a usable scope: nothing.
func appealScope(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	switch a.Role {
	case access.Leader, access.Office, access.Community:
		w.And("c.path LIKE ?", a.ScopePattern())
	case access.Dept:
		w.And("p.department_id IN (SELECT id FROM units WHERE path LIKE ?)", a.ScopePattern())
	case access.Specialist:
		if a.UserID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("e.specialist_id = ?", a.UserID)
	case access.Enterprise:
		if a.EnterpriseID <= 0 {
			w.And("1 = 0")
			return
		}
		w.And("p.enterprise_id = ?", a.EnterpriseID)
	default:
		w.And("1 = 0")
	}
}

// enterpriseScope limits enterprises (e, c) for raising appeals and for
// the enterprise figures: the enterprise module's one rule.
func enterpriseScope(w *db.Where, a access.Actor) { enterprise.ScopeSQL(w, a) }

// scopeUnit is a unit that narrows a list or a figure inside the actor's
// scope: a department narrows by the appeals' department, any other unit
// (a sub-district, a community) by the enterprises' community.
type scopeUnit struct {
	kind org.Kind
	path string
}

// unitInScope reads a unit that lies in the actor's scope; any other is
// invalid for field.
func unitInScope(ctx context.Context, q db.Querier, a access.Actor, id int64, field string) (scopeUnit, error) {
	var u scopeUnit
	err := q.QueryRowContext(ctx, "SELECT kind, path FROM units WHERE id = $1 AND path LIKE $2", id, a.ScopePattern()).Scan(&u.kind, &u.path)
	if errors.Is(err, sql.ErrNoRows) {
		return u, errs.InvalidField(field, "err.unit_unknown")
	}
	return u, errs.Wrap(err, "appeal scope unit")
}

// narrowAppeals adds the unit's subtree as a condition on appeals.
func (u scopeUnit) narrowAppeals(w *db.Where) {
	if u.kind == org.Department {
		w.And("p.department_id IN (SELECT id FROM units WHERE path LIKE ?)", u.path+"%")
		return
	}
	w.And("c.path LIKE ?", u.path+"%")
}

// narrowEnterprises adds the unit's subtree as a condition on enterprises.
func (u scopeUnit) narrowEnterprises(w *db.Where) {
	if u.kind == org.Department {
		w.And("e.department_id IN (SELECT id FROM units WHERE path LIKE ?)", u.path+"%")
		return
	}
	w.And("c.path LIKE ?", u.path+"%")
}
