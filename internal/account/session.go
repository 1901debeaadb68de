package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Session kinds: a browser cookie or an API bearer token. Both live in the
// database, so any server process can check any session.
const (
	WebSession = "web"
	APISession = "api"
)

// Session is a signed-in period of one user.
type Session struct {
	ID         string // the SHA-256 of the token; the token itself is never stored
	UserID     int64
	Kind       string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	IP         string
	UserAgent  string
}

// newToken returns a random token and the id it is stored under.
func newToken() (token, id string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, tokenID(token), nil
}

func tokenID(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func insertSession(ctx context.Context, q db.Querier, s Session) error {
	_, err := q.ExecContext(ctx, `INSERT INTO sessions (id, user_id, kind, created_at, last_seen_at, expires_at, ip, user_agent)
		VALUES ($1, $2, $3, $4, $4, $5, $6, $7)`, s.ID, s.UserID, s.Kind, db.Micros(s.CreatedAt), db.Micros(s.ExpiresAt),
		s.IP, truncate(s.UserAgent, 200))
	return errs.Wrap(err, "session insert")
}

func getSession(ctx context.Context, q db.Querier, id string) (Session, error) {
	var s Session
	var created, seen, expires int64
	err := q.QueryRowContext(ctx, `SELECT id, user_id, kind, created_at, last_seen_at, expires_at, ip, user_agent
		FROM sessions WHERE id = $1`, id).Scan(&s.ID, &s.UserID, &s.Kind, &created, &seen, &expires, &s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return s, errs.E(errs.Unauthenticated)
	}
	s.CreatedAt, s.LastSeenAt, s.ExpiresAt = db.Time(created), db.Time(seen), db.Time(expires)
	return s, errs.Wrap(err, "session get")
}

func deleteSession(ctx context.Context, q db.Querier, id string) error {
	_, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE id = $1", id)
	return errs.Wrap(err, "session delete")
}

func deleteUserSessions(ctx context.Context, q db.Querier, userID int64, except string) (int64, error) {
	res, err := q.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND id <> $2", userID, except)
	if err != nil {
		return 0, errs.Wrap(err, "sessions delete")
	}
	return res.RowsAffected()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
