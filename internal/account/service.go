package account

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Service is the use cases on accounts and sessions.
type Service struct {
	DB     *db.DB
	Audit  *audit.Log
	Now    func() time.Time
	Policy Policy
	Hasher Hasher
}

// Authenticate turns a session token into the actor behind it, ending the
// session when it has expired. The scope is read afresh on every request,
// so a user whose unit changed or was deactivated sees the new scope at once.
func (s *Service) Authenticate(ctx context.Context, token, kind string) (access.Actor, User, error) {
	now := s.Now()
	none := errs.E(errs.Unauthenticated)
	if token == "" || len(token) > 100 {
		return access.Actor{}, User{}, none
	}
	sess, err := getSession(ctx, s.DB.R, tokenID(token))
	if err != nil {
		return access.Actor{}, User{}, err
	}
	if sess.Kind != kind {
		return access.Actor{}, User{}, none
	}
	if !now.Before(sess.ExpiresAt) || !now.Before(sess.LastSeenAt.Add(s.Policy.IdleTimeout)) {
		_ = deleteSession(ctx, s.DB.W, sess.ID)
		return access.Actor{}, User{}, errs.New(errs.Unauthenticated, "err.session_expired")
	}
	u, err := GetByID(ctx, s.DB.R, sess.UserID)
	if err != nil {
		return access.Actor{}, User{}, err
	}
	if !u.Active {
		return access.Actor{}, User{}, none
	}
	a, err := ActorFor(ctx, s.DB.R, u)
	if err != nil {
		return access.Actor{}, User{}, err
	}
	a.SessionID = sess.ID
	if now.Sub(sess.LastSeenAt) >= touchEvery {
		if _, err := s.DB.W.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE id = $2", db.Micros(now), sess.ID); err != nil {
			return access.Actor{}, User{}, errs.Wrap(err, "session touch")
		}
	}
	return a, u, nil
}

// ActorFor is u acting, with the scope its unit gives now: the one place
// where an account becomes an actor, for sessions and for tests alike.
func ActorFor(ctx context.Context, q db.Querier, u User) (access.Actor, error) {
	path, err := org.ActivePath(ctx, q, u.UnitID)
	if err != nil {
		return access.Actor{}, err
	}
	return access.Actor{UserID: u.ID, Username: u.Username, Name: u.DisplayName, Role: u.Role, UnitID: u.UnitID,
		ScopePath: path, EnterpriseID: u.EnterpriseID}, nil
}

// Logout ends the actor's session on the server.
func (s *Service) Logout(ctx context.Context, a access.Actor) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := deleteSession(ctx, tx, a.SessionID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "logout", Entity: "user", EntityID: a.UserID})
	})
}

// ChangePassword replaces the actor's own password after checking the
// current one (and a code, with two-factor login on), and ends their
// other sessions.
func (s *Service) ChangePassword(ctx context.Context, a access.Actor, p Proof, next string) error {
	f := errs.Fields{}
	if msg := CheckPassword(next, a.Username); msg != "" {
		f.Add("new_password", msg)
	}
	if p.Password == next {
		f.Add("new_password", "err.password_same")
	}
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if refused, err = s.reauthenticate(ctx, tx, a, &u, p, "user.password"); refused != nil || err != nil {
			if refused != nil {
				refused = mergeFields(refused, f)
			}
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		if u.passwordHash, err = s.Hasher.Hash(next); err != nil {
			return err
		}
		u.PasswordChangedAt, u.UpdatedAt = s.Now(), s.Now()
		if err := updateUser(ctx, tx, u); err != nil {
			return err
		}
		if _, err := deleteUserSessions(ctx, tx, u.ID, a.SessionID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.password", Entity: "user", EntityID: u.ID})
	})
	if err != nil {
		return err
	}
	return refused
}

