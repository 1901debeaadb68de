package testfix

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
)

// Password is every test user's password: it passes the password rules.
// #nosec G101 -- the password of throwaway test databases' users
const Password = "Lakeside-lamp-2022!"

// Fixture is a migrated database with the services every module's test
// needs beside its own: the clock the test moves, the audit log and the
// account service, and the root of the organisation tree.
type Fixture struct {
	TB       testing.TB
	Ctx      context.Context
	DB       *db.DB
	Clock    *dbtest.Clock
	Audit    *audit.Log
	Accounts *account.Service
	Root     org.Unit
}

// New returns the fixture over d with its clock standing at start.
func New(t testing.TB, d *db.DB, start time.Time) *Fixture {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(start)
	log := &audit.Log{DB: d, Now: c.Now}
	f := &Fixture{TB: t, Ctx: ctx, DB: d, Clock: c, Audit: log,
		// A cheap hasher: the suite creates many users, and hashing is
		// tested in the account package.
		Accounts: &account.Service{DB: d, Audit: log, Now: c.Now, Hasher: account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}}}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	f.Root = root
	return f
}

// Unit adds an active unit "单位 <code>" of kind under parent.
func (f *Fixture) Unit(parent org.Unit, kind org.Kind, code string) org.Unit {
	f.TB.Helper()
	return f.SortedUnit(parent, kind, code, 0)
}

// SortedUnit is Unit at a place among its siblings.
func (f *Fixture) SortedUnit(parent org.Unit, kind org.Kind, code string, sort int) org.Unit {
	f.TB.Helper()
	u, err := org.Insert(f.Ctx, f.DB.W, org.Unit{Kind: kind, Name: "单位 " + code, Code: code, SortOrder: sort,
		Active: true, CreatedAt: f.Clock.Now()}, parent)
	if err != nil {
		f.TB.Fatalf("unit %s: %v", code, err)
	}
	return u
}

// User adds a user of role in unit, named and shown as name, and returns
// the actor a sign-in would give them.
func (f *Fixture) User(name string, role access.Role, unit org.Unit) access.Actor {
	f.TB.Helper()
	return f.Account(account.Input{Username: &name, DisplayName: &name, Role: &role, UnitID: &unit.ID})
}

// Account adds the user in describes (with Password when it names none)
// and returns the actor a sign-in would give them.
func (f *Fixture) Account(in account.Input) access.Actor {
	f.TB.Helper()
	if in.Password == nil {
		pw := Password
		in.Password = &pw
	}
	u, err := f.Accounts.CreateAs(f.Ctx, access.System("test"), in)
	if err != nil {
		f.TB.Fatalf("user %v: %v", deref(in.Username), err)
	}
	a, err := account.ActorFor(f.Ctx, f.DB.R, u)
	if err != nil {
		f.TB.Fatal(err)
	}
	return a
}

// Count reads the one number q selects.
func (f *Fixture) Count(q string, args ...any) int {
	f.TB.Helper()
	var n int
	if err := f.DB.R.QueryRowContext(f.Ctx, q, args...).Scan(&n); err != nil {
		f.TB.Fatalf("%s: %v", q, err)
	}
	return n
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
