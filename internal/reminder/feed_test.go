package reminder_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/reminder"
)

// TestFeeds: a token finds its owner with their current scope until it is
// rotated or revoked, or the account disabled; nothing else finds anyone.
func TestFeeds(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		c := dbtest.NewClock(time.Date(2022, 6, 6, 1, 0, 0, 0, time.UTC))
		log := &audit.Log{DB: d, Now: c.Now}
		acc := &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}
		f := &reminder.Feeds{DB: d, Audit: log, Now: c.Now}
		root, err := org.FindByCode(ctx, d.R, "root")
		if err != nil {
			t.Fatal(err)
		}
		unit, err := org.Insert(ctx, d.W, org.Unit{Kind: org.Subdistrict, Name: "平湖", Code: "s", Active: true, CreatedAt: c.Now()}, root)
		if err != nil {
			t.Fatal(err)
		}
		user := func(name string, role access.Role) access.Actor {
			pw := "Lakeside-lamp-2022!"
			u, err := acc.CreateAs(ctx, access.System("test"), account.Input{Username: &name, DisplayName: &name, Role: &role,
				UnitID: &unit.ID, Password: &pw})
			if err != nil {
				t.Fatal(err)
			}
			a, err := account.ActorFor(ctx, d.R, u)
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		office, leader, auditor := user("office", access.Office), user("leader", access.Leader), user("auditor", access.Auditor)

		if st, _ := f.Status(ctx, office); st.Active {
			t.Errorf("status before any feed: %+v", st)
		}
		tok1, err := f.Rotate(ctx, office)
		if err != nil {
			t.Fatal(err)
		}
		if a, err := f.Owner(ctx, tok1); err != nil || a.UserID != office.UserID || a.ScopePath != office.ScopePath {
			t.Errorf("owner of tok1: %+v %v", a, err)
		}
		if n := count(t, d, "SELECT count(*) FROM calendar_feeds WHERE token_hash = $1", tok1); n != 0 {
			t.Errorf("the token itself is stored")
		}
		tok2, err := f.Rotate(ctx, office)
		if err != nil || tok2 == tok1 {
			t.Fatalf("rotate: %q %v", tok2, err)
		}
		notFound := func(what, token string) {
			t.Helper()
			if _, err := f.Owner(ctx, token); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s: %v, want not found", what, err)
			}
		}
		notFound("rotated-away token", tok1)
		notFound("unknown token", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
		notFound("short token", "abc")
		if _, err := f.Owner(ctx, tok2); err != nil {
			t.Errorf("current token: %v", err)
		}
		if st, _ := f.Status(ctx, office); !st.Active || !st.CreatedAt.Equal(c.Now()) {
			t.Errorf("status: %+v", st)
		}

		tokL, _ := f.Rotate(ctx, leader)
		if err := f.Revoke(ctx, leader); err != nil {
			t.Fatal(err)
		}
		notFound("revoked token", tokL)
		if err := f.Revoke(ctx, leader); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("revoke twice: %v", err)
		}

		if _, err := f.Rotate(ctx, auditor); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("auditor's feed: %v", err)
		}

		if _, err := d.W.ExecContext(ctx, "UPDATE users SET active = FALSE WHERE id = $1", office.UserID); err != nil {
			t.Fatal(err)
		}
		notFound("disabled owner", tok2)

		if n := count(t, d, "SELECT count(*) FROM audit_log WHERE action LIKE 'calendar_feed.%'"); n != 4 {
			t.Errorf("audit records %d, want 4 (create, rotate, create, revoke)", n)
		}
	})
}

func count(t *testing.T, d *db.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.R.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
