package org_test

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// fixture is a small tree:
//
//	root
//	├── D   district "dist"
//	│   └── DD  department "dist-dept"
//	└── S   subdistrict "pinghu"
//	    ├── C2  community "c2" (sort 1)
//	    ├── C1  community "c1" (sort 2)
//	    │   └── G1 grid "c1-g1"
//	    ├── C3  community "c3" (sort 3, inactive)
//	    └── DP  department "office" (sort 4)
type fixture struct {
	D, DD, S, C1, C2, C3, G1, DP org.Unit
}

func (e *env) fixture() fixture {
	e.t.Helper()
	var f fixture
	f.D = e.unit(e.root, org.District, "dist", 0)
	f.DD = e.unit(f.D, org.Department, "dist-dept", 0)
	f.S = e.unit(e.root, org.Subdistrict, "pinghu", 0)
	f.C1 = e.unit(f.S, org.Community, "c1", 2)
	f.C2 = e.unit(f.S, org.Community, "c2", 1)
	f.C3 = e.deactivate(e.unit(f.S, org.Community, "c3", 3))
	f.G1 = e.unit(f.C1, org.Grid, "c1-g1", 0)
	f.DP = e.unit(f.S, org.Department, "office", 4)
	return f
}

func TestCreate(t *testing.T) {
	cases := []struct {
		name   string
		actor  func(e *env, f fixture) access.Actor
		in     func(e *env, f fixture) org.Input
		parent func(e *env, f fixture) org.Unit
		check  func(t *testing.T, u org.Unit)
	}{
		{name: "district under root",
			in:     func(e *env, f fixture) org.Input { return input(e.root, org.District, "d2") },
			parent: func(e *env, f fixture) org.Unit { return e.root }},
		{name: "subdistrict under root",
			in:     func(e *env, f fixture) org.Input { return input(e.root, org.Subdistrict, "s2") },
			parent: func(e *env, f fixture) org.Unit { return e.root }},
		{name: "subdistrict under district",
			in:     func(e *env, f fixture) org.Input { return input(f.D, org.Subdistrict, "s3") },
			parent: func(e *env, f fixture) org.Unit { return f.D }},
		{name: "community under subdistrict",
			in:     func(e *env, f fixture) org.Input { return input(f.S, org.Community, "c4") },
			parent: func(e *env, f fixture) org.Unit { return f.S }},
		{name: "grid under community",
			in:     func(e *env, f fixture) org.Input { return input(f.C1, org.Grid, "c1-g2") },
			parent: func(e *env, f fixture) org.Unit { return f.C1 }},
		{name: "department under district",
			in:     func(e *env, f fixture) org.Input { return input(f.D, org.Department, "dd2") },
			parent: func(e *env, f fixture) org.Unit { return f.D }},
		{name: "department under subdistrict",
			in:     func(e *env, f fixture) org.Input { return input(f.S, org.Department, "dp2") },
			parent: func(e *env, f fixture) org.Unit { return f.S }},
		{name: "a sysadmin scoped to a community, under their own unit",
			actor:  func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			in:     func(e *env, f fixture) org.Input { return input(f.C1, org.Grid, "c1-g3") },
			parent: func(e *env, f fixture) org.Unit { return f.C1 }},
		{name: "name and code trimmed, limits reached",
			in: func(e *env, f fixture) org.Input {
				in := input(f.S, org.Community, "  "+strings.Repeat("x", 40)+"\t")
				in.Name = ptr("  " + strings.Repeat("湖", 60) + " ")
				in.SortOrder = ptr(-100000)
				return in
			},
			parent: func(e *env, f fixture) org.Unit { return f.S },
			check: func(t *testing.T, u org.Unit) {
				if u.Code != strings.Repeat("x", 40) || u.Name != strings.Repeat("湖", 60) || u.SortOrder != -100000 {
					t.Errorf("code %q name %q sort %d: not trimmed or not kept", u.Code, u.Name, u.SortOrder)
				}
			}},
		{name: "code with every permitted character",
			in:     func(e *env, f fixture) org.Input { return input(f.S, org.Community, "A9_b.c-D") },
			parent: func(e *env, f fixture) org.Unit { return f.S }},
		{name: "created inactive",
			in: func(e *env, f fixture) org.Input {
				in := input(f.S, org.Community, "c6")
				in.Active = ptr(false)
				return in
			},
			parent: func(e *env, f fixture) org.Unit { return f.S },
			check: func(t *testing.T, u org.Unit) {
				if u.Active {
					t.Error("asked for an inactive unit, got an active one")
				}
			}},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				e.t = t
				actor := e.admin
				if c.actor != nil {
					actor = c.actor(e, f)
				}
				parent := c.parent(e, f)
				e.clock.Advance(time.Minute)
				units, records := e.counts()
				u, err := e.svc.Create(e.ctx, actor, c.in(e, f))
				if err != nil {
					t.Fatal(err)
				}
				if u.ID <= 0 || u.ParentID != parent.ID || u.Path != parent.Path+strconv.FormatInt(u.ID, 10)+"/" {
					t.Errorf("id %d parent %d path %q under %+v", u.ID, u.ParentID, u.Path, parent)
				}
				if !u.CreatedAt.Equal(e.clock.Now()) || !u.UpdatedAt.Equal(e.clock.Now()) {
					t.Errorf("created %v updated %v, want the injected clock's %v", u.CreatedAt, u.UpdatedAt, e.clock.Now())
				}
				if c.check != nil {
					c.check(t, u)
				} else if !u.Active {
					t.Error("new unit is inactive")
				}
				if got := e.stored(u.ID); !sameUnit(got, u) {
					t.Errorf("stored %+v, returned %+v", got, u)
				}
				if u2, r2 := e.counts(); u2 != units+1 || r2 != records+1 {
					t.Errorf("units %d→%d, audit records %d→%d; want one more of each", units, u2, records, r2)
				}
				rs := e.records(records)
				if len(rs) != 1 {
					t.Fatalf("%d audit records, want 1", len(rs))
				}
				r := rs[0]
				if r.Action != "unit.create" || r.Entity != "unit" || r.EntityID != strconv.FormatInt(u.ID, 10) ||
					r.Actor != actor.Username || r.Result != "ok" || r.Before != "" || !sameUnit(r.AfterUnit, u) {
					t.Errorf("audit record %+v for %+v", r, u)
				}
			})
		}
	})
}

