package account_test

import (
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// A code is good for its 30-second step and the steps either side, and
// only for a step later than the last one accepted: each code works once,
// and an older code never works after a newer one.
func TestCodeWindowAndReplay(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		e.user("sec", access.Secadmin, e.root, "")
		e.login("sec", account.WebSession) // enrols
		secret := e.secret(t, "sec")
		e.clock.Advance(2 * time.Minute)
		steps := []struct {
			name   string
			offset int // steps from now
			ok     bool
		}{
			{"two steps back", -2, false},
			{"two steps ahead", 2, false},
			{"one step back", -1, true},
			{"the same again", -1, false},
			{"one step ahead", 1, true},
			{"now, after a later step was used", 0, false},
		}
		for _, s := range steps {
			code, err := totp.GenerateCode(secret, e.clock.Now().Add(time.Duration(s.offset)*30*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			_, err = e.acc.Login(e.ctx, access.Actor{}, account.Credentials{Username: "sec", Password: testPassword, Code: code}, account.APISession)
			if (err == nil) != s.ok {
				t.Errorf("%s: %v, want accepted %v", s.name, err, s.ok)
			}
			if !s.ok && errs.As(err).Message != "err.totp_wrong" {
				t.Errorf("%s: %v, want err.totp_wrong", s.name, err)
			}
			// Keep the refusals of this table clear of the lockout.
			if _, err := d.W.ExecContext(e.ctx, "UPDATE users SET failed_logins = 0"); err != nil {
				t.Fatal(err)
			}
		}
	})
}