// Bootstrap creates the first sysadmin, "admin", on an empty database.
// The password comes from the caller (the environment) or is generated and
// returned so that it can be shown once; there is no default password.
func (s *Service) Bootstrap(ctx context.Context, password string) (created bool, generated string, err error) {
	n, err := CountUsers(ctx, s.DB.R)
	if err != nil || n > 0 {
		return false, "", err
	}
	if password == "" {
		b := make([]byte, 15)
		if _, err := rand.Read(b); err != nil {
			return false, "", err
		}
		password = base64.RawURLEncoding.EncodeToString(b)
		generated = password
	}
	if msg := CheckPassword(password, "admin"); msg != "" {
		return false, "", errs.InvalidField("PINGHU_ADMIN_PASSWORD", msg)
	}
	root, err := org.FindByCode(ctx, s.DB.R, "root")
	if err != nil {
		return false, "", err
	}
	_, err = s.CreateAs(ctx, access.System("bootstrap"), Input{Username: ptr("admin"), DisplayName: ptr("系统管理员"),
		Role: ptr(access.Sysadmin), UnitID: &root.ID, Password: &password})
	if errs.CodeOf(err) == errs.Invalid {
		// Another process created it first.
		return false, "", nil
	}
	return err == nil, generated, err
}

// CreateAs creates an account on behalf of the system (command line,
// bootstrap, demo): any role, any unit, still validated and audited.
func (s *Service) CreateAs(ctx context.Context, a access.Actor, in Input) (User, error) {
	f := errs.Fields{}
	in.validate(true, f)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	var u User
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if in.UnitID != nil {
			if _, err := org.Get(ctx, tx, *in.UnitID); err != nil {
				return errs.InvalidField("unit_id", "err.unit_unknown")
			}
		}
		if in.EnterpriseID != nil && *in.EnterpriseID != 0 {
			root := access.Actor{UnitID: 1, ScopePath: org.RootPath}
			checkEnterprise(ctx, tx, root, *in.Role, in.EnterpriseID, f)
			if err := f.Err(); err != nil {
				return err
			}
		}
		var err error
		u, err = s.insert(ctx, tx, a, in)
		return err
	})
	return u, err
}

func (s *Service) insert(ctx context.Context, tx *sql.Tx, a access.Actor, in Input) (User, error) {
	u := User{Username: *in.Username, DisplayName: *in.DisplayName, Role: *in.Role, Active: true, CreatedAt: s.Now()}
	if in.Phone != nil {
		u.Phone = *in.Phone
	}
	if in.UnitID != nil {
		u.UnitID = *in.UnitID
	}
	if in.Active != nil {
		u.Active = *in.Active
	}
	if in.EnterpriseID != nil {
		u.EnterpriseID = *in.EnterpriseID
	}
	var err error
	if u.passwordHash, err = s.Hasher.Hash(*in.Password); err != nil {
		return u, err
	}
	if u, err = insertUser(ctx, tx, u); err != nil {
		return u, err
	}
	// Read it back for the joined unit name.
	if u, err = GetByID(ctx, tx, u.ID); err != nil {
		return u, err
	}
	return u, s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.create", Entity: "user", EntityID: u.ID, After: u.auditView()})
}

func normaliseUsername(s string) string {
	in := Input{Username: &s}
	in.normalise()
	return *in.Username
}

func ptr[T any](v T) *T { return &v }

// CreateInTx creates an account inside a caller's transaction, for bulk
// loads (the demo) that must be all or nothing. The caller checks units.
func (s *Service) CreateInTx(ctx context.Context, tx *sql.Tx, a access.Actor, in Input) (User, error) {
	f := errs.Fields{}
	in.validate(true, f)
	if err := f.Err(); err != nil {
		return User{}, err
	}
	return s.insert(ctx, tx, a, in)
}

// SetPasswordAs replaces a password on behalf of the system (the command
// line's "user passwd"), audited; every session of the user ends.
func (s *Service) SetPasswordAs(ctx context.Context, a access.Actor, username, password string) error {
	username = normaliseUsername(username)
	if msg := CheckPassword(password, username); msg != "" {
		return errs.InvalidField("password", msg)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByUsername(ctx, tx, username)
		if err != nil {
			return err
		}
		if u.passwordHash, err = s.Hasher.Hash(password); err != nil {
			return err
		}
		u.PasswordChangedAt, u.UpdatedAt, u.FailedLogins, u.LockedUntil = s.Now(), s.Now(), 0, time.Time{}
		if err := updateUser(ctx, tx, u); err != nil {
			return err
		}
		if _, err := deleteUserSessions(ctx, tx, u.ID, ""); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.password", Entity: "user", EntityID: u.ID})
	})
}