func TestCreateRefused(t *testing.T) {
	type fields = map[string]string
	long := strings.Repeat("长", 61)
	cases := []struct {
		name  string
		actor func(e *env, f fixture) access.Actor // nil: the root sysadmin
		in    func(e *env, f fixture) org.Input
		want  fields
	}{
		{"nothing given", nil, func(e *env, f fixture) org.Input { return org.Input{} },
			fields{"parent_id": "err.required", "kind": "err.required", "name": "err.required", "code": "err.required"}},
		{"no parent", nil, func(e *env, f fixture) org.Input { in := input(f.S, org.Community, "n1"); in.ParentID = nil; return in },
			fields{"parent_id": "err.required"}},
		{"parent zero", nil, func(e *env, f fixture) org.Input {
			in := input(f.S, org.Community, "n1")
			in.ParentID = ptr(int64(0))
			return in
		},
			fields{"parent_id": "err.required"}},
		{"parent negative", nil, func(e *env, f fixture) org.Input {
			in := input(f.S, org.Community, "n1")
			in.ParentID = ptr(int64(-1))
			return in
		}, fields{"parent_id": "err.required"}},
		{"no kind", nil, func(e *env, f fixture) org.Input { in := input(f.S, org.Community, "n1"); in.Kind = nil; return in },
			fields{"kind": "err.required"}},
		{"no name", nil, func(e *env, f fixture) org.Input { in := input(f.S, org.Community, "n1"); in.Name = nil; return in },
			fields{"name": "err.required"}},
		{"blank name", nil, func(e *env, f fixture) org.Input {
			in := input(f.S, org.Community, "n1")
			in.Name = ptr(" \t ")
			return in
		},
			fields{"name": "err.required"}},
		{"name too long", nil, func(e *env, f fixture) org.Input { in := input(f.S, org.Community, "n1"); in.Name = &long; return in },
			fields{"name": "err.too_long"}},
		{"no code", nil, func(e *env, f fixture) org.Input { in := input(f.S, org.Community, "n1"); in.Code = nil; return in },
			fields{"code": "err.required"}},
		{"blank code", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "   ") },
			fields{"code": "err.required"}},
		{"code with a space", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "c 9") },
			fields{"code": "err.unit_code"}},
		{"code in Chinese", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "社区9") },
			fields{"code": "err.unit_code"}},
		{"code starting with a hyphen", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "-c9") },
			fields{"code": "err.unit_code"}},
		{"code with a slash", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "c/9") },
			fields{"code": "err.unit_code"}},
		{"code with a percent sign", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "c%9") },
			fields{"code": "err.unit_code"}},
		{"code too long", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, strings.Repeat("c", 41)) },
			fields{"code": "err.unit_code"}},
		{"unknown kind", nil, func(e *env, f fixture) org.Input { return input(f.S, "village", "n1") },
			fields{"kind": "err.unit_kind"}},
		{"empty kind", nil, func(e *env, f fixture) org.Input { return input(f.S, "", "n1") },
			fields{"kind": "err.unit_kind"}},
		{"a second root", nil, func(e *env, f fixture) org.Input { return input(e.root, org.Root, "root2") },
			fields{"kind": "err.unit_kind"}},
		{"sort order out of range", nil, func(e *env, f fixture) org.Input {
			in := input(f.S, org.Community, "n1")
			in.SortOrder = ptr(100001)
			return in
		}, fields{"sort_order": "err.out_of_range"}},
		{"several problems at once", nil, func(e *env, f fixture) org.Input {
			in := input(f.S, "village", "bad code")
			in.Name = &long
			return in
		}, fields{"kind": "err.unit_kind", "name": "err.too_long", "code": "err.unit_code"}},
		{"unknown parent", nil, func(e *env, f fixture) org.Input {
			in := input(f.S, org.Community, "n1")
			in.ParentID = ptr(int64(99999))
			return in
		}, fields{"parent_id": "err.unit_unknown"}},
		{"parent in a sibling community", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(e *env, f fixture) org.Input { return input(f.C2, org.Grid, "n1") }, fields{"parent_id": "err.unit_unknown"}},
		{"parent above the actor's scope", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(e *env, f fixture) org.Input { return input(f.S, org.Community, "n1") }, fields{"parent_id": "err.unit_unknown"}},
		{"an actor without a scope", func(e *env, f fixture) access.Actor { return access.Actor{UserID: 5, Role: access.Sysadmin} },
			func(e *env, f fixture) org.Input { return input(f.S, org.Community, "n1") }, fields{"parent_id": "err.unit_unknown"}},
		{"community under a district", nil, func(e *env, f fixture) org.Input { return input(f.D, org.Community, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"community under root", nil, func(e *env, f fixture) org.Input { return input(e.root, org.Community, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"community under a community", nil, func(e *env, f fixture) org.Input { return input(f.C1, org.Community, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"grid under a subdistrict", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Grid, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"grid under a grid", nil, func(e *env, f fixture) org.Input { return input(f.G1, org.Grid, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"department under a community", nil, func(e *env, f fixture) org.Input { return input(f.C1, org.Department, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"department under a department", nil, func(e *env, f fixture) org.Input { return input(f.DP, org.Department, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"district under a subdistrict", nil, func(e *env, f fixture) org.Input { return input(f.S, org.District, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"district under a district", nil, func(e *env, f fixture) org.Input { return input(f.D, org.District, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"subdistrict under a community", nil, func(e *env, f fixture) org.Input { return input(f.C1, org.Subdistrict, "n1") },
			fields{"kind": "err.unit_parent_kind"}},
		{"inactive parent", nil, func(e *env, f fixture) org.Input { return input(f.C3, org.Grid, "n1") },
			fields{"parent_id": "err.unit_inactive"}},
		{"duplicate code", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "c1") },
			fields{"code": "err.unit_code_taken"}},
		{"duplicate code once trimmed", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, " c2 ") },
			fields{"code": "err.unit_code_taken"}},
		{"the root's code", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "root") },
			fields{"code": "err.unit_code_taken"}},
		{"the code of an inactive unit", nil, func(e *env, f fixture) org.Input { return input(f.S, org.Community, "c3") },
			fields{"code": "err.unit_code_taken"}},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		for _, c := range cases {
			actor := e.admin
			if c.actor != nil {
				actor = c.actor(e, f)
			}
			units, records := e.counts()
			u, err := e.svc.Create(e.ctx, actor, c.in(e, f))
			er := errs.As(err)
			if err == nil || er.Code != errs.Invalid || !maps.Equal(er.Fields, c.want) {
				t.Errorf("%s: got %+v, %v; want invalid with fields %v", c.name, u, err, c.want)
			}
			if u2, r2 := e.counts(); u2 != units || r2 != records {
				t.Errorf("%s: units %d→%d, audit records %d→%d; a refused create wrote something", c.name, units, u2, records, r2)
			}
		}
	})
}

func TestUpdate(t *testing.T) {
	cases := []struct {
		name   string
		actor  func(e *env, f fixture) access.Actor
		target func(f fixture) org.Unit
		in     org.Input
		want   func(before org.Unit) org.Unit // the unit after, UpdatedAt aside
	}{
		{"rename", nil, func(f fixture) org.Unit { return f.C1 }, org.Input{Name: ptr("  新平湖社区 ")},
			func(u org.Unit) org.Unit { u.Name = "新平湖社区"; return u }},
		{"new code", nil, func(f fixture) org.Unit { return f.C2 }, org.Input{Code: ptr("c2-new")},
			func(u org.Unit) org.Unit { u.Code = "c2-new"; return u }},
		{"new sort order", nil, func(f fixture) org.Unit { return f.DP }, org.Input{SortOrder: ptr(-7)},
			func(u org.Unit) org.Unit { u.SortOrder = -7; return u }},
		{"deactivate", nil, func(f fixture) org.Unit { return f.G1 }, org.Input{Active: ptr(false)},
			func(u org.Unit) org.Unit { u.Active = false; return u }},
		{"reactivate", nil, func(f fixture) org.Unit { return f.C3 }, org.Input{Active: ptr(true)},
			func(u org.Unit) org.Unit { u.Active = true; return u }},
		{"rename the root", nil, func(f fixture) org.Unit { return org.Unit{ID: 1} }, org.Input{Name: ptr("平湖街道党工委")},
			func(u org.Unit) org.Unit { u.Name = "平湖街道党工委"; return u }},
		{"the root keeps its code", nil, func(f fixture) org.Unit { return org.Unit{ID: 1} }, org.Input{Code: ptr("root"), Active: ptr(true)},
			func(u org.Unit) org.Unit { return u }},
		{"keep own code", nil, func(f fixture) org.Unit { return f.S }, org.Input{Code: ptr("pinghu"), Name: ptr("平湖街道")},
			func(u org.Unit) org.Unit { u.Name = "平湖街道"; return u }},
		{"everything at once", nil, func(f fixture) org.Unit { return f.DD },
			org.Input{Name: ptr("组织部"), Code: ptr("zzb"), SortOrder: ptr(9), Active: ptr(false)},
			func(u org.Unit) org.Unit {
				u.Name, u.Code, u.SortOrder, u.Active = "组织部", "zzb", 9, false
				return u
			}},
		{"a community's sysadmin renames their own unit", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(f fixture) org.Unit { return f.C1 }, org.Input{Name: ptr("一社区")},
			func(u org.Unit) org.Unit { u.Name = "一社区"; return u }},
		{"a community's sysadmin keeps their own unit active", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(f fixture) org.Unit { return f.C1 }, org.Input{Active: ptr(true)},
			func(u org.Unit) org.Unit { return u }},
		{"a community's sysadmin deactivates a grid of it", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(f fixture) org.Unit { return f.G1 }, org.Input{Active: ptr(false)},
			func(u org.Unit) org.Unit { u.Active = false; return u }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				e := newEnv(t, d)
				f := e.fixture()
				actor := e.admin
				if c.actor != nil {
					actor = c.actor(e, f)
				}
				before := e.stored(c.target(f).ID)
				e.clock.Advance(time.Hour)
				_, records := e.counts()
				got, err := e.svc.Update(e.ctx, actor, before.ID, c.in)
				if err != nil {
					t.Fatal(err)
				}
				want := c.want(before)
				want.UpdatedAt = e.clock.Now()
				if !sameUnit(got, want) {
					t.Errorf("returned %+v, want %+v", got, want)
				}
				if stored := e.stored(before.ID); !sameUnit(stored, want) {
					t.Errorf("stored %+v, want %+v", stored, want)
				}
				rs := e.records(records)
				if len(rs) != 1 {
					t.Fatalf("%d audit records, want 1", len(rs))
				}
				r := rs[0]
				if r.Action != "unit.update" || r.Entity != "unit" || r.EntityID != strconv.FormatInt(before.ID, 10) ||
					r.Actor != actor.Username || !sameUnit(r.BeforeUnit, before) || !sameUnit(r.AfterUnit, want) {
					t.Errorf("audit record %+v; want before %+v after %+v", r, before, want)
				}
			})
		})
	}
}

func TestUpdateRefused(t *testing.T) {
	cases := []struct {
		name   string
		actor  func(e *env, f fixture) access.Actor
		target func(e *env, f fixture) int64
		in     org.Input
		code   errs.Code
		fields map[string]string
	}{
		{"deactivating the actor's own unit", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Active: ptr(false)},
			errs.Invalid, map[string]string{"active": "err.unit_own_scope"}},
		{"deactivating the actor's own unit along with a rename", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.S) },
			func(e *env, f fixture) int64 { return f.S.ID }, org.Input{Name: ptr("x"), Active: ptr(false)},
			errs.Invalid, map[string]string{"active": "err.unit_own_scope"}},
		{"changing the kind", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Kind: ptr(org.Grid)},
			errs.Invalid, map[string]string{"kind": "err.unit_kind_fixed"}},
		{"changing the kind to the same kind", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Kind: ptr(org.Community)},
			errs.Invalid, map[string]string{"kind": "err.unit_kind_fixed"}},
		{"moving to another parent", nil, func(e *env, f fixture) int64 { return f.G1.ID }, org.Input{ParentID: ptr(int64(1))},
			errs.Invalid, map[string]string{"parent_id": "err.unit_move"}},
		{"kind and parent at once", nil, func(e *env, f fixture) int64 { return f.C1.ID },
			org.Input{ParentID: ptr(int64(1)), Kind: ptr(org.Subdistrict)},
			errs.Invalid, map[string]string{"parent_id": "err.unit_move", "kind": "err.unit_kind_fixed"}},
		{"blank name", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Name: ptr("  ")},
			errs.Invalid, map[string]string{"name": "err.required"}},
		{"name too long", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Name: ptr(strings.Repeat("名", 61))},
			errs.Invalid, map[string]string{"name": "err.too_long"}},
		{"bad code", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Code: ptr("c 1")},
			errs.Invalid, map[string]string{"code": "err.unit_code"}},
		{"another unit's code", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Code: ptr("c2")},
			errs.Invalid, map[string]string{"code": "err.unit_code_taken"}},
		{"sort order out of range", nil, func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{SortOrder: ptr(-100001)},
			errs.Invalid, map[string]string{"sort_order": "err.out_of_range"}},
		{"a sibling community", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(e *env, f fixture) int64 { return f.C2.ID }, org.Input{Name: ptr("x")}, errs.NotFound, nil},
		{"the parent of the actor's unit", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.C1) },
			func(e *env, f fixture) int64 { return f.S.ID }, org.Input{Active: ptr(false)}, errs.NotFound, nil},
		{"an actor without a scope", func(e *env, f fixture) access.Actor { return access.Actor{UserID: 5, Role: access.Sysadmin} },
			func(e *env, f fixture) int64 { return f.C1.ID }, org.Input{Name: ptr("x")}, errs.NotFound, nil},
		{"an unknown unit", nil, func(e *env, f fixture) int64 { return 99999 }, org.Input{Name: ptr("x")}, errs.NotFound, nil},
		{"the root's code", nil, func(e *env, f fixture) int64 { return e.root.ID }, org.Input{Code: ptr("top")},
			errs.Invalid, map[string]string{"code": "err.unit_root"}},
		{"the root's code with its name", nil, func(e *env, f fixture) int64 { return e.root.ID }, org.Input{Name: ptr("x"), Code: ptr("top")},
			errs.Invalid, map[string]string{"code": "err.unit_root"}},
		{"the root out of a subdistrict's scope", func(e *env, f fixture) access.Actor { return actorAt(access.Sysadmin, f.S) },
			func(e *env, f fixture) int64 { return e.root.ID }, org.Input{Name: ptr("x")}, errs.NotFound, nil},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		all, err := e.svc.Tree(e.ctx, e.admin)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cases {
			actor := e.admin
			if c.actor != nil {
				actor = c.actor(e, f)
			}
			_, records := e.counts()
			got, err := e.svc.Update(e.ctx, actor, c.target(e, f), c.in)
			er := errs.As(err)
			if err == nil || er.Code != c.code || !maps.Equal(er.Fields, c.fields) {
				t.Errorf("%s: got %+v, %v; want %s with fields %v", c.name, got, err, c.code, c.fields)
			}
			if _, r2 := e.counts(); r2 != records {
				t.Errorf("%s: a refused update wrote %d audit records", c.name, r2-records)
			}
			for _, u := range all {
				if s := e.stored(u.ID); !sameUnit(s, u) {
					t.Errorf("%s: unit %s changed to %+v", c.name, u.Code, s)
				}
			}
		}
	})
}

