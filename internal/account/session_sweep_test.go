package account_test

import (
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// The sweep deletes exactly the sessions Authenticate would refuse: idle
// for the timeout or past their absolute end; a session in use stays.
func TestSweepSessions(t *testing.T) {
	idle, absolute := testPolicy.IdleTimeout, testPolicy.AbsoluteTimeout
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		e.user("zhang", access.Community, e.root, "")
		e.user("lisi", access.Community, e.root, "")
		used, _ := e.login("zhang", account.WebSession)
		e.login("lisi", account.WebSession)
		e.login("lisi", account.APISession)
		t0 := e.clock.Now()
		sweep := func(at time.Duration, deleted, left int) {
			t.Helper()
			e.clock.Set(t0.Add(at))
			n, err := e.acc.SweepSessions(e.ctx)
			if err != nil || n != int64(deleted) {
				t.Fatalf("at +%v: swept %d, %v; want %d", at, n, err, deleted)
			}
			if got := e.count("SELECT count(*) FROM sessions"); got != left {
				t.Fatalf("at +%v: %d sessions left, want %d", at, got, left)
			}
		}
		sweep(idle-time.Second, 0, 3)
		// zhang keeps working; lisi's two sessions fall idle.
		for at := 20 * time.Minute; at < absolute; at += 20 * time.Minute {
			e.clock.Set(t0.Add(at))
			if _, _, err := e.acc.Authenticate(e.ctx, used, account.WebSession); err != nil {
				t.Fatalf("at +%v: %v", at, err)
			}
			if at == 40*time.Minute {
				sweep(at, 2, 1)
			}
		}
		sweep(absolute-time.Second, 0, 1)
		sweep(absolute, 1, 0)
	})
}
