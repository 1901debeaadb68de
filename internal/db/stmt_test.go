package db

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

func TestCachedStatements(t *testing.T) {
	ctx := context.Background()
	d, err := Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	const ins = "INSERT INTO settings (key, value) VALUES ($1, $2)"
	for i, key := range []string{"a", "b", "c"} {
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			_, err := d.Cached(tx).ExecContext(ctx, ins, key, "v")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		d.stmts.mu.Lock()
		_, prepared := d.stmts.stmts[ins]
		d.stmts.mu.Unlock()
		// The first transaction runs it unprepared and prepares it after.
		if !prepared {
			t.Fatalf("after transaction %d the statement is not prepared", i+1)
		}
	}
	// A rolled-back transaction through a prepared statement writes nothing.
	_ = d.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := d.Cached(tx).ExecContext(ctx, ins, "d", "v"); err != nil {
			return err
		}
		return sql.ErrTxDone
	})
	var n int
	if err := d.R.QueryRow("SELECT count(*) FROM settings WHERE key IN ('a', 'b', 'c', 'd')").Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d rows, %v; want 3", n, err)
	}
}
