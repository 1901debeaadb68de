package account

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// Proof is what a signed-in user gives again before a sensitive change:
// the current password and, with two-factor login on, a one-time code or
// a recovery code, so that a session left open is not enough.
type Proof struct {
	Password string
	Code     string
}

// isTOTPCode tells a one-time code (six digits) from a recovery code,
// which always holds letters: one field takes either.
func isTOTPCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	for _, c := range code {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// useSecondFactor spends code, a one-time code or a recovery code, on x's
// account and names the factor used, "" when the code is not good.
func (s *Service) useSecondFactor(ctx context.Context, tx *sql.Tx, x authenticator, code string, now time.Time) (string, error) {
	code = strings.Join(strings.Fields(code), "")
	if code == "" || !x.Confirmed() {
		return "", nil
	}
	if isTOTPCode(code) {
		st := match(x.secret, code, x.LastStep, now)
		if st == 0 {
			return "", nil
		}
		ok, err := useStep(ctx, tx, x.UserID, st)
		if !ok || err != nil {
			return "", err
		}
		return "totp", nil
	}
	ok, err := useRecoveryCode(ctx, tx, x.UserID, code)
	if !ok || err != nil {
		return "", err
	}
	return "recovery", nil
}

// confirm finishes the enrolment of x's pending secret with its first
// code: the secret becomes the account's and a fresh set of recovery
// codes is made and returned. Nil codes mean the code was not good.
func (s *Service) confirm(ctx context.Context, tx *sql.Tx, a access.Actor, x authenticator, code string, now time.Time) ([]string, error) {
	st := match(x.pending, strings.Join(strings.Fields(code), ""), 0, now)
	if st == 0 {
		return nil, nil
	}
	replaced := x.Confirmed()
	x.secret, x.pending, x.ConfirmedAt, x.LastStep = x.pending, "", now, st
	if err := putAuthenticator(ctx, tx, x); err != nil {
		return nil, err
	}
	codes, err := replaceRecoveryCodes(ctx, tx, x.UserID, now)
	if err != nil {
		return nil, err
	}
	return codes, s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.two_factor.enrol", Entity: "user", EntityID: x.UserID,
		After: map[string]any{"replaced": replaced, "recovery_codes": len(codes)}})
}

// reauthenticate checks p for u, the actor's own account. A wrong proof
// counts like a failed login and is audited under action; refused names
// the field that was wrong.
func (s *Service) reauthenticate(ctx context.Context, tx *sql.Tx, a access.Actor, u *User, p Proof, action string) (refused, err error) {
	now := s.Now()
	x, err := getAuthenticator(ctx, tx, u.ID)
	if err != nil {
		return nil, err
	}
	f := errs.Fields{}
	if p.Password == "" {
		// Nothing was tried, so nothing counts.
		f.Add("current_password", "err.required")
		return f.Err(), nil
	}
	switch {
	case !Verify(p.Password, u.passwordHash):
		f.Add("current_password", "err.password_wrong")
	case !x.Confirmed():
	case strings.TrimSpace(p.Code) == "":
		f.Add("code", "err.totp_needed")
		return f.Err(), nil
	default:
		factor, err := s.useSecondFactor(ctx, tx, x, p.Code, now)
		if err != nil {
			return nil, err
		}
		if factor == "" {
			f.Add("code", "err.totp_wrong")
		}
	}
	if len(f) == 0 {
		return nil, nil
	}
	// A stolen session must not be a free guessing oracle.
	after, err := s.countFailure(ctx, tx, u, now)
	if err != nil {
		return nil, err
	}
	return f.Err(), s.Audit.Append(ctx, tx, a, audit.Entry{Action: action, Entity: "user", EntityID: u.ID, Result: audit.Failure, After: after})
}

// mergeFields adds more field messages to a refusal.
func mergeFields(refused error, more errs.Fields) error {
	e := errs.As(refused)
	for k, v := range more {
		if _, ok := e.Fields[k]; !ok {
			e.Fields[k] = v
		}
	}
	return e
}

// TwoFactorStatus is a user's two-factor login as their security page shows it.
type TwoFactorStatus struct {
	Enrolled     bool
	Required     bool // the role needs it: it cannot be turned off
	Enrolling    bool // a new authenticator waits for its first code
	ConfirmedAt  time.Time
	RecoveryLeft int
}

// TwoFactor describes the actor's own two-factor login.
func (s *Service) TwoFactor(ctx context.Context, a access.Actor) (TwoFactorStatus, error) {
	return s.twoFactorOf(ctx, a.UserID, a.Role)
}

// UserTwoFactor describes userID's two-factor login to whoever may see
// their sessions: themselves and the security administrator.
func (s *Service) UserTwoFactor(ctx context.Context, a access.Actor, userID int64) (TwoFactorStatus, error) {
	if err := s.sessionOwner(ctx, s.DB.R, a, userID); err != nil {
		return TwoFactorStatus{}, err
	}
	u, err := GetByID(ctx, s.DB.R, userID)
	if err != nil {
		return TwoFactorStatus{}, err
	}
	return s.twoFactorOf(ctx, u.ID, u.Role)
}

func (s *Service) twoFactorOf(ctx context.Context, userID int64, role access.Role) (TwoFactorStatus, error) {
	x, err := getAuthenticator(ctx, s.DB.R, userID)
	if err != nil {
		return TwoFactorStatus{}, err
	}
	st := TwoFactorStatus{Enrolled: x.Confirmed(), Enrolling: x.pending != "", ConfirmedAt: x.ConfirmedAt}
	if st.Required, err = twoFactorRequired(ctx, s.DB.R, role); err != nil {
		return st, err
	}
	st.RecoveryLeft, err = countRecoveryCodes(ctx, s.DB.R, userID)
	return st, err
}

