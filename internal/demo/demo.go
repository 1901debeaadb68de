// Package demo loads the Pinghu 2022 demonstration dataset: the
// sub-district, its twelve communities and departments, and one account
// per role. Loading is deterministic, idempotent, all or nothing, and
// refuses to mix into a database that holds data of its own.
package demo

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Env is what the steps need.
type Env struct {
	DB       *db.DB
	Accounts *account.Service
	Audit    *audit.Log
	Now      func() time.Time
	Password string // the password of every demo account
}

// Step adds one module's demo data inside the loading transaction. Steps
// run in order; a later module appends its step to Steps.
type Step struct {
	Name string
	Run  func(ctx context.Context, tx *sql.Tx, env Env, st *State) error
}

// State is what earlier steps leave for later ones.
type State struct {
	Units    map[string]int64 // code → id
	Accounts []Account
}

// Account is one demo account, listed on the login page in demo mode.
type Account struct {
	Username string
	Role     access.Role
	UnitCode string
	UnitName string
}

// Steps is the demo dataset, in loading order.
var Steps = []Step{
	{Name: "organisation", Run: loadOrganisation},
	{Name: "accounts", Run: loadAccounts},
	// Listed here rather than appended from their files' init, which run
	// in file-name order: the campaign invites the people the enterprise
	// service creates.
	{Name: "enterprise service", Run: loadEnterpriseService},
	{Name: "campaign", Run: loadCampaign},
	{Name: "projects", Run: loadProjects},
	{Name: "proposals and rules", Run: loadProposals},
	{Name: "supervision", Run: loadSupervision},
	{Name: "micro-projects", Run: loadMicroprojects},
	{Name: "think tank", Run: loadThinkTank},
	{Name: "stations", Run: loadStations},
	{Name: "volunteers", Run: loadVolunteers},
	{Name: "red map", Run: loadBoundaries},
	{Name: "party", Run: loadParty},
	{Name: "links", Run: loadLinks},
}

const loadedKey = "demo.loaded"

// ErrForeignData is returned when the database holds data of its own.
var ErrForeignData = errors.New("demo: the database already holds data that is not demo data; refusing to mix the demo into it")

// Load loads the demo unless it is already loaded. It returns the demo
// accounts either way.
func Load(ctx context.Context, env Env) ([]Account, error) {
	actor := access.System("demo")
	var accounts []Account
	err := env.DB.Tx(ctx, func(tx *sql.Tx) error {
		var v string
		err := tx.QueryRowContext(ctx, "SELECT value FROM settings WHERE key = $1", loadedKey).Scan(&v)
		if err == nil {
			accounts, err = listAccounts(ctx, tx)
			return err
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return errs.Wrap(err, "demo marker")
		}
		if err := checkEmpty(ctx, tx); err != nil {
			return err
		}
		st := &State{Units: map[string]int64{}}
		for _, s := range Steps {
			if err := s.Run(ctx, tx, env, st); err != nil {
				return errs.Wrap(err, "demo step "+s.Name)
			}
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2)", loadedKey, env.Now().UTC().Format(time.RFC3339)); err != nil {
			return err
		}
		accounts = st.Accounts
		return env.Audit.Append(ctx, tx, actor, audit.Entry{Action: "demo.load", Entity: "demo"})
	})
	return accounts, err
}

// checkEmpty allows only what a fresh installation has: the root unit and
// at most the bootstrap administrator.
func checkEmpty(ctx context.Context, tx *sql.Tx) error {
	var units, users int
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM units WHERE kind <> 'root'").Scan(&units); err != nil {
		return err
	}
	if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM users WHERE username <> 'admin'").Scan(&users); err != nil {
		return err
	}
	if units > 0 || users > 0 {
		return ErrForeignData
	}
	return nil
}

func listAccounts(ctx context.Context, tx *sql.Tx) ([]Account, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.username, u.role, COALESCE(n.code, ''), COALESCE(n.name, '')
		FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	// The login page lists one account per role, not every extra leader
	// and specialist the dataset needs.
	listed := map[string]bool{"admin": true}
	for _, a := range demoAccounts {
		listed[a.Username] = true
	}
	var out []Account
	for rows.Next() {
		var a Account
		if err := rows.Scan(&a.Username, &a.Role, &a.UnitCode, &a.UnitName); err != nil {
			return nil, err
		}
		if listed[a.Username] {
			out = append(out, a)
		}
	}
	return out, rows.Err()
}

// Epoch is when the demo organisation is recorded as created: the start of
// the year the seed report describes, in China Standard Time.
var Epoch = time.Date(2022, 1, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).UTC()
