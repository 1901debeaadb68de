package db_test

import (
	"context"
	"database/sql"
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestMigrateIsIdempotent(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		again, err := d.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != 0 {
			t.Fatalf("second migrate applied %v", again)
		}
		var root string
		if err := d.R.QueryRowContext(ctx, "SELECT path FROM units WHERE code = 'root'").Scan(&root); err != nil {
			t.Fatal(err)
		}
		if root != "/1/" {
			t.Fatalf("root path %q", root)
		}
	})
}

func TestTxRollsBackOnError(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('a', 'b')"); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('a', 'c')")
			return err
		})
		if !db.IsUniqueViolation(err) {
			t.Fatalf("want unique violation, got %v", err)
		}
		var n int
		if err := d.R.QueryRowContext(ctx, "SELECT count(*) FROM settings").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Fatalf("rolled-back insert is visible: %d rows", n)
		}
	})
}

func TestAuditLogIsAppendOnly(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		_, err := d.W.ExecContext(ctx, `INSERT INTO audit_log (seq, at, actor, role, action, entity, entity_id, result, ip, request_id, before_data, after_data, prev_hash, hash)
			VALUES (1, $1, 'x', 'x', 'x', 'x', '1', 'ok', '', '', '', '', '', 'h')`, db.Micros(timeNow()))
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"UPDATE audit_log SET actor = 'y'",
			"DELETE FROM audit_log",
		} {
			if _, err := d.W.ExecContext(ctx, q); err == nil {
				t.Errorf("%s: the trigger did not refuse it", q)
			}
		}
	})
}

func TestSQLitePragmas(t *testing.T) {
	d := dbtest.Open(t, db.SQLite)
	ctx := context.Background()
	for pool, name := range map[*sql.DB]string{d.W: "writer", d.R: "reader"} {
		var mode string
		var sync, fk int
		if err := pool.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if err := pool.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil {
			t.Fatal(err)
		}
		if mode != "wal" || sync != 2 || fk != 1 {
			t.Errorf("%s: journal_mode=%s synchronous=%d foreign_keys=%d", name, mode, sync, fk)
		}
	}
	if _, err := d.R.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ('r', 'w')"); err == nil {
		t.Error("the reader pool accepted a write")
	}
}

func TestLikePatternEscapes(t *testing.T) {
	cases := map[string]string{"a": "%a%", "50%": `%50\%%`, "a_b": `%a\_b%`, `c\d`: `%c\\d%`}
	for in, want := range cases {
		if got := db.LikePattern(in); got != want {
			t.Errorf("LikePattern(%q) = %q, want %q", in, got, want)
		}
	}
}
