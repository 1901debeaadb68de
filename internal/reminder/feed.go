package reminder

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Feeds keeps each user's calendar feed token. Only a hash of the token is
// stored: the address is shown once, when it is made, and a lost address
// is replaced, never shown again.
type Feeds struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
}

// FeedStatus says whether the actor has a feed, and since when.
type FeedStatus struct {
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at,omitzero"`
}

// tokenHash is the stored form of a token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// mayHaveFeed: the roles with business deadlines. The three officers see
// no business data, so a feed would only ever be empty.
func mayHaveFeed(a access.Actor) bool { return a.UserID > 0 && a.Role.Business() }

// Status reads the actor's feed.
func (f *Feeds) Status(ctx context.Context, a access.Actor) (FeedStatus, error) {
	var created int64
	err := f.DB.R.QueryRowContext(ctx, "SELECT created_at FROM calendar_feeds WHERE user_id = $1", a.UserID).Scan(&created)
	if errors.Is(err, sql.ErrNoRows) {
		return FeedStatus{}, nil
	}
	if err != nil {
		return FeedStatus{}, errs.Wrap(err, "feed status")
	}
	return FeedStatus{Active: true, CreatedAt: db.Time(created)}, nil
}

// Rotate makes a new token for the actor's feed, replacing any earlier
// one (whose address stops working at once), and returns it: the only
// time it is ever seen.
func (f *Feeds) Rotate(ctx context.Context, a access.Actor) (string, error) {
	if !mayHaveFeed(a) {
		return "", errs.E(errs.NotFound)
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", errs.Wrap(err, "feed token")
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := f.Now().UTC().Truncate(time.Microsecond)
	err := f.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM calendar_feeds WHERE user_id = $1", a.UserID)
		if err != nil {
			return errs.Wrap(err, "feed delete")
		}
		replaced, _ := res.RowsAffected()
		if _, err := tx.ExecContext(ctx, "INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
			a.UserID, tokenHash(token), db.Micros(now)); err != nil {
			return errs.Wrap(err, "feed insert")
		}
		action := "calendar_feed.create"
		if replaced > 0 {
			action = "calendar_feed.rotate"
		}
		return f.Audit.Append(ctx, tx, a, audit.Entry{Action: action, Entity: "user", EntityID: a.UserID})
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// Revoke ends the actor's feed; its address answers 404 from now on.
// Revoking when there is no feed is not found.
func (f *Feeds) Revoke(ctx context.Context, a access.Actor) error {
	return f.DB.Tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM calendar_feeds WHERE user_id = $1", a.UserID)
		if err != nil {
			return errs.Wrap(err, "feed revoke")
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errs.E(errs.NotFound)
		}
		return f.Audit.Append(ctx, tx, a, audit.Entry{Action: "calendar_feed.revoke", Entity: "user", EntityID: a.UserID})
	})
}

// Owner is the actor behind a feed token, with the scope their account
// gives now. An unknown or revoked token, or a disabled account, is not
// found: the feed address then simply does not exist.
func (f *Feeds) Owner(ctx context.Context, token string) (access.Actor, error) {
	if len(token) < 20 || len(token) > 100 {
		return access.Actor{}, errs.E(errs.NotFound)
	}
	var userID int64
	err := f.DB.R.QueryRowContext(ctx, "SELECT user_id FROM calendar_feeds WHERE token_hash = $1", tokenHash(token)).Scan(&userID)
	if errors.Is(err, sql.ErrNoRows) {
		return access.Actor{}, errs.E(errs.NotFound)
	}
	if err != nil {
		return access.Actor{}, errs.Wrap(err, "feed owner")
	}
	u, err := account.GetByID(ctx, f.DB.R, userID)
	if err != nil {
		return access.Actor{}, err
	}
	if !u.Active {
		return access.Actor{}, errs.E(errs.NotFound)
	}
	a, err := account.ActorFor(ctx, f.DB.R, u)
	if err != nil || !mayHaveFeed(a) {
		return access.Actor{}, errs.E(errs.NotFound)
	}
	return a, nil
}