func TestOnlyTheSysadminManagesUnits(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		roles := append([]access.Role{"system", ""}, access.Roles...)
		for _, role := range roles {
			if role == access.Sysadmin {
				continue
			}
			a := actorAt(role, e.root)
			units, records := e.counts()
			if u, err := e.svc.Create(e.ctx, a, input(f.S, org.Community, "by-"+string(role))); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%q creates: %+v, %v; want not_found", role, u, err)
			}
			if u, err := e.svc.Update(e.ctx, a, f.C1.ID, org.Input{Name: ptr("by " + string(role))}); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%q updates: %+v, %v; want not_found", role, u, err)
			}
			if u, err := e.svc.Update(e.ctx, a, f.C1.ID, org.Input{Active: ptr(false)}); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%q deactivates: %+v, %v; want not_found", role, u, err)
			}
			if u2, r2 := e.counts(); u2 != units || r2 != records {
				t.Errorf("%q: units %d→%d, audit %d→%d", role, units, u2, records, r2)
			}
			if s := e.stored(f.C1.ID); !sameUnit(s, f.C1) {
				t.Errorf("%q changed c1 to %+v", role, s)
			}
		}
	})
}

// TestScopeDoesNotLeakToSiblingsSharingDigits builds communities 3 and 33
// side by side: the scope /1/2/3/ must not reach /1/2/33/.
func TestScopeDoesNotLeakToSiblingsSharingDigits(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		s := e.unit(e.root, org.Subdistrict, "s", 0)
		byID := map[int64]org.Unit{}
		for i := 0; len(byID) == 0 || !(hasID(byID, 33)); i++ {
			if i > 60 {
				t.Fatal("unit 33 was never made")
			}
			u := e.unit(s, org.Community, fmt.Sprintf("c%d", i), 0)
			byID[u.ID] = u
		}
		c3, c33 := byID[3], byID[33]
		if s.Path != "/1/2/" || c3.Path != "/1/2/3/" || c33.Path != "/1/2/33/" {
			t.Fatalf("paths %q %q %q; want /1/2/ /1/2/3/ /1/2/33/", s.Path, c3.Path, c33.Path)
		}
		g3 := e.unit(c3, org.Grid, "g3", 0)
		g33 := e.unit(c33, org.Grid, "g33", 0)
		g33b := e.unit(c33, org.Grid, "g33b", 0)

		cases := []struct {
			name    string
			actor   access.Actor
			visible []int64 // in List order
		}{
			{"community 3", actorAt(access.Community, c3), []int64{c3.ID, g3.ID}},
			{"community 33", actorAt(access.Community, c33), []int64{c33.ID, g33.ID, g33b.ID}},
			{"grid 3", actorAt(access.Community, g3), []int64{g3.ID}},
			{"dept role at 3", actorAt(access.Dept, c3), []int64{c3.ID, g3.ID}},
			{"secadmin at 33", actorAt(access.Secadmin, c33), []int64{c33.ID, g33.ID, g33b.ID}},
			{"no unit", access.Actor{UserID: 7, Role: access.Community, ScopePath: c3.Path}, nil},
			{"no path", access.Actor{UserID: 7, Role: access.Community, UnitID: c3.ID}, nil},
			{"a path of only a slash", access.Actor{UserID: 7, Role: access.Community, UnitID: c3.ID, ScopePath: "/"}, nil},
		}
		every := []int64{e.root.ID, s.ID, g3.ID, g33.ID, g33b.ID, 99999}
		for id := range byID {
			every = append(every, id)
		}
		for _, c := range cases {
			got, err := e.svc.List(e.ctx, c.actor, org.Filter{Page: db.NewPage(1, 100)})
			if err != nil {
				t.Errorf("%s: List: %v", c.name, err)
				continue
			}
			want := c.visible
			if want == nil {
				want = []int64{}
			}
			if !slices.Equal(ids(got.Items), want) || got.Total != len(want) {
				t.Errorf("%s: List = %v (total %d), want %v", c.name, ids(got.Items), got.Total, want)
			}
			tree, err := e.svc.Tree(e.ctx, c.actor)
			if err != nil || !slices.Equal(sorted(ids(tree)), sorted(want)) {
				t.Errorf("%s: Tree = %v, %v; want %v", c.name, ids(tree), err, want)
			}
			for _, id := range every {
				u, err := e.svc.Get(e.ctx, c.actor, id)
				if slices.Contains(want, id) {
					if err != nil || u.ID != id {
						t.Errorf("%s: Get(%d) = %+v, %v; want it", c.name, id, u, err)
					}
				} else if errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s: Get(%d) = %+v, %v; want not_found", c.name, id, u, err)
				}
			}
		}
	})
}

