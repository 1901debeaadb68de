package audit

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects audit records for the auditor.
type Filter struct {
	From, To time.Time // [From, To)
	Actor    string
	Action   string
	Entity   string
	EntityID string
	Result   string
	Page     db.Page
}

// List returns one page of records, newest first. Only the auditor reads
// the audit log, and only with a scope.
func (l *Log) List(ctx context.Context, a access.Actor, f Filter) (db.List[Record], error) {
	out := db.List[Record]{Items: []Record{}, Page: f.Page.Number, PageSize: f.Page.Size}
	if !a.Can(access.ReadAudit) {
		return out, errs.E(errs.NotFound)
	}
	var w db.Where
	if !a.HasScope() {
		w.And("1 = 0")
	}
	if !f.From.IsZero() {
		w.And("at >= ?", db.Micros(f.From))
	}
	if !f.To.IsZero() {
		w.And("at < ?", db.Micros(f.To))
	}
	if f.Actor != "" {
		w.And("actor = ?", f.Actor)
	}
	if f.Action != "" {
		w.And("action = ?", f.Action)
	}
	if f.Entity != "" {
		w.And("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		w.And("entity_id = ?", f.EntityID)
	}
	if f.Result != "" {
		w.And("result = ?", f.Result)
	}
	if err := l.DB.R.QueryRowContext(ctx, "SELECT count(*) FROM audit_log"+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "audit count")
	}
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	q := `SELECT seq, at, COALESCE(actor_id, 0), actor, role, action, entity, entity_id, result, ip, request_id,
		before_data, after_data, prev_hash, hash FROM audit_log` + w.SQL() + " ORDER BY seq DESC" + f.Page.LimitOffset(&w)
	rows, err := l.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "audit list")
	}
	defer rows.Close()
	for rows.Next() {
		var r Record
		var at int64
		if err := rows.Scan(&r.Seq, &at, &r.ActorID, &r.Actor, &r.Role, &r.Action, &r.Entity, &r.EntityID, &r.Result,
			&r.IP, &r.RequestID, &r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
			return out, errs.Wrap(err, "audit scan")
		}
		r.At = db.Time(at)
		out.Items = append(out.Items, r)
	}
	return out, errs.Wrap(rows.Err(), "audit rows")
}

// Actions lists the distinct actions recorded, for the filter menu.
func (l *Log) Actions(ctx context.Context) ([]string, error) {
	rows, err := l.DB.R.QueryContext(ctx, "SELECT DISTINCT action FROM audit_log ORDER BY action")
	if err != nil {
		return nil, errs.Wrap(err, "audit actions")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// CountSince counts records of an action and result from an IP since t;
// the login limiter uses it, so failed attempts need no state of their own
// and every server behind a load balancer sees the same count.
func (l *Log) CountSince(ctx context.Context, ip, action, result string, since time.Time) (int, error) {
	var n int
	err := l.DB.R.QueryRowContext(ctx, "SELECT count(*) FROM audit_log WHERE ip = $1 AND action = $2 AND result = $3 AND at >= $4",
		ip, action, result, db.Micros(since)).Scan(&n)
	return n, errs.Wrap(err, "audit count since")
}

// anchorKey keeps the last record removed by retention, so that Verify can
// tell records removed lawfully from records removed by someone else.
const anchorKey = "audit.anchor"

// Purge deletes records older than the retention period, which is never
// shorter than MinRetention, and records the last one deleted as the
// chain's new anchor in the same transaction. It returns the number deleted.
func (l *Log) Purge(ctx context.Context, retention time.Duration) (int64, error) {
	if retention < MinRetention {
		retention = MinRetention
	}
	cutoff := l.Now().Add(-retention)
	var n int64
	err := l.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := l.DB.LockAuditChain(ctx, tx); err != nil {
			return err
		}
		var seq int64
		var hash string
		err := tx.QueryRowContext(ctx, "SELECT seq, hash FROM audit_log WHERE at < $1 ORDER BY seq DESC LIMIT 1",
			db.Micros(cutoff)).Scan(&seq, &hash)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, "DELETE FROM audit_log WHERE seq <= $1", seq)
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		if _, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = $1", anchorKey); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2)", anchorKey,
			strconv.FormatInt(seq, 10)+":"+hash); err != nil {
			return err
		}
		// The purge itself is recorded, continuing the chain.
		return l.Append(ctx, tx, access.System("retention"), Entry{Action: "audit.purge", Entity: "audit_log",
			After: map[string]int64{"deleted": n, "through_seq": seq}})
	})
	return n, errs.Wrap(err, "audit purge")
}

// anchor returns the last record removed by retention: seq 0 and an empty
// hash when none was.
func anchor(ctx context.Context, q db.Querier) (int64, string, error) {
	var v string
	err := q.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", anchorKey).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", nil
	}
	if err != nil {
		return 0, "", err
	}
	s, hash, ok := strings.Cut(v, ":")
	seq, perr := strconv.ParseInt(s, 10, 64)
	if !ok || perr != nil {
		return 0, "", fmt.Errorf("audit anchor %q is malformed", v)
	}
	return seq, hash, nil
}