// StartEnrolment makes a new secret for the actor's authenticator app
// once they have proved who they are. An authenticator already in use
// keeps working until the new one is confirmed.
func (s *Service) StartEnrolment(ctx context.Context, a access.Actor, p Proof) (Enrolment, error) {
	var out Enrolment
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if refused, err = s.reauthenticate(ctx, tx, a, &u, p, "user.two_factor.enrol"); refused != nil || err != nil {
			return err
		}
		x, err := getAuthenticator(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if x.pending, err = newSecret(); err != nil {
			return err
		}
		if x.CreatedAt.IsZero() {
			x.CreatedAt = s.Now()
		}
		if err := putAuthenticator(ctx, tx, x); err != nil {
			return err
		}
		out, err = x.enrolment(u.Username)
		return err
	})
	if err == nil {
		err = refused
	}
	return out, err
}

// Enrolling returns the authenticator the actor is setting up, not found
// when there is none.
func (s *Service) Enrolling(ctx context.Context, a access.Actor) (Enrolment, error) {
	x, err := getAuthenticator(ctx, s.DB.R, a.UserID)
	if err != nil {
		return Enrolment{}, err
	}
	if x.pending == "" {
		return Enrolment{}, errs.E(errs.NotFound)
	}
	return x.enrolment(a.Username)
}

// ConfirmEnrolment turns the authenticator being set up into the actor's
// with its first code, and returns the new recovery codes, shown once.
func (s *Service) ConfirmEnrolment(ctx context.Context, a access.Actor, code string) ([]string, error) {
	var codes []string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		x, err := getAuthenticator(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if x.pending == "" {
			return errs.E(errs.NotFound)
		}
		if codes, err = s.confirm(ctx, tx, a, x, code, s.Now()); err != nil {
			return err
		}
		if codes == nil {
			return errs.InvalidField("code", "err.totp_wrong")
		}
		return nil
	})
	return codes, err
}

// DisableTwoFactor removes the actor's authenticator and recovery codes,
// unless their role needs two-factor login.
func (s *Service) DisableTwoFactor(ctx context.Context, a access.Actor, p Proof) error {
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if refused, err = s.reauthenticate(ctx, tx, a, &u, p, "user.two_factor.disable"); refused != nil || err != nil {
			return err
		}
		required, err := twoFactorRequired(ctx, tx, u.Role)
		if err != nil {
			return err
		}
		if required {
			// The code just spent rolls back with the refusal.
			return errs.New(errs.Conflict, "err.totp_role_requires")
		}
		return s.removeTwoFactor(ctx, tx, a, u.ID, "user.two_factor.disable")
	})
	if err == nil {
		err = refused
	}
	return err
}

func (s *Service) removeTwoFactor(ctx context.Context, tx *sql.Tx, a access.Actor, userID int64, action string) error {
	if err := putAuthenticator(ctx, tx, authenticator{UserID: userID}); err != nil {
		return err
	}
	if err := deleteRecoveryCodes(ctx, tx, userID); err != nil {
		return err
	}
	return s.Audit.Append(ctx, tx, a, audit.Entry{Action: action, Entity: "user", EntityID: userID})
}

// NewRecoveryCodes replaces the actor's recovery codes; the old ones stop
// working. The new ones are returned to be shown once.
func (s *Service) NewRecoveryCodes(ctx context.Context, a access.Actor, p Proof) ([]string, error) {
	var codes []string
	var refused error
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByID(ctx, tx, a.UserID)
		if err != nil {
			return err
		}
		if refused, err = s.reauthenticate(ctx, tx, a, &u, p, "user.two_factor.recovery"); refused != nil || err != nil {
			return err
		}
		x, err := getAuthenticator(ctx, tx, u.ID)
		if err != nil {
			return err
		}
		if !x.Confirmed() {
			return errs.New(errs.Conflict, "err.totp_not_enrolled")
		}
		if codes, err = replaceRecoveryCodes(ctx, tx, u.ID, s.Now()); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "user.two_factor.recovery", Entity: "user", EntityID: u.ID,
			After: map[string]any{"recovery_codes": len(codes)}})
	})
	if err == nil {
		err = refused
	}
	return codes, err
}

// ResetTwoFactor removes another user's authenticator and recovery codes
// (a lost phone) and ends their sessions: the security administrator's
// act. A role that needs two-factor login enrols again at its next login.
func (s *Service) ResetTwoFactor(ctx context.Context, a access.Actor, userID int64) error {
	if !a.Can(access.ManageSessions) || userID == a.UserID {
		return errs.E(errs.NotFound)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := s.getInScope(ctx, tx, a, userID)
		if err != nil {
			return err
		}
		return s.resetTwoFactor(ctx, tx, a, u.ID)
	})
}

// ResetTwoFactorAs is ResetTwoFactor on behalf of the system (the command
// line's "user reset-2fa"), for when no security administrator can sign
// in: the last one lost their phone.
func (s *Service) ResetTwoFactorAs(ctx context.Context, a access.Actor, username string) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		u, err := GetByUsername(ctx, tx, normaliseUsername(username))
		if err != nil {
			return err
		}
		return s.resetTwoFactor(ctx, tx, a, u.ID)
	})
}

func (s *Service) resetTwoFactor(ctx context.Context, tx *sql.Tx, a access.Actor, userID int64) error {
	if _, err := deleteUserSessions(ctx, tx, userID, ""); err != nil {
		return err
	}
	return s.removeTwoFactor(ctx, tx, a, userID, "user.two_factor.reset")
}
