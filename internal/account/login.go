package account

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// PendingSession is the kind of a pending login: the password was right
// and a second factor is still due. It opens nothing, since Authenticate
// asks for a web or an API session; its token is good only for finishing
// its own login within PendingFor.
const PendingSession = "pending"

// PendingFor is how long a pending login waits for its second factor.
const PendingFor = 5 * time.Minute

// Credentials are what a login presents: the password and, for an account
// with two-factor login, a one-time code or a recovery code.
type Credentials struct {
	Username string
	Password string
	Code     string
}

// SignIn is the outcome of a login that did not fail.
type SignIn struct {
	Token   string
	Session Session
	User    User
	// Pending is set when the password was right but a second factor is
	// still due: Token is then a pending-login token, not a session.
	Pending bool
	// Enrol is set on a pending login whose account has no authenticator
	// yet while its role needs one: the login finishes by enrolling.
	Enrol bool
	// RecoveryCodes are the codes of an authenticator enrolled by this
	// login, to be shown once.
	RecoveryCodes []string
}

// dummyHash makes a login for an unknown user cost as much as one for a
// known user, so timing does not reveal which usernames exist.
var dummyHash, _ = DefaultHasher.Hash("not a real password at all")

// Login checks a password and, when the account has two-factor login or
// its role needs it, the code that came with it. A password alone never
// opens a session for such an account: a web login without a code becomes
// a pending login (finished by FinishLogin), and an API login without one
// is refused with errs.TOTPRequired, or errs.EnrolmentRequired when the
// account has no authenticator yet (enrolling happens on the web). Every
// attempt is audited; failures count towards the account's lockout and
// the address's limit.
func (s *Service) Login(ctx context.Context, who access.Actor, c Credentials, kind string) (SignIn, error) {
	now := s.Now()
	if err := s.checkAddress(ctx, who, c.Username, now); err != nil {
		return SignIn{}, err
	}
	var out SignIn
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		out, refused = SignIn{}, nil
		found, err := GetByUsername(ctx, tx, normaliseUsername(c.Username))
		who.Username = c.Username
		if errs.CodeOf(err) == errs.NotFound {
			Verify(c.Password, dummyHash)
			refused = errs.New(errs.Unauthenticated, "err.login_failed")
			return s.Audit.Append(ctx, tx, who, audit.Entry{Action: "login", Entity: "user", Result: audit.Failure})
		}
		if err != nil {
			return err
		}
		who.UserID, who.Username, who.Role = found.ID, found.Username, found.Role
		entry := audit.Entry{Action: "login", Entity: "user", EntityID: found.ID, Result: audit.Failure}
		switch {
		case found.Locked(now):
			Verify(c.Password, dummyHash)
			refused = errs.New(errs.Unauthenticated, "err.login_locked", found.LockedUntil)
			entry.Result = "locked"
			return s.Audit.Append(ctx, tx, who, entry)
		case !Verify(c.Password, found.passwordHash):
			if entry.After, err = s.countFailure(ctx, tx, &found, now); err != nil {
				return err
			}
			refused = errs.New(errs.Unauthenticated, "err.login_failed")
			return s.Audit.Append(ctx, tx, who, entry)
		case !found.Active:
			refused = errs.New(errs.Unauthenticated, "err.login_failed")
			entry.Result = "inactive"
			return s.Audit.Append(ctx, tx, who, entry)
		}
		x, err := getAuthenticator(ctx, tx, found.ID)
		if err != nil {
			return err
		}
		required, err := twoFactorRequired(ctx, tx, found.Role)
		if err != nil {
			return err
		}
		switch {
		case !x.Confirmed() && !required:
			return s.open(ctx, tx, who, found, kind, "", entry, &out)
		case c.Code == "" && kind == WebSession:
			return s.pend(ctx, tx, who, found, !x.Confirmed(), entry, &out)
		case !x.Confirmed():
			refused = errs.New(errs.EnrolmentRequired, "err.totp_enrol_on_web")
			entry.Result = "enrolment_required"
			return s.Audit.Append(ctx, tx, who, entry)
		case c.Code == "":
			refused = errs.New(errs.TOTPRequired, "err.totp_required")
			entry.Result = "second_factor"
			return s.Audit.Append(ctx, tx, who, entry)
		}
		factor, err := s.useSecondFactor(ctx, tx, x, c.Code, now)
		if err != nil {
			return err
		}
		if factor == "" {
			refused, err = s.wrongCode(ctx, tx, who, &found, entry, now)
			return err
		}
		return s.open(ctx, tx, who, found, kind, factor, entry, &out)
	})
	if err != nil {
		return SignIn{}, err
	}
	if refused != nil {
		return SignIn{}, refused
	}
	return out, nil
}

