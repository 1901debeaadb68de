package app

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"pinghu/internal/demo"
	"pinghu/internal/errs"
	"pinghu/internal/web"
)

// Prepare runs the first-start work: the first administrator, and the demo
// when asked for. Passwords that must be shown once go to out, never to
// the log.
func (a *App) Prepare(ctx context.Context, out io.Writer) error {
	adminPassword := a.Config.AdminPassword
	var demoPassword string
	if a.Config.Demo {
		var err error
		if demoPassword, err = a.demoPassword(ctx); err != nil {
			return err
		}
		if adminPassword == "" {
			adminPassword = demoPassword
		}
	}
	created, generated, err := a.Accounts.Bootstrap(ctx, adminPassword)
	if err != nil {
		return fmt.Errorf("creating the first administrator: %w", err)
	}
	if created {
		slog.Info("created the first administrator", "username", "admin")
		if generated != "" {
			fmt.Fprintf(out, "\nThe first administrator is \"admin\" with the password\n\n    %s\n\nIt is shown only this once; change it after signing in.\n\n", generated)
		}
	}
	if !a.Config.Demo {
		return nil
	}
	accounts, err := demo.Load(ctx, demo.Env{DB: a.DB, Accounts: a.Accounts, Audit: a.Audit, Now: a.Now, Password: demoPassword})
	if err != nil {
		return err
	}
	a.Web.DemoPassword = demoPassword
	a.Web.DemoAccounts = nil
	for _, acc := range accounts {
		name := acc.UnitName
		if acc.UnitCode == "root" {
			name = ""
		}
		a.Web.DemoAccounts = append(a.Web.DemoAccounts, web.DemoAccount{Username: acc.Username, Role: acc.Role, Unit: name})
	}
	fmt.Fprintf(out, "Demo mode: every demo account, admin included, signs in with the password %s\n", demoPassword)
	return nil
}

const demoPasswordKey = "demo.password"

// demoPassword is PINGHU_DEMO_PASSWORD, or the one chosen at the demo's
// first load, or a new random one. It is kept so that the login page can
// show it after a restart; it exists only in demo databases.
func (a *App) demoPassword(ctx context.Context) (string, error) {
	var pw string
	err := a.DB.R.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", demoPasswordKey).Scan(&pw)
	if err == nil {
		return pw, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	pw = a.Config.DemoPassword
	if pw == "" {
		b := make([]byte, 9)
		if _, err := rand.Read(b); err != nil {
			return "", err
		}
		pw = "demo-" + base64.RawURLEncoding.EncodeToString(b)
	}
	_, err = a.DB.W.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING", demoPasswordKey, pw)
	if err != nil {
		return "", errs.Wrap(err, "demo password")
	}
	// Another process may have chosen first: read what was kept.
	err = a.DB.R.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", demoPasswordKey).Scan(&pw)
	return pw, err
}

// RunHousekeeping deletes, once at start and then every hour until ctx
// ends, the audit records past their retention and the sessions that can
// no longer be used (expired or idle), which would otherwise keep the
// address and browser they recorded for good.
func (a *App) RunHousekeeping(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		a.housekeeping(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (a *App) housekeeping(ctx context.Context) {
	n, err := a.Audit.Purge(ctx, a.Config.AuditRetention)
	if err != nil {
		slog.Error("audit retention", "err", err)
	} else if n > 0 {
		slog.Info("audit retention", "deleted", n)
	}
	if n, err = a.Accounts.SweepSessions(ctx); err != nil {
		slog.Error("session sweep", "err", err)
	} else if n > 0 {
		slog.Info("session sweep", "deleted", n)
	}
}
