package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/hex"
	"strings"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// RecoveryCodes is how many one-time recovery codes a user holds after
// enrolling or regenerating them.
const RecoveryCodes = 10

// recoveryEncoding writes codes in base32: letters and the digits 2-7,
// none of 0, 1 and 8, which are easily taken for O, I and B on paper.
var recoveryEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newRecoveryCode returns a code of 24 base32 characters (120 bits, so a
// plain SHA-256 is enough to store it: there is nothing to guess), shown
// in groups of four.
func newRecoveryCode() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	s := strings.ToLower(recoveryEncoding.EncodeToString(b))
	var out strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			out.WriteByte('-')
		}
		out.WriteString(s[i : i+4])
	}
	return out.String(), nil
}

// recoveryHash normalises what a user typed (case, spaces, dashes) and
// hashes it the way codes are stored.
func recoveryHash(code string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(code) {
		if (r >= 'A' && r <= 'Z') || (r >= '2' && r <= '7') {
			b.WriteRune(r)
		}
	}
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// replaceRecoveryCodes gives the user a fresh set and returns it; the old
// codes stop working.
func replaceRecoveryCodes(ctx context.Context, q db.Querier, userID int64, now time.Time) ([]string, error) {
	if err := deleteRecoveryCodes(ctx, q, userID); err != nil {
		return nil, err
	}
	codes := make([]string, 0, RecoveryCodes)
	for range RecoveryCodes {
		c, err := newRecoveryCode()
		if err != nil {
			return nil, err
		}
		if _, err := q.ExecContext(ctx, "INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES ($1, $2, $3)",
			userID, recoveryHash(c), db.Micros(now)); err != nil {
			return nil, errs.Wrap(err, "recovery code insert")
		}
		codes = append(codes, c)
	}
	return codes, nil
}

// useRecoveryCode spends a code: true when it existed, and then it is gone.
func useRecoveryCode(ctx context.Context, q db.Querier, userID int64, code string) (bool, error) {
	res, err := q.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1 AND code_hash = $2", userID, recoveryHash(code))
	if err != nil {
		return false, errs.Wrap(err, "recovery code use")
	}
	n, err := res.RowsAffected()
	return n == 1, errs.Wrap(err, "recovery code use")
}

func countRecoveryCodes(ctx context.Context, q db.Querier, userID int64) (int, error) {
	var n int
	err := q.QueryRowContext(ctx, "SELECT count(*) FROM recovery_codes WHERE user_id = $1", userID).Scan(&n)
	return n, errs.Wrap(err, "recovery codes count")
}

func deleteRecoveryCodes(ctx context.Context, q db.Querier, userID int64) error {
	_, err := q.ExecContext(ctx, "DELETE FROM recovery_codes WHERE user_id = $1", userID)
	return errs.Wrap(err, "recovery codes delete")
}
