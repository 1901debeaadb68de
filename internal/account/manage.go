package account

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Filter selects accounts.
type Filter struct {
	Query  string
	Role   access.Role
	UnitID int64
	Active *bool
	Page   db.Page
}

// scopeWhere limits accounts to those whose unit lies in the actor's
// scope. Accounts with no unit are visible only from the root, where
// somebody must be able to give them one.
func scopeWhere(w *db.Where, a access.Actor) {
	if !a.HasScope() {
		w.And("1 = 0")
		return
	}
	if a.ScopePath == org.RootPath {
		return
	}
	w.And("n.path LIKE ?", a.ScopePattern())
}

// List returns accounts in scope. Officers see accounts; nobody else does.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[User], error) {
	out := db.List[User]{Items: []User{}, Page: f.Page.Number, PageSize: f.Page.Size}
	if !a.Can(access.ReadUsers) {
		return out, errs.E(errs.NotFound)
	}
	var w db.Where
	scopeWhere(&w, a)
	if f.Query != "" {
		p := db.LikePattern(f.Query)
		w.And("(u.username "+s.DB.ILike()+" ? ESCAPE '\\' OR u.display_name "+s.DB.ILike()+" ? ESCAPE '\\')", p, p)
	}
	if f.Role != "" {
		w.And("u.role = ?", f.Role)
	}
	if f.UnitID > 0 {
		w.And("u.unit_id = ?", f.UnitID)
	}
	if f.Active != nil {
		w.And("u.active = ?", *f.Active)
	}
	sel := db.Select{Columns: userColumns, From: userFrom, Where: w, Order: "u.username"}
	return db.SelectPage(ctx, s.DB.R, "users", sel, f.Page, scanUser)
}

// Get returns one account in scope.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (User, error) {
	if !a.Can(access.ReadUsers) {
		return User{}, errs.E(errs.NotFound)
	}
	return s.getInScope(ctx, s.DB.R, a, id)
}

func (s *Service) getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (User, error) {
	var w db.Where
	w.And("u.id = ?", id)
	scopeWhere(&w, a)
	u, err := scanUser(q.QueryRowContext(ctx, "SELECT "+userColumns+userFrom+w.SQL(), w.Args...))
	if err == sql.ErrNoRows {
		return u, errs.E(errs.NotFound)
	}
	return u, errs.Wrap(err, "user get")
}

// checkUnit refuses a unit outside the actor's scope or inactive.
func checkUnit(ctx context.Context, q db.Querier, a access.Actor, id int64, f errs.Fields) {
	u, err := org.GetInScope(ctx, q, id, a.ScopePattern())
	if err != nil {
		f.Add("unit_id", "err.unit_unknown")
	} else if !u.Active {
		f.Add("unit_id", "err.unit_inactive")
	}
}

// Create opens an account with a business role, in the sysadmin's scope.
// Officer accounts are made with the command line or by the secadmin's
// change of role, so the sysadmin cannot make an auditor of their own.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (User, error) {
	if !a.Can(access.ManageUsers) {
		return User{}, errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	in.validate(true, f)
	if in.Role != nil && in.Role.Officer() {
		f.Add("role", "err.role_officer")
	}
	if in.UnitID == nil {
		f.Add("unit_id", "err.required")
	}
	var u User
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if in.UnitID != nil {
			checkUnit(ctx, tx, a, *in.UnitID, f)
		}
		if in.Role != nil {
			checkEnterprise(ctx, tx, a, *in.Role, in.EnterpriseID, f)
		}
		if err := f.Err(); err != nil {
			return err
		}
		var err error
		u, err = s.insert(ctx, tx, a, in)
		return err
	})
	return u, err
}

