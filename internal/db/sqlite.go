package db

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// sqlitePragmas are applied to every connection. busy_timeout comes first so
// that the others never fail with SQLITE_BUSY; synchronous=FULL because
// government records must survive a power cut.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: %w", err)
		}
	}
	w, err := sql.Open("sqlite", path+"?"+sqlitePragmas+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	// One writer: SQLite allows one write transaction at a time, and
	// queueing in the pool is cheaper and fairer than busy-waiting.
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	r, err := sql.Open("sqlite", path+"?"+sqlitePragmas+"&_pragma=query_only(1)")
	if err != nil {
		_ = w.Close()
		return nil, err
	}
	readers := max(4, runtime.NumCPU()*2)
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	d := &DB{Dialect: SQLite, W: w, R: r}
	if err := checkSQLitePragmas(ctx, w); err != nil {
		_ = d.Close()
		return nil, err
	}
	if err := checkSQLitePragmas(ctx, r); err != nil {
		_ = d.Close()
		return nil, err
	}
	return d, nil
}

// checkSQLitePragmas refuses to start when a pragma did not take, for
// example on a file system where WAL is not possible.
func checkSQLitePragmas(ctx context.Context, pool *sql.DB) error {
	want := []struct {
		pragma string
		value  string
	}{
		{"journal_mode", "wal"},
		{"synchronous", "2"},
		{"foreign_keys", "1"},
		{"busy_timeout", "10000"},
	}
	for _, p := range want {
		var got string
		if err := pool.QueryRowContext(ctx, "PRAGMA "+p.pragma).Scan(&got); err != nil {
			return fmt.Errorf("sqlite: reading %s: %w", p.pragma, err)
		}
		if got != p.value {
			return fmt.Errorf("sqlite: PRAGMA %s is %q, want %q", p.pragma, got, p.value)
		}
	}
	return nil
}