func hasID(m map[int64]org.Unit, id int64) bool { _, ok := m[id]; return ok }

func sorted(s []int64) []int64 { s = slices.Clone(s); slices.Sort(s); return s }

func TestReadingNeedsThePermission(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		for _, role := range append([]access.Role{"system", ""}, access.Roles...) {
			a := actorAt(role, e.root)
			reads := access.Can(role, access.ReadUnits)
			list, err := e.svc.List(e.ctx, a, org.Filter{Page: db.NewPage(1, 100)})
			if reads != (err == nil) || (!reads && (errs.CodeOf(err) != errs.NotFound || len(list.Items) != 0)) {
				t.Errorf("%q: List = %d items, %v; may read: %v", role, len(list.Items), err, reads)
			}
			_, err = e.svc.Get(e.ctx, a, f.C1.ID)
			if reads != (err == nil) || (!reads && errs.CodeOf(err) != errs.NotFound) {
				t.Errorf("%q: Get = %v; may read: %v", role, err, reads)
			}
			// The tree serves the account pages too, so the two account
			// officers read it.
			tree := reads || role == access.Sysadmin || role == access.Secadmin
			_, err = e.svc.Tree(e.ctx, a)
			if tree != (err == nil) || (!tree && errs.CodeOf(err) != errs.NotFound) {
				t.Errorf("%q: Tree = %v; may read: %v", role, err, tree)
			}
			counts, err := e.svc.CountByKind(e.ctx, a)
			if err != nil || (!reads && len(counts) != 0) {
				t.Errorf("%q: CountByKind = %v, %v; may read: %v", role, counts, err, reads)
			}
		}
	})
}

