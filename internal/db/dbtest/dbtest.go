// Package dbtest gives each test a fresh, migrated database, and runs one
// test body under every database, in the shape of net/http's run(t, fn,
// modes): SQLite always, PostgreSQL when PINGHU_TEST_POSTGRES holds a URL.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pinghu/internal/db"
)

// EnvPostgres names the variable holding a PostgreSQL URL for tests.
const EnvPostgres = "PINGHU_TEST_POSTGRES"

// Run runs fn once per available database, each as a subtest with its own
// fresh database.
func Run(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Dialects lists the databases the suite runs on here. Under CI both are
// required: a missing PostgreSQL URL there fails instead of silently
// testing less.
func Dialects() []db.Dialect {
	if os.Getenv(EnvPostgres) != "" {
		return []db.Dialect{db.SQLite, db.Postgres}
	}
	return []db.Dialect{db.SQLite}
}

// RequirePostgresInCI fails the test when CI runs without PostgreSQL.
func RequirePostgresInCI(t *testing.T) {
	if os.Getenv("CI") != "" && os.Getenv(EnvPostgres) == "" {
		t.Fatalf("CI is set but %s is empty: the PostgreSQL half of the suite would not run", EnvPostgres)
	}
}

// Open returns a fresh migrated database of the given dialect, removed when
// the test ends.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	url := URL(t, dialect)
	ctx := context.Background()
	d, err := db.Open(ctx, url)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if _, err := d.Migrate(ctx); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return d
}

// URL returns the URL of a fresh, empty database: a file in a temporary
// folder for SQLite, a new schema for PostgreSQL (dropped at cleanup).
func URL(t testing.TB, dialect db.Dialect) string {
	t.Helper()
	if dialect == db.SQLite {
		return "sqlite:" + filepath.Join(t.TempDir(), "pinghu.db")
	}
	base := os.Getenv(EnvPostgres)
	if base == "" {
		t.Skipf("%s is not set", EnvPostgres)
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	return base + sep + "search_path=" + schema
}
