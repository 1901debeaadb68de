package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrBackupPostgres explains how PostgreSQL is backed up instead.
var ErrBackupPostgres = errors.New("pinghu backup copies SQLite databases; for PostgreSQL use the server's own tools, e.g. " +
	"`pg_dump --format=custom --file=pinghu.dump DBNAME` (restore with pg_restore), or continuous archiving with pg_basebackup")

// Backup writes a consistent copy of a live SQLite database to path. The
// copy is made with VACUUM INTO beside the target, checked with
// PRAGMA integrity_check, and only then renamed into place, so path never
// holds a partial or damaged copy.
func (d *DB) Backup(ctx context.Context, path string) error {
	if d.Dialect != SQLite {
		return ErrBackupPostgres
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return err
	}
	tmp := abs + ".partial"
	_ = os.Remove(tmp)
	defer os.Remove(tmp)
	// VACUUM INTO reads one snapshot, so writers may go on meanwhile. It
	// runs on a connection of its own: the reader pool is query-only, and
	// the writer must stay free for the writes.
	src, err := sql.Open("sqlite", "file:"+d.sqlitePath+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.ExecContext(ctx, "VACUUM INTO $1", tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := IntegrityCheck(ctx, "sqlite:"+tmp); err != nil {
		return err
	}
	return os.Rename(tmp, abs)
}

// IntegrityCheck opens a SQLite file read-only and runs integrity_check.
func IntegrityCheck(ctx context.Context, url string) error {
	path := url[len("sqlite:"):]
	c, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer c.Close()
	var res string
	if err := c.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check of %s: %s", path, res)
	}
	return nil
}
