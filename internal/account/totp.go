package account

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"encoding/base32"
	"errors"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// TOTP parameters: RFC 6238 defaults (30-second steps, six digits, SHA-1),
// the ones every authenticator app reads from a QR code.
const (
	totpPeriod = 30
	totpSkew   = 1 // steps either side of now, for clocks a little apart
	totpIssuer = "Pinghu"
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// authenticator is a user's TOTP secrets. They never leave this package
// except to be shown to their owner while enrolling.
type authenticator struct {
	UserID      int64
	secret      string // the confirmed one, "" when none
	pending     string // one being enrolled, "" when none
	CreatedAt   time.Time
	ConfirmedAt time.Time
	LastStep    int64
}

// Confirmed reports whether the user has a working authenticator.
func (x authenticator) Confirmed() bool { return x.secret != "" }

// Enrolment is what a user needs to set up an authenticator app: the
// otpauth URL (for the QR code) and the secret for typing in by hand.
type Enrolment struct {
	Username string
	Secret   string
	URL      string
}

// newSecret returns a fresh random TOTP secret (160 bits, as RFC 4226
// recommends), base32 as authenticator apps take it.
func newSecret() (string, error) {
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: "new", Period: totpPeriod,
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return "", errs.Wrap(err, "totp generate")
	}
	return key.Secret(), nil
}

// enrolment describes the pending secret for its owner's authenticator
// app, in the library's own otpauth URL format.
func (x authenticator) enrolment(username string) (Enrolment, error) {
	raw, err := base32.StdEncoding.WithPadding(base32.NoPadding).DecodeString(x.pending)
	if err != nil {
		return Enrolment{}, errs.Wrap(err, "totp secret")
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: totpIssuer, AccountName: username, Period: totpPeriod,
		Secret: raw, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return Enrolment{}, errs.Wrap(err, "totp key")
	}
	return Enrolment{Username: username, Secret: key.Secret(), URL: key.URL()}, nil
}

// step is the time step of t.
func step(t time.Time) int64 { return t.Unix() / totpPeriod }

// match returns the step whose code for secret equals code, within the
// skew around now and after the step last accepted, or 0 when there is
// none: a code already used, or one of an earlier step, never matches.
func match(secret, code string, after int64, now time.Time) int64 {
	if len(code) != 6 || secret == "" {
		return 0
	}
	for s := step(now) - totpSkew; s <= step(now)+totpSkew; s++ {
		if s <= after {
			continue
		}
		want, err := totp.GenerateCodeCustom(secret, time.Unix(s*totpPeriod, 0), totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s
		}
	}
	return 0
}

func getAuthenticator(ctx context.Context, q db.Querier, userID int64) (authenticator, error) {
	x := authenticator{UserID: userID}
	var created int64
	var confirmed *int64
	err := q.QueryRowContext(ctx, `SELECT secret, pending_secret, created_at, confirmed_at, last_step FROM totp_authenticators
		WHERE user_id = $1`, userID).Scan(&x.secret, &x.pending, &created, &confirmed, &x.LastStep)
	if errors.Is(err, sql.ErrNoRows) {
		return x, nil
	}
	x.CreatedAt, x.ConfirmedAt = db.Time(created), db.NullTime(confirmed)
	return x, errs.Wrap(err, "authenticator get")
}

// putAuthenticator writes the user's authenticator, or removes it when it
// holds no secret at all.
func putAuthenticator(ctx context.Context, q db.Querier, x authenticator) error {
	if _, err := q.ExecContext(ctx, "DELETE FROM totp_authenticators WHERE user_id = $1", x.UserID); err != nil {
		return errs.Wrap(err, "authenticator delete")
	}
	if x.secret == "" && x.pending == "" {
		return nil
	}
	_, err := q.ExecContext(ctx, `INSERT INTO totp_authenticators (user_id, secret, pending_secret, created_at, confirmed_at, last_step)
		VALUES ($1, $2, $3, $4, $5, $6)`, x.UserID, x.secret, x.pending, db.Micros(x.CreatedAt), db.NullMicros(x.ConfirmedAt), x.LastStep)
	return errs.Wrap(err, "authenticator put")
}

// useStep records an accepted step. The condition keeps two requests
// racing with one code from both succeeding: the second updates nothing.
func useStep(ctx context.Context, q db.Querier, userID, s int64) (bool, error) {
	res, err := q.ExecContext(ctx, "UPDATE totp_authenticators SET last_step = $1 WHERE user_id = $2 AND last_step < $1", s, userID)
	if err != nil {
		return false, errs.Wrap(err, "authenticator step")
	}
	n, err := res.RowsAffected()
	return n == 1, errs.Wrap(err, "authenticator step")
}