// checkEnterprise refuses an enterprise link on a role other than
// enterprise, and an enterprise that does not exist or lies outside the
// actor's scope; an enterprise account without a link sees nothing.
func checkEnterprise(ctx context.Context, q db.Querier, a access.Actor, role access.Role, id *int64, f errs.Fields) {
	if id == nil || *id == 0 {
		return
	}
	if role != access.Enterprise {
		f.Add("enterprise_id", "err.enterprise_link_role")
		return
	}
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM enterprises e JOIN units c ON c.id = e.community_id
		WHERE e.id = $1 AND c.path LIKE $2`, *id, a.ScopePattern()).Scan(&n)
	if err != nil || n == 0 {
		f.Add("enterprise_id", "err.enterprise_link_unknown")
	}
}

// Update changes an account in scope. The sysadmin edits profiles, the
// active flag and resets passwords; the secadmin changes roles and scope
// units. A field the actor may not set is refused, not ignored.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (User, error) {
	manage, assign := a.Can(access.ManageUsers), a.Can(access.AssignRoles)
	if !manage && !assign {
		return User{}, errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	in.validate(false, f)
	if !manage {
		for name, set := range map[string]bool{"display_name": in.DisplayName != nil, "phone": in.Phone != nil,
			"active": in.Active != nil, "password": in.Password != nil} {
			if set {
				f[name] = "err.field_not_permitted"
			}
		}
	}
	if !assign {
		for name, set := range map[string]bool{"role": in.Role != nil, "unit_id": in.UnitID != nil, "enterprise_id": in.EnterpriseID != nil} {
			if set {
				f[name] = "err.field_not_permitted"
			}
		}
	}
	var after User
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		// The sysadmin does not administer the other officers: that would
		// let one person act as two of the three.
		if manage && before.Role.Officer() && before.ID != a.UserID {
			return errs.E(errs.NotFound)
		}
		if in.Role != nil && *in.Role != before.Role {
			if before.ID == a.UserID {
				f.Add("role", "err.role_self")
			} else if in.Role.Officer() && before.officerRole != "" && before.officerRole != *in.Role {
				f.Add("role", "err.role_two_officers")
			}
		}
		if in.Active != nil && !*in.Active && before.ID == a.UserID {
			f.Add("active", "err.disable_self")
		}
		if in.UnitID != nil {
			checkUnit(ctx, tx, a, *in.UnitID, f)
		}
		role := before.Role
		if in.Role != nil {
			role = *in.Role
		}
		if in.EnterpriseID != nil {
			checkEnterprise(ctx, tx, a, role, in.EnterpriseID, f)
		} else if role != access.Enterprise && before.EnterpriseID != 0 {
			// Leaving the enterprise role drops the link.
			zero := int64(0)
			in.EnterpriseID = &zero
		}
		if err := f.Err(); err != nil {
			return err
		}
		after = before
		if in.EnterpriseID != nil {
			after.EnterpriseID = *in.EnterpriseID
		}
		if in.DisplayName != nil {
			after.DisplayName = *in.DisplayName
		}
		if in.Phone != nil {
			after.Phone = *in.Phone
		}
		if in.Active != nil {
			after.Active = *in.Active
		}
		if in.Role != nil {
			after.Role = *in.Role
		}
		if in.UnitID != nil {
			after.UnitID = *in.UnitID
		}
		if in.Password != nil {
			if msg := CheckPassword(*in.Password, after.Username); msg != "" {
				return errs.InvalidField("password", msg)
			}
			if after.passwordHash, err = s.Hasher.Hash(*in.Password); err != nil {
				return err
			}
			after.PasswordChangedAt = s.Now()
			after.FailedLogins, after.LockedUntil = 0, time.Time{}
		}
		after.UpdatedAt = s.Now()
		if err := updateUser(ctx, tx, after); err != nil {
			return err
		}
		// Disabling an account, resetting its password or changing its role
		// ends every session it has: the old rights must not linger.
		if !after.Active || in.Password != nil || after.Role != before.Role {
			if _, err := deleteUserSessions(ctx, tx, after.ID, ""); err != nil {
				return err
			}
		}
		u, err := GetByID(ctx, tx, after.ID)
		if err != nil {
			return err
		}
		after = u
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.update", Entity: "user", EntityID: after.ID,
			Before: before.auditView(), After: after.auditView()})
	})
	return after, err
}

// Unlock clears a lockout before it expires (sysadmin).
func (s *Service) Unlock(ctx context.Context, a access.Actor, id int64) error {
	if !a.Can(access.ManageUsers) {
		return errs.E(errs.NotFound)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		// As with Update: the sysadmin does not administer the other
		// officers, or lock-and-unlock would be unlimited guessing.
		if u.Role.Officer() && u.ID != a.UserID {
			return errs.E(errs.NotFound)
		}
		u.FailedLogins, u.LockedUntil, u.UpdatedAt = 0, time.Time{}, s.Now()
		if err := updateUser(ctx, tx, u); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.unlock", Entity: "user", EntityID: u.ID})
	})
}