// checkAddress refuses an address with too many recent failed logins.
func (s *Service) checkAddress(ctx context.Context, who access.Actor, username string, now time.Time) error {
	if who.IP == "" || s.Policy.IPFailures <= 0 {
		return nil
	}
	n, err := s.Audit.CountSince(ctx, who.IP, "login", audit.Failure, now.Add(-s.Policy.IPWindow))
	if err != nil {
		return err
	}
	if n >= s.Policy.IPFailures {
		who.Username = username
		_ = s.Audit.Write(ctx, who, audit.Entry{Action: "login", Entity: "user", Result: "rate_limited"})
		// The count is over a sliding window, so the window is the
		// longest the address may have to wait.
		return &errs.Error{Code: errs.RateLimited, Message: "err.login_rate_limited", RetryAfter: s.Policy.IPWindow}
	}
	return nil
}

// countFailure counts a wrong password or code against u, locking the
// account after too many in a row, and writes it. It returns what the
// audit record should add: the end of a lockout it started.
func (s *Service) countFailure(ctx context.Context, tx *sql.Tx, u *User, now time.Time) (map[string]any, error) {
	var after map[string]any
	u.FailedLogins++
	if u.FailedLogins >= s.Policy.MaxFailures {
		u.LockedUntil, u.FailedLogins = now.Add(s.Policy.LockFor), 0
		after = map[string]any{"locked_until": u.LockedUntil}
	}
	u.UpdatedAt = now
	return after, updateUser(ctx, tx, *u)
}

// wrongCode counts and audits a wrong second factor at login.
func (s *Service) wrongCode(ctx context.Context, tx *sql.Tx, who access.Actor, u *User, entry audit.Entry, now time.Time) (error, error) {
	after, err := s.countFailure(ctx, tx, u, now)
	if err != nil {
		return nil, err
	}
	if after == nil {
		after = map[string]any{}
	}
	after["factor"] = "totp"
	entry.After = after
	return errs.New(errs.Unauthenticated, "err.totp_wrong"), s.Audit.Append(ctx, tx, who, entry)
}

// open starts a session of kind for u, clears its failure count, and
// audits the login with the second factor used ("" for none).
func (s *Service) open(ctx context.Context, tx *sql.Tx, who access.Actor, u User, kind, factor string, entry audit.Entry, out *SignIn) error {
	now := s.Now()
	u.FailedLogins, u.LockedUntil, u.UpdatedAt = 0, time.Time{}, now
	if err := updateUser(ctx, tx, u); err != nil {
		return err
	}
	token, id, err := newToken()
	if err != nil {
		return err
	}
	sess := Session{ID: id, UserID: u.ID, Kind: kind, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(s.Policy.AbsoluteTimeout), IP: who.IP}
	if err := insertSession(ctx, tx, sess); err != nil {
		return err
	}
	*out = SignIn{Token: token, Session: sess, User: u}
	entry.Result = audit.OK
	entry.After = map[string]any{"session_kind": kind}
	if factor != "" {
		entry.After = map[string]any{"session_kind": kind, "factor": factor}
	}
	return s.Audit.Append(ctx, tx, who, entry)
}

// pend starts a pending login for u. When u must enrol, a new secret is
// made here, in the POST of the password, so that showing it is a GET
// that changes nothing.
func (s *Service) pend(ctx context.Context, tx *sql.Tx, who access.Actor, u User, enrol bool, entry audit.Entry, out *SignIn) error {
	now := s.Now()
	if enrol {
		x, err := getAuthenticator(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if x.pending, err = newSecret(); err != nil {
			return err
		}
		x.CreatedAt = now
		if err := putAuthenticator(ctx, tx, x); err != nil {
			return err
		}
	}
	// Pending logins left unfinished would pile up: clear the user's
	// expired ones here, where new ones are made.
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND kind = $2 AND expires_at <= $3",
		u.ID, PendingSession, db.Micros(now)); err != nil {
		return errs.Wrap(err, "pending logins delete")
	}
	token, id, err := newToken()
	if err != nil {
		return err
	}
	sess := Session{ID: id, UserID: u.ID, Kind: PendingSession, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(PendingFor), IP: who.IP}
	if err := insertSession(ctx, tx, sess); err != nil {
		return err
	}
	*out = SignIn{Token: token, Session: sess, User: u, Pending: true, Enrol: enrol}
	entry.Result = "second_factor"
	entry.After = map[string]any{"enrol": enrol}
	return s.Audit.Append(ctx, tx, who, entry)
}

