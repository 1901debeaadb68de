package org_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
)

// clock is the test's injected time.
type clock = dbtest.Clock

// env is the organisation service over one fresh database.
type env struct {
	t     *testing.T
	ctx   context.Context
	d     *db.DB
	clock *clock
	svc   *org.Service
	root  org.Unit
	admin access.Actor // a sysadmin with the whole tree in scope
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	c := dbtest.NewClock(time.Date(2022, 3, 1, 2, 0, 0, 0, time.UTC))
	log := &audit.Log{DB: d, Now: c.Now}
	root, err := org.FindByCode(ctx, d.R, "root")
	if err != nil {
		t.Fatal(err)
	}
	if root.ID != 1 || root.Path != org.RootPath {
		t.Fatalf("root unit %+v, want id 1 at %s", root, org.RootPath)
	}
	return &env{t: t, ctx: ctx, d: d, clock: c, svc: &org.Service{DB: d, Audit: log, Now: c.Now}, root: root,
		admin: actorAt(access.Sysadmin, root)}
}

// actorAt is a user of role whose scope is unit u.
func actorAt(role access.Role, u org.Unit) access.Actor {
	return access.Actor{UserID: 100 + u.ID, Username: string(role) + "-at-" + u.Code, Role: role, UnitID: u.ID, ScopePath: u.Path}
}

func ptr[T any](v T) *T { return &v }

// input is a complete creation input.
func input(parent org.Unit, kind org.Kind, code string) org.Input {
	return org.Input{ParentID: ptr(parent.ID), Kind: ptr(kind), Name: ptr("单位 " + code), Code: ptr(code)}
}

// unit creates a unit as the test's sysadmin.
func (e *env) unit(parent org.Unit, kind org.Kind, code string, sort int) org.Unit {
	e.t.Helper()
	in := input(parent, kind, code)
	in.SortOrder = &sort
	u, err := e.svc.Create(e.ctx, e.admin, in)
	if err != nil {
		e.t.Fatalf("create %s %s under %s: %v", kind, code, parent.Code, err)
	}
	return u
}

// deactivate switches a unit off as the test's sysadmin.
func (e *env) deactivate(u org.Unit) org.Unit {
	e.t.Helper()
	u, err := e.svc.Update(e.ctx, e.admin, u.ID, org.Input{Active: ptr(false)})
	if err != nil {
		e.t.Fatalf("deactivate %s: %v", u.Code, err)
	}
	return u
}

// counts returns the number of units and of audit records.
func (e *env) counts() (units, records int) {
	e.t.Helper()
	if err := e.d.R.QueryRowContext(e.ctx, "SELECT (SELECT count(*) FROM units), (SELECT count(*) FROM audit_log)").Scan(&units, &records); err != nil {
		e.t.Fatal(err)
	}
	return units, records
}

// stored reads a unit without scope.
func (e *env) stored(id int64) org.Unit {
	e.t.Helper()
	u, err := org.Get(e.ctx, e.d.R, id)
	if err != nil {
		e.t.Fatalf("unit %d: %v", id, err)
	}
	return u
}

// auditRecord is the part of an audit record these tests look at.
type auditRecord struct {
	Seq                   int64
	Actor, Action, Entity string
	EntityID, Result      string
	Before, After         string // as stored: JSON, or "" for none
	BeforeUnit, AfterUnit org.Unit
}

// records returns the audit records after seq, oldest first.
func (e *env) records(after int) []auditRecord {
	e.t.Helper()
	rows, err := e.d.R.QueryContext(e.ctx, `SELECT seq, actor, action, entity, entity_id, result, before_data, after_data
		FROM audit_log WHERE seq > $1 ORDER BY seq`, after)
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	var out []auditRecord
	for rows.Next() {
		var r auditRecord
		if err := rows.Scan(&r.Seq, &r.Actor, &r.Action, &r.Entity, &r.EntityID, &r.Result, &r.Before, &r.After); err != nil {
			e.t.Fatal(err)
		}
		if r.Before != "" {
			if err := json.Unmarshal([]byte(r.Before), &r.BeforeUnit); err != nil {
				e.t.Fatalf("before of record %d: %v", r.Seq, err)
			}
		}
		if r.After != "" {
			if err := json.Unmarshal([]byte(r.After), &r.AfterUnit); err != nil {
				e.t.Fatalf("after of record %d: %v", r.Seq, err)
			}
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		e.t.Fatal(err)
	}
	return out
}

// sameUnit compares the stored fields of two units.
func sameUnit(a, b org.Unit) bool {
	return a.ID == b.ID && a.ParentID == b.ParentID && a.Kind == b.Kind && a.Name == b.Name && a.Code == b.Code &&
		a.SortOrder == b.SortOrder && a.Active == b.Active && a.Path == b.Path &&
		a.CreatedAt.Equal(b.CreatedAt) && a.UpdatedAt.Equal(b.UpdatedAt)
}

func ids(us []org.Unit) []int64 {
	out := []int64{}
	for _, u := range us {
		out = append(out, u.ID)
	}
	return out
}
