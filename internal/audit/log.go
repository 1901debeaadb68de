package audit

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// MinRetention is the legal floor: network logs are kept at least six
// months (网络安全法 第二十一条); the database trigger enforces it too.
const MinRetention = 184 * 24 * time.Hour

// Log appends to and reads the audit log.
type Log struct {
	DB  *db.DB
	Now func() time.Time
}

// Entry is what a service says about one mutation.
type Entry struct {
	Action   string
	Entity   string
	EntityID any
	Result   string
	Before   any // a value already masked for personal information, or nil
	After    any
}

// Append writes e inside tx, linked to the previous record. If it fails,
// the caller's transaction must roll back: no change goes unrecorded.
func (l *Log) Append(ctx context.Context, tx *sql.Tx, a access.Actor, e Entry) error {
	if err := l.DB.LockAuditChain(ctx, tx); err != nil {
		return errs.Wrap(err, "audit lock")
	}
	q := l.DB.Cached(tx)
	var prevSeq int64
	var prevHash string
	err := q.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&prevSeq, &prevHash)
	if errors.Is(err, sql.ErrNoRows) {
		// An empty log continues from the retention anchor, if retention
		// ever removed records; otherwise it starts at record 1.
		prevSeq, prevHash, err = anchor(ctx, tx)
	}
	if err != nil {
		return errs.Wrap(err, "audit tail")
	}
	r := Record{
		Seq:       prevSeq + 1,
		At:        l.Now().UTC().Truncate(time.Microsecond),
		ActorID:   a.UserID,
		Actor:     a.Username,
		Role:      string(a.Role),
		Action:    e.Action,
		Entity:    e.Entity,
		EntityID:  idString(e.EntityID),
		Result:    e.Result,
		IP:        a.IP,
		RequestID: a.RequestID,
		Before:    encode(e.Before),
		After:     encode(e.After),
		PrevHash:  prevHash,
	}
	if r.Result == "" {
		r.Result = OK
	}
	r.Hash = r.ComputeHash()
	var actorID any
	if r.ActorID != 0 {
		actorID = r.ActorID
	}
	_, err = q.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor_id, actor, role, action, entity, entity_id,
		result, ip, request_id, before_data, after_data, prev_hash, hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.Seq, db.Micros(r.At), actorID, r.Actor, r.Role, r.Action, r.Entity, r.EntityID,
		r.Result, r.IP, r.RequestID, r.Before, r.After, r.PrevHash, r.Hash)
	return errs.Wrap(err, "audit append")
}

// Write records e in a transaction of its own, for events that change
// nothing else (a refused login, a revealed phone number).
func (l *Log) Write(ctx context.Context, a access.Actor, e Entry) error {
	return l.DB.Tx(ctx, func(tx *sql.Tx) error { return l.Append(ctx, tx, a, e) })
}

func idString(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

func encode(v any) string {
	if v == nil {
		return ""
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprintf("%q", err.Error())
	}
	// Services pass values already masked; this catches what they cannot
	// know, such as a number typed into a note, so that the log, which is
	// kept for years and read by the auditor, holds no number in full.
	return string(pii.MaskJSON(b))
}
