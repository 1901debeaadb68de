package db

import (
	"context"
	"database/sql"
	"sync"
)

// SQLite (modernc) parses every statement anew on each call, and on a hot
// write path the parsing costs more than the work. Cached returns a
// Querier over a transaction that runs each statement through a prepared
// statement kept for the writer connection. A statement seen for the first
// time inside a transaction runs unprepared and is prepared right after
// the transaction ends: the writer has one connection, which the
// transaction holds, so preparing inside it would wait for itself.
// PostgreSQL's driver caches prepared statements by itself, so there the
// transaction is used as it is.

type stmtCache struct {
	mu     sync.Mutex
	stmts  map[string]*sql.Stmt
	wanted map[string]bool
}

// Cached returns q for the statements of tx, cached where that helps.
func (d *DB) Cached(tx *sql.Tx) Querier {
	if d.Dialect != SQLite {
		return tx
	}
	return cachedTx{d: d, tx: tx}
}

type cachedTx struct {
	d  *DB
	tx *sql.Tx
}

func (c cachedTx) stmt(ctx context.Context, query string) *sql.Stmt {
	sc := &c.d.stmts
	sc.mu.Lock()
	st := sc.stmts[query]
	if st == nil {
		if sc.wanted == nil {
			sc.wanted = map[string]bool{}
		}
		if len(sc.stmts)+len(sc.wanted) < maxCachedStatements {
			sc.wanted[query] = true
		}
	}
	sc.mu.Unlock()
	if st == nil {
		return nil
	}
	return c.tx.StmtContext(ctx, st)
}

// maxCachedStatements bounds the cache: statements built from filters
// vary, and a runaway variety must not grow memory without end.
const maxCachedStatements = 512

func (c cachedTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return c.tx.ExecContext(ctx, query, args...)
}

func (c cachedTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return c.tx.QueryContext(ctx, query, args...)
}

func (c cachedTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if st := c.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return c.tx.QueryRowContext(ctx, query, args...)
}

// prepareWanted prepares the statements first seen in the transaction
// that just ended, now that the writer connection is free.
func (d *DB) prepareWanted(ctx context.Context) {
	sc := &d.stmts
	sc.mu.Lock()
	wanted := sc.wanted
	sc.wanted = nil
	sc.mu.Unlock()
	for q := range wanted {
		st, err := d.W.PrepareContext(ctx, q)
		if err != nil {
			continue // it will simply run unprepared
		}
		sc.mu.Lock()
		if sc.stmts == nil {
			sc.stmts = map[string]*sql.Stmt{}
		}
		if old := sc.stmts[q]; old != nil {
			_ = old.Close()
		}
		sc.stmts[q] = st
		sc.mu.Unlock()
	}
}

// closeStatements releases the cache.
func (d *DB) closeStatements() {
	sc := &d.stmts
	sc.mu.Lock()
	defer sc.mu.Unlock()
	for _, st := range sc.stmts {
		_ = st.Close()
	}
	sc.stmts = nil
}

func (sc *stmtCache) pending() bool {
	sc.mu.Lock()
	defer sc.mu.Unlock()
	return len(sc.wanted) > 0
}
