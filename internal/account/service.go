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

// dummyHash makes a login for an unknown user cost as much as one for a
// known user, so timing does not reveal which usernames exist.
var dummyHash, _ = DefaultHasher.Hash("not a real password at all")

// Login checks a password and opens a session. Every attempt is audited;
// failures count towards the account's lockout and the address's limit.
func (s *Service) Login(ctx context.Context, who access.Actor, username, password, kind string) (token string, sess Session, u User, err error) {
	now := s.Now()
	if who.IP != "" && s.Policy.IPFailures > 0 {
		n, err := s.Audit.CountSince(ctx, who.IP, "login", audit.Failure, now.Add(-s.Policy.IPWindow))
		if err != nil {
			return "", sess, u, err
		}
		if n >= s.Policy.IPFailures {
			who.Username = username
			_ = s.Audit.Write(ctx, who, audit.Entry{Action: "login", Entity: "user", Result: "rate_limited"})
			// The count is over a sliding window, so the window is the
			// longest the address may have to wait.
			return "", sess, u, &errs.Error{Code: errs.RateLimited, Message: "err.login_rate_limited", RetryAfter: s.Policy.IPWindow}
		}
	}
	var loginErr error
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		found, err := GetByUsername(ctx, tx, normaliseUsername(username))
		who.Username = username
		if errs.CodeOf(err) == errs.NotFound {
			Verify(password, dummyHash)
			loginErr = errs.New(errs.Unauthenticated, "err.login_failed")
			return s.Audit.Append(ctx, tx, who, audit.Entry{Action: "login", Entity: "user", Result: audit.Failure})
		}
		if err != nil {
			return err
		}
		who.UserID, who.Username, who.Role = found.ID, found.Username, found.Role
		entry := audit.Entry{Action: "login", Entity: "user", EntityID: found.ID, Result: audit.Failure}
		switch {
		case found.Locked(now):
			Verify(password, dummyHash)
			loginErr = errs.New(errs.Unauthenticated, "err.login_locked", found.LockedUntil)
			entry.Result = "locked"
			return s.Audit.Append(ctx, tx, who, entry)
		case !Verify(password, found.passwordHash):
			found.FailedLogins++
			if found.FailedLogins >= s.Policy.MaxFailures {
				found.LockedUntil = now.Add(s.Policy.LockFor)
				found.FailedLogins = 0
				entry.After = map[string]any{"locked_until": found.LockedUntil}
			}
			found.UpdatedAt = now
			if err := updateUser(ctx, tx, found); err != nil {
				return err
			}
			loginErr = errs.New(errs.Unauthenticated, "err.login_failed")
			return s.Audit.Append(ctx, tx, who, entry)
		case !found.Active:
			loginErr = errs.New(errs.Unauthenticated, "err.login_failed")
			entry.Result = "inactive"
			return s.Audit.Append(ctx, tx, who, entry)
		}
		found.FailedLogins, found.LockedUntil, found.UpdatedAt = 0, time.Time{}, now
		if err := updateUser(ctx, tx, found); err != nil {
			return err
		}
		var id string
		token, id, err = newToken()
		if err != nil {
			return err
		}
		sess = Session{ID: id, UserID: found.ID, Kind: kind, CreatedAt: now, LastSeenAt: now,
			ExpiresAt: now.Add(s.Policy.AbsoluteTimeout), IP: who.IP, UserAgent: ""}
		if err := insertSession(ctx, tx, sess); err != nil {
			return err
		}
		u = found
		entry.Result = audit.OK
		entry.After = map[string]any{"session_kind": kind}
		return s.Audit.Append(ctx, tx, who, entry)
	})
	if err != nil {
		return "", sess, u, err
	}
	if loginErr != nil {
		return "", sess, u, loginErr
	}
	return token, sess, u, nil
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
// current one, and ends their other sessions.
func (s *Service) ChangePassword(ctx context.Context, a access.Actor, current, next string) error {
	f := errs.Fields{}
	if msg := CheckPassword(next, a.Username); msg != "" {
		f.Add("new_password", msg)
	}
	if current == next {
		f.Add("new_password", "err.password_same")
	}
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if !Verify(current, u.passwordHash) {
			// A wrong current password counts like a failed login and is
			// audited: a stolen session must not be a free guessing oracle.
			u.FailedLogins++
			if u.FailedLogins >= s.Policy.MaxFailures {
				u.LockedUntil, u.FailedLogins = s.Now().Add(s.Policy.LockFor), 0
			}
			u.UpdatedAt = s.Now()
			if err := updateUser(ctx, tx, u); err != nil {
				return err
			}
			f.Add("current_password", "err.password_wrong")
			refused = f.Err()
			return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.password", Entity: "user", EntityID: u.ID, Result: audit.Failure})
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
