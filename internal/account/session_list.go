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

// SessionInfo is a session as its owner and the security administrator
// see it. Handle names it in links: a prefix of its id, which is itself a
// hash of the token, so no page ever carries anything that signs in.
type SessionInfo struct {
	Handle     string    `json:"id"`
	Kind       string    `json:"kind"`
	CreatedAt  time.Time `json:"created_at"`
	LastSeenAt time.Time `json:"last_seen_at"`
	ExpiresAt  time.Time `json:"expires_at"`
	IP         string    `json:"ip"`
	Current    bool      `json:"current"`
}

const handleLen = 16

func handleOf(id string) string { return id[:min(handleLen, len(id))] }

// sessionOwner checks that the actor may see and end userID's sessions:
// their own, or anybody's in scope for the security administrator.
// Anyone else's are not found.
func (s *Service) sessionOwner(ctx context.Context, q db.Querier, a access.Actor, userID int64) error {
	if userID == a.UserID && a.UserID > 0 {
		return nil
	}
	if !a.Can(access.ManageSessions) {
		return errs.E(errs.NotFound)
	}
	_, err := s.getInScope(ctx, q, a, userID)
	return err
}

// Sessions lists userID's live web and API sessions, newest first.
func (s *Service) Sessions(ctx context.Context, a access.Actor, userID int64) ([]SessionInfo, error) {
	if err := s.sessionOwner(ctx, s.DB.R, a, userID); err != nil {
		return nil, err
	}
	now := s.Now()
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, kind, created_at, last_seen_at, expires_at, ip FROM sessions
		WHERE user_id = $1 AND kind IN ($2, $3) AND expires_at > $4 AND last_seen_at > $5 ORDER BY created_at DESC, id`,
		userID, WebSession, APISession, db.Micros(now), db.Micros(now.Add(-s.Policy.IdleTimeout)))
	if err != nil {
		return nil, errs.Wrap(err, "sessions list")
	}
	defer rows.Close()
	out := []SessionInfo{}
	for rows.Next() {
		var id string
		var created, seen, expires int64
		var x SessionInfo
		if err := rows.Scan(&id, &x.Kind, &created, &seen, &expires, &x.IP); err != nil {
			return nil, errs.Wrap(err, "sessions scan")
		}
		x.Handle, x.Current = handleOf(id), id == a.SessionID
		x.CreatedAt, x.LastSeenAt, x.ExpiresAt = db.Time(created), db.Time(seen), db.Time(expires)
		out = append(out, x)
	}
	return out, errs.Wrap(rows.Err(), "sessions rows")
}

// EndSession ends one of userID's sessions, named by its handle.
func (s *Service) EndSession(ctx context.Context, a access.Actor, userID int64, handle string) error {
	if len(handle) != handleLen {
		return errs.E(errs.NotFound)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.sessionOwner(ctx, tx, a, userID); err != nil {
			return err
		}
		var id, kind string
		err := tx.QueryRowContext(ctx, `SELECT id, kind FROM sessions WHERE user_id = $1 AND substr(id, 1, 16) = $2
			AND kind IN ($3, $4)`, userID, handle, WebSession, APISession).Scan(&id, &kind)
		if err == sql.ErrNoRows {
			return errs.E(errs.NotFound)
		}
		if err != nil {
			return errs.Wrap(err, "session find")
		}
		if err := deleteSession(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "session.end", Entity: "user", EntityID: userID,
			After: map[string]any{"session": handle, "session_kind": kind}})
	})
}

// EndOtherSessions ends every session of the actor but the one they use.
func (s *Service) EndOtherSessions(ctx context.Context, a access.Actor) (int64, error) {
	var n int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = deleteUserSessions(ctx, tx, a.UserID, a.SessionID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "session.end_others", Entity: "user", EntityID: a.UserID,
			After: map[string]any{"ended": n}})
	})
	return n, err
}

// SessionHandle is the handle of the session with id, the actor's own for
// instance, to tell it apart in a list.
func SessionHandle(id string) string { return handleOf(id) }
