// Package db opens the SQLite or PostgreSQL database, runs the embedded
// migrations and runs transactions. Every difference between the two
// dialects lives in dialect.go; the rest of the program writes the common
// subset of SQL ($1 placeholders, RETURNING, integer timestamps).
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	neturl "net/url"
	"strings"
	"time"

	"pinghu/internal/errs"
)

// Dialect names a database engine.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB holds a writer and a reader pool. With SQLite the writer is a single
// connection, so write transactions queue in Go instead of failing with
// SQLITE_BUSY; readers run concurrently under WAL. With PostgreSQL both
// are the same pool.
type DB struct {
	Dialect Dialect
	W       *sql.DB
	R       *sql.DB
	url     string
	// sqlitePath is the database file, for the backup's own connection.
	sqlitePath string
	stmts      stmtCache
}

// Querier is what stores need: satisfied by *sql.DB and *sql.Tx, so one
// store function serves reads outside and inside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// Open opens a database from a URL: "sqlite:PATH" or "postgres://…".
func Open(ctx context.Context, url string) (*DB, error) {
	var d *DB
	var err error
	switch {
	case strings.HasPrefix(url, "sqlite:"):
		d, err = openSQLite(ctx, strings.TrimPrefix(url, "sqlite:"))
		if err == nil {
			d.sqlitePath = strings.TrimPrefix(url, "sqlite:")
		}
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		d, err = openPostgres(ctx, url)
	default:
		return nil, fmt.Errorf("database URL must start with sqlite: or postgres://, got %q", redact(url))
	}
	if err != nil {
		return nil, err
	}
	d.url = url
	return d, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.closeStatements()
	err := d.W.Close()
	if d.R != d.W {
		err = errors.Join(err, d.R.Close())
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	return d.R.PingContext(ctx)
}

// Tx runs fn in one write transaction and commits when fn returns nil.
// A panic or an error rolls everything back, the audit record included.
func (d *DB) Tx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := d.W.BeginTx(ctx, nil)
	if err != nil {
		return errs.Wrap(err, "begin")
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return errs.Wrap(err, "commit")
	}
	if d.Dialect == SQLite && d.stmts.pending() {
		d.prepareWanted(ctx)
	}
	return nil
}

// redact hides a password in a URL for messages and logs, whether it is
// written before the host or as a query parameter.
func redact(raw string) string {
	u, err := neturl.Parse(raw)
	if err != nil || u.Scheme == "sqlite" || u.Host == "" {
		return raw
	}
	if _, has := u.User.Password(); has {
		u.User = neturl.UserPassword(u.User.Username(), "xxx")
	}
	q := u.Query()
	for k := range q {
		if strings.EqualFold(k, "password") {
			q.Set(k, "xxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Redacted returns the URL the database was opened with, password hidden.
func (d *DB) Redacted() string { return redact(d.url) }