func TestListFilters(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		pct := e.unit(f.C2, org.Grid, "c2_g1", 0)
		if _, err := e.svc.Update(e.ctx, e.admin, pct.ID, org.Input{Name: ptr("达标率100%网格")}); err != nil {
			t.Fatal(err)
		}
		page := db.NewPage(1, 100)
		cases := []struct {
			name  string
			actor access.Actor
			f     org.Filter
			want  []int64
			total int
		}{
			{"everything but the root, by parent then sort order", e.admin, org.Filter{Page: page},
				[]int64{f.D.ID, f.S.ID, f.DD.ID, f.C2.ID, f.C1.ID, f.C3.ID, f.DP.ID, f.G1.ID, pct.ID}, 9},
			{"children of the subdistrict by sort order", e.admin, org.Filter{ParentID: f.S.ID, Page: page},
				[]int64{f.C2.ID, f.C1.ID, f.C3.ID, f.DP.ID}, 4},
			{"kind", e.admin, org.Filter{Kind: org.Department, Page: page}, []int64{f.DD.ID, f.DP.ID}, 2},
			{"inactive", e.admin, org.Filter{Active: ptr(false), Page: page}, []int64{f.C3.ID}, 1},
			{"active communities", e.admin, org.Filter{Kind: org.Community, Active: ptr(true), Page: page}, []int64{f.C2.ID, f.C1.ID}, 2},
			{"query on the code", e.admin, org.Filter{Query: "c1", Page: page}, []int64{f.C1.ID, f.G1.ID}, 2},
			{"query ignores ASCII case", e.admin, org.Filter{Query: "OFFICE", Page: page}, []int64{f.DP.ID}, 1},
			{"query on the name", e.admin, org.Filter{Query: "达标率", Page: page}, []int64{pct.ID}, 1},
			{"a percent sign is literal", e.admin, org.Filter{Query: "%", Page: page}, []int64{pct.ID}, 1},
			{"an underscore is literal", e.admin, org.Filter{Query: "_", Page: page}, []int64{pct.ID}, 1},
			{"a backslash is literal", e.admin, org.Filter{Query: `\`, Page: page}, []int64{}, 0},
			{"filters within scope", actorAt(access.Community, f.C1), org.Filter{Kind: org.Community, Page: page}, []int64{f.C1.ID}, 1},
			{"children of a parent out of scope: only those in scope", actorAt(access.Community, f.C1), org.Filter{ParentID: f.S.ID, Page: page}, []int64{f.C1.ID}, 1},
			{"children of a sibling", actorAt(access.Community, f.C1), org.Filter{ParentID: f.C2.ID, Page: page}, []int64{}, 0},
			{"first page", e.admin, org.Filter{Page: db.NewPage(1, 4)}, []int64{f.D.ID, f.S.ID, f.DD.ID, f.C2.ID}, 9},
			{"last page", e.admin, org.Filter{Page: db.NewPage(3, 4)}, []int64{pct.ID}, 9},
		}
		for _, c := range cases {
			got, err := e.svc.List(e.ctx, c.actor, c.f)
			if err != nil || !slices.Equal(ids(got.Items), c.want) || got.Total != c.total {
				t.Errorf("%s: %v (total %d), %v; want %v (total %d)", c.name, ids(got.Items), got.Total, err, c.want, c.total)
			}
		}
	})
}

func TestTreeOrder(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// Made in an order that differs from the tree order, so that
		// neither ids nor insertion order can pass for it.
		s1 := e.unit(e.root, org.Subdistrict, "s1", 2)
		ca := e.unit(s1, org.Community, "ca", 3)
		cb := e.unit(s1, org.Community, "cb", 1)
		gx := e.unit(cb, org.Grid, "gx", 5)
		gy := e.unit(cb, org.Grid, "gy", -5)
		cc := e.unit(s1, org.Community, "cc", 1)
		s2 := e.unit(e.root, org.Subdistrict, "s2", 1)
		cd := e.unit(s2, org.Community, "cd", 0)
		dist := e.unit(e.root, org.District, "d", 2)
		dept := e.unit(dist, org.Department, "dept", 0)
		ge := e.unit(ca, org.Grid, "ge", 0)

		cases := []struct {
			name  string
			actor access.Actor
			want  []org.Unit
		}{
			{"the whole tree", e.admin, []org.Unit{e.root, s2, cd, s1, cb, gy, gx, cc, ca, ge, dist, dept}},
			{"the secadmin's tree", actorAt(access.Secadmin, e.root), []org.Unit{e.root, s2, cd, s1, cb, gy, gx, cc, ca, ge, dist, dept}},
			{"a subdistrict", actorAt(access.Leader, s1), []org.Unit{s1, cb, gy, gx, cc, ca, ge}},
			{"a community", actorAt(access.Community, cb), []org.Unit{cb, gy, gx}},
			{"a grid", actorAt(access.Community, gx), []org.Unit{gx}},
			{"no scope", access.Actor{UserID: 3, Role: access.Sysadmin}, []org.Unit{}},
		}
		for _, c := range cases {
			got, err := e.svc.Tree(e.ctx, c.actor)
			if err != nil || !slices.Equal(ids(got), ids(c.want)) {
				t.Errorf("%s: Tree = %v, %v; want %v", c.name, codes(got), err, codes(c.want))
				continue
			}
			seen := map[int64]int{}
			for i, u := range got {
				if p, ok := seen[u.ParentID]; ok && p >= i {
					t.Errorf("%s: %s comes before its parent", c.name, u.Code)
				}
				seen[u.ID] = i
				if want := strings.Count(u.Path, "/") - 2; u.Depth() != want || (u.ID == e.root.ID && u.Depth() != 0) {
					t.Errorf("%s: %s at depth %d", c.name, u.Code, u.Depth())
				}
			}
		}
	})
}

func codes(us []org.Unit) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Code)
	}
	return out
}

func TestCountByKind(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.fixture()
		cases := []struct {
			name  string
			actor access.Actor
			want  map[org.Kind]int
		}{
			{"root", e.admin, map[org.Kind]int{org.Root: 1, org.District: 1, org.Subdistrict: 1, org.Community: 2, org.Grid: 1, org.Department: 2}},
			{"subdistrict", actorAt(access.Leader, f.S), map[org.Kind]int{org.Subdistrict: 1, org.Community: 2, org.Grid: 1, org.Department: 1}},
			{"community", actorAt(access.Community, f.C1), map[org.Kind]int{org.Community: 1, org.Grid: 1}},
			{"inactive community", actorAt(access.Community, f.C3), map[org.Kind]int{}},
			{"no scope", access.Actor{UserID: 3, Role: access.Leader}, map[org.Kind]int{}},
		}
		for _, c := range cases {
			got, err := e.svc.CountByKind(e.ctx, c.actor)
			if err != nil || !maps.Equal(got, c.want) {
				t.Errorf("%s: %v, %v; want %v", c.name, got, err, c.want)
			}
		}
	})
}