// Pending is a login waiting for its second factor.
type Pending struct {
	User      User
	Enrol     bool
	Enrolment Enrolment // the authenticator to set up, when Enrol
	ExpiresAt time.Time
}

// PendingLogin reads the pending login of token; an unknown or expired
// one is unauthenticated (the user starts again with the password).
func (s *Service) PendingLogin(ctx context.Context, token string) (Pending, error) {
	sess, u, err := s.pending(ctx, s.DB.R, token)
	if err != nil {
		return Pending{}, err
	}
	x, err := getAuthenticator(ctx, s.DB.R, u.ID)
	if err != nil {
		return Pending{}, err
	}
	p := Pending{User: u, Enrol: !x.Confirmed(), ExpiresAt: sess.ExpiresAt}
	if p.Enrol {
		if p.Enrolment, err = x.enrolment(u.Username); err != nil {
			return Pending{}, err
		}
	}
	return p, nil
}

func (s *Service) pending(ctx context.Context, q db.Querier, token string) (Session, User, error) {
	again := errs.New(errs.Unauthenticated, "err.login_again")
	if token == "" || len(token) > 100 {
		return Session{}, User{}, again
	}
	sess, err := getSession(ctx, q, tokenID(token))
	if errs.CodeOf(err) == errs.Unauthenticated || (err == nil && (sess.Kind != PendingSession || !s.Now().Before(sess.ExpiresAt))) {
		return Session{}, User{}, again
	}
	if err != nil {
		return Session{}, User{}, err
	}
	u, err := GetByID(ctx, q, sess.UserID)
	return sess, u, err
}

// FinishLogin completes a pending login with a code: a one-time code or a
// recovery code, or, when the login enrols, the first code of the new
// authenticator, which then becomes the account's and gets its recovery
// codes. A wrong code counts like a wrong password; the pending token is
// spent by success and by a lockout.
func (s *Service) FinishLogin(ctx context.Context, who access.Actor, token, code string) (SignIn, error) {
	now := s.Now()
	var out SignIn
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		out, refused = SignIn{}, nil
		sess, u, err := s.pending(ctx, tx, token)
		if err != nil {
			return err
		}
		who.UserID, who.Username, who.Role = u.ID, u.Username, u.Role
		entry := audit.Entry{Action: "login", Entity: "user", EntityID: u.ID, Result: audit.Failure}
		if u.Locked(now) || !u.Active {
			refused = errs.New(errs.Unauthenticated, "err.login_failed")
			entry.Result = "locked"
			if !u.Active {
				entry.Result = "inactive"
			}
			if err := deleteSession(ctx, tx, sess.ID); err != nil {
				return err
			}
			return s.Audit.Append(ctx, tx, who, entry)
		}
		x, err := getAuthenticator(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		var factor string
		var codes []string
		if x.Confirmed() {
			if factor, err = s.useSecondFactor(ctx, tx, x, code, now); err != nil {
				return err
			}
		} else if codes, err = s.confirm(ctx, tx, who, x, code, now); err != nil {
			return err
		} else if codes != nil {
			factor = "totp"
		}
		if factor == "" {
			refused, err = s.wrongCode(ctx, tx, who, &u, entry, now)
			if err == nil && u.Locked(now) {
				err = deleteSession(ctx, tx, sess.ID)
			}
			return err
		}
		if err := deleteSession(ctx, tx, sess.ID); err != nil {
			return err
		}
		if err := s.open(ctx, tx, who, u, WebSession, factor, entry, &out); err != nil {
			return err
		}
		out.RecoveryCodes = codes
		return nil
	})
	if err != nil {
		return SignIn{}, err
	}
	if refused != nil {
		return SignIn{}, refused
	}
	return out, nil
}
