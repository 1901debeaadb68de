package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// clock is the test's injected time.
type clock = dbtest.Clock

// start is the fixed time most tests begin at.
var start = time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC)

func newLog(d *db.DB) (*audit.Log, *clock) {
	c := dbtest.NewClock(start)
	return &audit.Log{DB: d, Now: c.Now}, c
}

// appendOne appends one record in a transaction of its own.
func appendOne(t *testing.T, l *audit.Log, a access.Actor, e audit.Entry) {
	t.Helper()
	ctx := context.Background()
	if err := l.DB.Tx(ctx, func(tx *sql.Tx) error { return l.Append(ctx, tx, a, e) }); err != nil {
		t.Fatalf("append %+v: %v", e, err)
	}
}

// appendN appends n records, each in its own transaction, one second apart.
func appendN(t *testing.T, l *audit.Log, c *clock, n int) {
	t.Helper()
	for i := range n {
		appendOne(t, l, access.System("test"), audit.Entry{Action: "test.append", Entity: "thing", EntityID: i + 1,
			Before: map[string]int{"n": i}, After: map[string]int{"n": i + 1}})
		c.Advance(time.Second)
	}
}

const recordColumns = `seq, at, COALESCE(actor_id, 0), actor, role, action, entity, entity_id, result, ip, request_id,
	before_data, after_data, prev_hash, hash`

func scanRecord(row interface{ Scan(...any) error }) (audit.Record, error) {
	var r audit.Record
	var at int64
	err := row.Scan(&r.Seq, &at, &r.ActorID, &r.Actor, &r.Role, &r.Action, &r.Entity, &r.EntityID, &r.Result,
		&r.IP, &r.RequestID, &r.Before, &r.After, &r.PrevHash, &r.Hash)
	r.At = db.Time(at)
	return r, err
}

// records reads the whole log straight from the table, oldest first.
func records(t *testing.T, d *db.DB) []audit.Record {
	t.Helper()
	rows, err := d.R.QueryContext(context.Background(), "SELECT "+recordColumns+" FROM audit_log ORDER BY seq")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []audit.Record
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func record(t *testing.T, d *db.DB, seq int64) audit.Record {
	t.Helper()
	r, err := scanRecord(d.R.QueryRowContext(context.Background(), "SELECT "+recordColumns+" FROM audit_log WHERE seq = $1", seq))
	if err != nil {
		t.Fatalf("record %d: %v", seq, err)
	}
	return r
}

func count(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), "SELECT count(*) FROM audit_log").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// disableGuards removes the append-only triggers, as an attacker with
// write access to the database file or the table owner's password could.
func disableGuards(t *testing.T, d *db.DB) {
	t.Helper()
	var stmts []string
	switch d.Dialect {
	case db.SQLite:
		stmts = []string{"DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"}
	case db.Postgres:
		stmts = []string{"ALTER TABLE audit_log DISABLE TRIGGER audit_log_guard"}
	}
	for _, s := range stmts {
		if _, err := d.W.ExecContext(context.Background(), s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// overwrite stores r in place of the record with the same seq.
func overwrite(t *testing.T, d *db.DB, r audit.Record) {
	t.Helper()
	_, err := d.W.ExecContext(context.Background(), `UPDATE audit_log SET at = $1, actor = $2, action = $3, result = $4,
		before_data = $5, after_data = $6, prev_hash = $7, hash = $8 WHERE seq = $9`,
		db.Micros(r.At), r.Actor, r.Action, r.Result, r.Before, r.After, r.PrevHash, r.Hash, r.Seq)
	if err != nil {
		t.Fatalf("overwrite %d: %v", r.Seq, err)
	}
}

// brokenAt checks that err is a *BrokenError naming seq.
func brokenAt(err error, seq int64) error {
	var b *audit.BrokenError
	if !errors.As(err, &b) {
		return fmt.Errorf("want a *BrokenError at %d, got %v", seq, err)
	}
	if b.Seq != seq {
		return fmt.Errorf("broken at %d (%s), want %d", b.Seq, b.Reason, seq)
	}
	return nil
}

func timeSecond(n int) time.Duration { return time.Duration(n) * time.Second }
