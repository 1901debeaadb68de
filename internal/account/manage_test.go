package account_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// world is an organisation with officers and users in it. The units c3
// and c33 are siblings whose ids share digits, so a scope /1/2/3/ that
// leaked into /1/2/33/ would show.
type world struct {
	s, c3, c4, c33, g3, off org.Unit
	// officers
	sysroot, sysc3, secroot, secc3, audroot account.User
	// business users
	zhang, zhao, wang, lisi, nounit account.User
}

func (e *env) world() world {
	e.t.Helper()
	var w world
	w.s = e.unit(e.root, org.Subdistrict, "s")
	made := map[int64]org.Unit{}
	for i := 0; ; i++ {
		u := e.unit(w.s, org.Community, fmt.Sprintf("c-%d", i))
		made[u.ID] = u
		if u.ID >= 33 {
			break
		}
	}
	w.c3, w.c4, w.c33 = made[3], made[4], made[33]
	if w.c3.Path != "/1/2/3/" || w.c33.Path != "/1/2/33/" {
		e.t.Fatalf("paths %q and %q; want /1/2/3/ and /1/2/33/", w.c3.Path, w.c33.Path)
	}
	w.g3 = e.unit(w.c3, org.Grid, "g3")
	w.off = e.unit(w.s, org.Community, "closed")
	if _, err := e.units.Update(e.ctx, e.unitAdmin, w.off.ID, org.Input{Active: ptr(false)}); err != nil {
		e.t.Fatal(err)
	}
	w.sysroot = e.user("sysroot", access.Sysadmin, e.root, "")
	w.sysc3 = e.user("sysc3", access.Sysadmin, w.c3, "")
	w.secroot = e.user("secroot", access.Secadmin, e.root, "")
	w.secc3 = e.user("secc3", access.Secadmin, w.c3, "")
	w.audroot = e.user("audroot", access.Auditor, e.root, "")
	w.zhang = e.user("zhang", access.Community, w.c3, "13800138000")
	w.zhao = e.user("zhao", access.Community, w.g3, "")
	w.wang = e.user("wang", access.Community, w.c33, "13900139000")
	w.lisi = e.user("lisi", access.Community, w.c4, "")
	w.nounit = e.user("nounit", access.Leader, org.Unit{}, "")
	return w
}

func (w world) all() []account.User {
	return []account.User{w.sysroot, w.sysc3, w.secroot, w.secc3, w.audroot, w.zhang, w.zhao, w.wang, w.lisi, w.nounit}
}

func usernames(us []account.User) []string {
	out := []string{}
	for _, u := range us {
		out = append(out, u.Username)
	}
	slices.Sort(out)
	return out
}

// newUser is a complete creation input for a community user at unit.
func newUser(username string, unit org.Unit) account.Input {
	return account.Input{Username: ptr(username), DisplayName: ptr("新用户"), Role: ptr(access.Community),
		UnitID: ptr(unit.ID), Password: ptr(testPassword)}
}

func TestCreateRefused(t *testing.T) {
	type fields = map[string]string
	with := func(in account.Input, f func(*account.Input)) account.Input { f(&in); return in }
	cases := []struct {
		name  string
		actor func(w world) account.User
		in    func(w world) account.Input
		want  fields
	}{
		{"a sysadmin", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Role = ptr(access.Sysadmin) })
		}, fields{"role": "err.role_officer"}},
		{"a secadmin", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Role = ptr(access.Secadmin) })
		}, fields{"role": "err.role_officer"}},
		{"an auditor", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Role = ptr(access.Auditor) })
		}, fields{"role": "err.role_officer"}},
		{"an unknown role", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Role = ptr(access.Role("boss")) })
		}, fields{"role": "err.role"}},
		{"a unit in a sibling whose id shares digits", func(w world) account.User { return w.sysc3 },
			func(w world) account.Input { return newUser("newbie", w.c33) }, fields{"unit_id": "err.unit_unknown"}},
		{"a unit above the sysadmin's scope", func(w world) account.User { return w.sysc3 },
			func(w world) account.Input { return newUser("newbie", w.s) }, fields{"unit_id": "err.unit_unknown"}},
		{"an unknown unit", nil, func(w world) account.Input { return newUser("newbie", org.Unit{ID: 99999}) },
			fields{"unit_id": "err.unit_unknown"}},
		{"an inactive unit", nil, func(w world) account.Input { return newUser("newbie", w.off) },
			fields{"unit_id": "err.unit_inactive"}},
		{"no unit", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.UnitID = nil })
		}, fields{"unit_id": "err.required"}},
		{"nothing at all", nil, func(w world) account.Input { return account.Input{} },
			fields{"username": "err.required", "display_name": "err.required", "role": "err.required", "password": "err.required", "unit_id": "err.required"}},
		{"a username taken", nil, func(w world) account.Input { return newUser("zhang", w.c3) },
			fields{"username": "err.username_taken"}},
		{"a username taken once normalised", nil, func(w world) account.Input { return newUser(" ZHANG ", w.c3) },
			fields{"username": "err.username_taken"}},
		{"a username too short", nil, func(w world) account.Input { return newUser("ab", w.c3) },
			fields{"username": "err.username"}},
		{"a username in Chinese", nil, func(w world) account.Input { return newUser("张三丰", w.c3) },
			fields{"username": "err.username"}},
		{"a username with a space", nil, func(w world) account.Input { return newUser("zhang san", w.c3) },
			fields{"username": "err.username"}},
		{"a blank display name", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.DisplayName = ptr("   ") })
		}, fields{"display_name": "err.required"}},
		{"a display name too long", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.DisplayName = ptr(strings.Repeat("名", 41)) })
		}, fields{"display_name": "err.too_long"}},
		{"a weak password", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Password = ptr("short") })
		}, fields{"password": "err.password_short"}},
		{"a password built on the username", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Password = ptr("I-am-the-Newbie-2022") })
		}, fields{"password": "err.password_username"}},
		{"a bad phone", nil, func(w world) account.Input {
			return with(newUser("newbie", w.c3), func(in *account.Input) { in.Phone = ptr("12345") })
		}, fields{"phone": "err.mobile"}},
		{"an officer, out of scope, bad phone", func(w world) account.User { return w.sysc3 }, func(w world) account.Input {
			return with(newUser("newbie", w.c33), func(in *account.Input) { in.Role, in.Phone = ptr(access.Auditor), ptr("x") })
		}, fields{"role": "err.role_officer", "unit_id": "err.unit_unknown", "phone": "err.mobile"}},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		for _, c := range cases {
			actor := w.sysroot
			if c.actor != nil {
				actor = c.actor(w)
			}
			users, records := e.count("SELECT count(*) FROM users"), e.auditCount()
			u, err := e.acc.Create(e.ctx, e.actor(actor), c.in(w))
			if er := errs.As(err); err == nil || er.Code != errs.Invalid || !maps.Equal(er.Fields, c.want) {
				t.Errorf("%s: %+v, %v; want invalid with %v", c.name, u, err, c.want)
			}
			if e.count("SELECT count(*) FROM users") != users || e.auditCount() != records {
				t.Errorf("%s: a refused create wrote something", c.name)
			}
		}
		// Only the sysadmin creates accounts; for anyone else there is
		// nothing here.
		for _, actor := range []access.Actor{e.actor(w.secroot), e.actor(w.audroot), e.actor(w.zhang), e.actor(w.nounit),
			{UserID: 0, Username: "system:x", Role: "system", UnitID: 1, ScopePath: "/1/"}} {
			if u, err := e.acc.Create(e.ctx, actor, newUser("newbie", w.c3)); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s (%s) creates: %+v, %v; want not_found", actor.Username, actor.Role, u, err)
			}
		}
		if n := e.count("SELECT count(*) FROM users WHERE username = 'newbie'"); n != 0 {
			t.Errorf("newbie exists %d times", n)
		}
	})
}

func TestCreate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		e.clock.Advance(time.Hour)
		in := newUser(" NewBie ", w.g3)
		in.Phone = ptr("+86 139-0013-9001")
		in.DisplayName = ptr("  新 用户 ")
		before := e.auditCount()
		u, err := e.acc.Create(e.ctx, e.actor(w.sysc3), in)
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "newbie" || u.DisplayName != "新 用户" || u.Phone != "13900139001" || u.Role != access.Community ||
			u.UnitID != w.g3.ID || u.UnitName != w.g3.Name || !u.Active || !u.CreatedAt.Equal(e.clock.Now()) {
			t.Errorf("created %+v", u)
		}
		rs := e.records(before)
		if len(rs) != 1 || rs[0].Action != "user.create" || rs[0].Actor != "sysc3" || rs[0].Before != "" {
			t.Fatalf("audit records %+v; want one user.create by sysc3", rs)
		}
		var after map[string]any
		if err := json.Unmarshal([]byte(rs[0].After), &after); err != nil {
			t.Fatal(err)
		}
		if after["phone"] != "139****9001" || after["username"] != "newbie" || after["role"] != "community" {
			t.Errorf("audit after %s", rs[0].After)
		}
		if strings.Contains(rs[0].After, "13900139001") || strings.Contains(rs[0].After, "argon2") || pii.ContainsUnmaskedMobile(rs[0].After) {
			t.Errorf("audit after leaks the phone or the hash: %s", rs[0].After)
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "newbie", testPassword, account.WebSession); err != nil {
			t.Errorf("the new account cannot sign in: %v", err)
		}
	})
}

func TestUpdateRefused(t *testing.T) {
	type fields = map[string]string
	notPermitted := "err.field_not_permitted"
	cases := []struct {
		name   string
		actor  func(w world) account.User
		target func(w world) account.User
		in     func(w world) account.Input
		code   errs.Code
		want   fields
	}{
		// The sysadmin does not administer the other officers.
		{"sysadmin edits the secadmin", sys, func(w world) account.User { return w.secroot },
			func(w world) account.Input { return account.Input{DisplayName: ptr("x")} }, errs.NotFound, nil},
		{"sysadmin disables the auditor", sys, func(w world) account.User { return w.audroot },
			func(w world) account.Input { return account.Input{Active: ptr(false)} }, errs.NotFound, nil},
		{"sysadmin resets another sysadmin's password", sys, func(w world) account.User { return w.sysc3 },
			func(w world) account.Input { return account.Input{Password: ptr("A-new-lakeside-9")} }, errs.NotFound, nil},
		// Each officer sets only their own fields.
		{"secadmin sets a display name", sec, zhang, func(w world) account.Input { return account.Input{DisplayName: ptr("x")} },
			errs.Invalid, fields{"display_name": notPermitted}},
		{"secadmin sets a phone", sec, zhang, func(w world) account.Input { return account.Input{Phone: ptr("13700137000")} },
			errs.Invalid, fields{"phone": notPermitted}},
		{"secadmin sets a bad phone", sec, zhang, func(w world) account.Input { return account.Input{Phone: ptr("12")} },
			errs.Invalid, fields{"phone": notPermitted}},
		{"secadmin disables", sec, zhang, func(w world) account.Input { return account.Input{Active: ptr(false)} },
			errs.Invalid, fields{"active": notPermitted}},
		{"secadmin sets a password", sec, zhang, func(w world) account.Input { return account.Input{Password: ptr("A-new-lakeside-9")} },
			errs.Invalid, fields{"password": notPermitted}},
		{"secadmin sets all four, with a role", sec, zhang, func(w world) account.Input {
			return account.Input{DisplayName: ptr("x"), Phone: ptr("13700137000"), Active: ptr(true), Password: ptr("A-new-lakeside-9"), Role: ptr(access.Leader)}
		}, errs.Invalid, fields{"display_name": notPermitted, "phone": notPermitted, "active": notPermitted, "password": notPermitted}},
		{"sysadmin sets a role", sys, zhang, func(w world) account.Input { return account.Input{Role: ptr(access.Leader)} },
			errs.Invalid, fields{"role": notPermitted}},
		{"sysadmin sets a unit", sys, zhang, func(w world) account.Input { return account.Input{UnitID: ptr(w.c4.ID)} },
			errs.Invalid, fields{"unit_id": notPermitted}},
		{"sysadmin sets both, with a name", sys, zhang, func(w world) account.Input {
			return account.Input{Role: ptr(access.Leader), UnitID: ptr(w.c4.ID), DisplayName: ptr("x")}
		}, errs.Invalid, fields{"role": notPermitted, "unit_id": notPermitted}},
		{"sysadmin sets their own role", sys, sys, func(w world) account.Input { return account.Input{Role: ptr(access.Leader)} },
			errs.Invalid, fields{"role": notPermitted}},
		// Officers stay apart.
		{"secadmin turns the sysadmin into an auditor", sec, sys, func(w world) account.Input { return account.Input{Role: ptr(access.Auditor)} },
			errs.Invalid, fields{"role": "err.role_two_officers"}},
		{"secadmin turns the auditor into a sysadmin", sec, func(w world) account.User { return w.audroot },
			func(w world) account.Input { return account.Input{Role: ptr(access.Sysadmin)} }, errs.Invalid, fields{"role": "err.role_two_officers"}},
		{"secadmin turns the other secadmin into an auditor", sec, func(w world) account.User { return w.secc3 },
			func(w world) account.Input { return account.Input{Role: ptr(access.Auditor)} }, errs.Invalid, fields{"role": "err.role_two_officers"}},
		{"secadmin changes their own role", sec, sec, func(w world) account.Input { return account.Input{Role: ptr(access.Leader)} },
			errs.Invalid, fields{"role": "err.role_self"}},
		{"secadmin makes themselves auditor", sec, sec, func(w world) account.Input { return account.Input{Role: ptr(access.Auditor)} },
			errs.Invalid, fields{"role": "err.role_self"}},
		{"sysadmin disables themselves", sys, sys, func(w world) account.Input { return account.Input{Active: ptr(false)} },
			errs.Invalid, fields{"active": "err.disable_self"}},
		// Values.
		{"a username change", sys, zhang, func(w world) account.Input { return account.Input{Username: ptr("zhang2")} },
			errs.Invalid, fields{"username": "err.username_fixed"}},
		{"a bad phone", sys, zhang, func(w world) account.Input { return account.Input{Phone: ptr("12800138000")} },
			errs.Invalid, fields{"phone": "err.mobile"}},
		{"a weak password", sys, zhang, func(w world) account.Input { return account.Input{Password: ptr("short")} },
			errs.Invalid, fields{"password": "err.password_short"}},
		{"a password built on the username", sys, zhang, func(w world) account.Input { return account.Input{Password: ptr("Zhang-is-back-2022")} },
			errs.Invalid, fields{"password": "err.password_username"}},
		{"an unknown role", sec, zhang, func(w world) account.Input { return account.Input{Role: ptr(access.Role("boss"))} },
			errs.Invalid, fields{"role": "err.role"}},
		{"an inactive unit", sec, zhang, func(w world) account.Input { return account.Input{UnitID: ptr(w.off.ID)} },
			errs.Invalid, fields{"unit_id": "err.unit_inactive"}},
		// Scope.
		{"a unit in a sibling sharing digits", func(w world) account.User { return w.secc3 }, zhang,
			func(w world) account.Input { return account.Input{UnitID: ptr(w.c33.ID)} }, errs.Invalid, fields{"unit_id": "err.unit_unknown"}},
		{"a user in a sibling sharing digits, by the secadmin", func(w world) account.User { return w.secc3 },
			func(w world) account.User { return w.wang }, func(w world) account.Input { return account.Input{Role: ptr(access.Leader)} }, errs.NotFound, nil},
		{"a user in a sibling sharing digits, by the sysadmin", func(w world) account.User { return w.sysc3 },
			func(w world) account.User { return w.wang }, func(w world) account.Input { return account.Input{Active: ptr(false)} }, errs.NotFound, nil},
		{"a user with no unit, by a scoped sysadmin", func(w world) account.User { return w.sysc3 },
			func(w world) account.User { return w.nounit }, func(w world) account.Input { return account.Input{DisplayName: ptr("x")} }, errs.NotFound, nil},
		{"an unknown user", sys, func(w world) account.User { return account.User{ID: 99999} },
			func(w world) account.Input { return account.Input{DisplayName: ptr("x")} }, errs.NotFound, nil},
		{"a business role", func(w world) account.User { return w.zhang }, func(w world) account.User { return w.zhao },
			func(w world) account.Input { return account.Input{DisplayName: ptr("x")} }, errs.NotFound, nil},
		{"the auditor", func(w world) account.User { return w.audroot }, zhang,
			func(w world) account.Input { return account.Input{Active: ptr(false)} }, errs.NotFound, nil},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		rows := map[int64]string{}
		for _, u := range w.all() {
			rows[u.ID] = e.row(u.ID)
		}
		for _, c := range cases {
			records := e.auditCount()
			u, err := e.acc.Update(e.ctx, e.actor(c.actor(w)), c.target(w).ID, c.in(w))
			if er := errs.As(err); err == nil || er.Code != c.code || !maps.Equal(er.Fields, c.want) {
				t.Errorf("%s: %+v, %v; want %s with %v", c.name, u, err, c.code, c.want)
			}
			if e.auditCount() != records {
				t.Errorf("%s: a refused update wrote an audit record", c.name)
			}
			for _, u := range w.all() {
				if e.row(u.ID) != rows[u.ID] {
					t.Errorf("%s: %s changed", c.name, u.Username)
					rows[u.ID] = e.row(u.ID)
				}
			}
		}
	})
}

func sys(w world) account.User   { return w.sysroot }
func sec(w world) account.User   { return w.secroot }
func zhang(w world) account.User { return w.zhang }

func TestUpdate(t *testing.T) {
	cases := []struct {
		name         string
		actor        func(w world) account.User
		target       func(w world) account.User
		in           func(w world) account.Input
		check        func(t *testing.T, w world, before, after map[string]any)
		endsSessions bool
	}{
		{"sysadmin renames", sys, zhang, func(w world) account.Input { return account.Input{DisplayName: ptr(" 张 三 ")} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "display_name", "用户 zhang", "张 三")
			}, false},
		{"sysadmin changes the phone", sys, zhang, func(w world) account.Input { return account.Input{Phone: ptr("+86 137 0013 7000")} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "phone", "138****8000", "137****7000")
			}, false},
		{"sysadmin clears the phone", sys, zhang, func(w world) account.Input { return account.Input{Phone: ptr("")} },
			func(t *testing.T, w world, before, after map[string]any) {
				if before["phone"] != "138****8000" || after["phone"] == before["phone"] || strings.ContainsAny(fmt.Sprint(after["phone"]), "0123456789") {
					t.Errorf("phone %v → %v", before["phone"], after["phone"])
				}
			}, false},
		{"sysadmin disables", sys, zhang, func(w world) account.Input { return account.Input{Active: ptr(false)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "active", true, false)
			}, true},
		{"sysadmin resets the password", sys, zhang, func(w world) account.Input { return account.Input{Password: ptr("A-new-lakeside-9")} },
			nil, true},
		{"sysadmin renames themselves", sys, sys, func(w world) account.Input { return account.Input{DisplayName: ptr("管理员")} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "display_name", "用户 sysroot", "管理员")
			}, false},
		{"scoped sysadmin disables a grid's user", func(w world) account.User { return w.sysc3 }, func(w world) account.User { return w.zhao },
			func(w world) account.Input { return account.Input{Active: ptr(false)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "active", true, false)
			}, true},
		{"secadmin changes a role", sec, zhang, func(w world) account.Input { return account.Input{Role: ptr(access.Leader)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "role", "community", "leader")
			}, true},
		{"secadmin moves to another unit", sec, zhang, func(w world) account.Input { return account.Input{UnitID: ptr(w.c33.ID)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "unit_id", float64(w.c3.ID), float64(w.c33.ID))
			}, false},
		{"secadmin gives a business user an officer role", sec, func(w world) account.User { return w.lisi },
			func(w world) account.Input { return account.Input{Role: ptr(access.Auditor)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "role", "community", "auditor")
			}, true},
		{"secadmin moves the sysadmin", sec, sys, func(w world) account.Input { return account.Input{UnitID: ptr(w.s.ID)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "unit_id", float64(1), float64(w.s.ID))
			}, false},
		{"secadmin keeps an officer's role", sec, sys, func(w world) account.Input { return account.Input{Role: ptr(access.Sysadmin)} },
			nil, false},
		{"scoped secadmin moves within scope", func(w world) account.User { return w.secc3 }, zhang,
			func(w world) account.Input { return account.Input{UnitID: ptr(w.g3.ID)} },
			func(t *testing.T, w world, before, after map[string]any) {
				want(t, before, after, "unit_id", float64(w.c3.ID), float64(w.g3.ID))
			}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				e := newEnv(t, d, testPolicy)
				w := e.world()
				target := c.target(w)
				e.login(target.Username, account.WebSession)
				e.login(target.Username, account.APISession)
				otherTok, _ := e.login("wang", account.WebSession)
				e.clock.Advance(10 * time.Minute) // within the idle timeout
				records := e.auditCount()
				u, err := e.acc.Update(e.ctx, e.actor(c.actor(w)), target.ID, c.in(w))
				if err != nil {
					t.Fatal(err)
				}
				if u.ID != target.ID || !u.UpdatedAt.Equal(e.clock.Now()) {
					t.Errorf("returned %+v", u)
				}
				rs := e.records(records)
				if len(rs) != 1 || rs[0].Action != "user.update" || rs[0].Actor != c.actor(w).Username ||
					rs[0].EntityID != fmt.Sprint(target.ID) {
					t.Fatalf("audit records %+v; want one user.update", rs)
				}
				var before, after map[string]any
				if json.Unmarshal([]byte(rs[0].Before), &before) != nil || json.Unmarshal([]byte(rs[0].After), &after) != nil {
					t.Fatalf("before %q after %q", rs[0].Before, rs[0].After)
				}
				for _, s := range []string{rs[0].Before, rs[0].After} {
					if pii.ContainsUnmaskedMobile(s) || strings.Contains(s, "argon2") || strings.Contains(s, "password") {
						t.Errorf("audit record leaks: %s", s)
					}
				}
				if c.check != nil {
					c.check(t, w, before, after)
				}
				n := e.sessions(target.ID)
				if c.endsSessions && n != 0 {
					t.Errorf("%d sessions left; disabling, resetting the password or changing the role ends them", n)
				}
				if !c.endsSessions && n != 2 {
					t.Errorf("%d sessions left, want both kept", n)
				}
				if _, _, err := e.acc.Authenticate(e.ctx, otherTok, account.WebSession); err != nil {
					t.Errorf("another user's session ended: %v", err)
				}
			})
		})
	}
}

func want(t *testing.T, before, after map[string]any, key string, b, a any) {
	t.Helper()
	if before[key] != b || after[key] != a {
		t.Errorf("%s: %v → %v; want %v → %v", key, before[key], after[key], b, a)
	}
}

func TestPasswordResetWorks(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		for range testPolicy.MaxFailures {
			_, _, _, _ = e.passwordLogin(access.Actor{}, "zhang", "Not-the-password-7", account.WebSession)
		}
		if _, err := e.acc.Update(e.ctx, e.actor(w.sysroot), w.zhang.ID, account.Input{Password: ptr("A-new-lakeside-9")}); err != nil {
			t.Fatal(err)
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", "A-new-lakeside-9", account.WebSession); err != nil {
			t.Errorf("the reset password does not sign in (the reset must also lift the lock): %v", err)
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", testPassword, account.WebSession); errs.CodeOf(err) != errs.Unauthenticated {
			t.Errorf("the old password still signs in: %v", err)
		}
	})
}

func TestDisablingEndsSessions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		web, _ := e.login("zhang", account.WebSession)
		api, _ := e.login("zhang", account.APISession)
		if _, err := e.acc.Update(e.ctx, e.actor(w.sysroot), w.zhang.ID, account.Input{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct{ tok, kind string }{{web, account.WebSession}, {api, account.APISession}} {
			if _, _, err := e.acc.Authenticate(e.ctx, c.tok, c.kind); errs.CodeOf(err) != errs.Unauthenticated {
				t.Errorf("%s session after disabling: %v", c.kind, err)
			}
		}
		if _, _, _, err := e.passwordLogin(access.Actor{}, "zhang", testPassword, account.WebSession); errs.CodeOf(err) != errs.Unauthenticated {
			t.Errorf("a disabled account signs in: %v", err)
		}
	})
}

func TestListScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		everyone := usernames(w.all())
		inC3 := []string{"secc3", "sysc3", "zhang", "zhao"}
		cases := []struct {
			name  string
			actor access.Actor
			want  []string
		}{
			{"sysadmin at the root sees everyone, even without a unit", e.actor(w.sysroot), everyone},
			{"secadmin at the root sees everyone", e.actor(w.secroot), everyone},
			{"sysadmin at community 3", e.actor(w.sysc3), inC3},
			{"secadmin at community 3", e.actor(w.secc3), inC3},
			{"sysadmin at community 33", access.Actor{UserID: 500, Role: access.Sysadmin, UnitID: w.c33.ID, ScopePath: w.c33.Path}, []string{"wang"}},
			{"sysadmin at the subdistrict: no unitless users", access.Actor{UserID: 500, Role: access.Sysadmin, UnitID: w.s.ID, ScopePath: w.s.Path},
				[]string{"lisi", "secc3", "sysc3", "wang", "zhang", "zhao"}},
			{"sysadmin at a grid", access.Actor{UserID: 500, Role: access.Sysadmin, UnitID: w.g3.ID, ScopePath: w.g3.Path}, []string{"zhao"}},
			{"sysadmin without a scope", access.Actor{UserID: 500, Role: access.Sysadmin}, []string{}},
			{"sysadmin with a unit but no path", access.Actor{UserID: 500, Role: access.Sysadmin, UnitID: 1}, []string{}},
			{"sysadmin with a path but no unit", access.Actor{UserID: 500, Role: access.Sysadmin, ScopePath: "/1/"}, []string{}},
		}
		for _, c := range cases {
			got, err := e.acc.List(e.ctx, c.actor, account.Filter{Page: db.NewPage(1, 100)})
			if err != nil || !slices.Equal(usernames(got.Items), c.want) || got.Total != len(c.want) {
				t.Errorf("%s: %v (total %d), %v; want %v", c.name, usernames(got.Items), got.Total, err, c.want)
			}
			for _, u := range w.all() {
				g, err := e.acc.Get(e.ctx, c.actor, u.ID)
				if slices.Contains(c.want, u.Username) {
					if err != nil || g.ID != u.ID {
						t.Errorf("%s: Get(%s) = %v", c.name, u.Username, err)
					}
				} else if errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s: Get(%s) = %+v, %v; want not_found", c.name, u.Username, g, err)
				}
			}
		}
		for _, u := range []account.User{w.audroot, w.zhang, w.nounit} {
			a := e.actor(u)
			a.ScopePath, a.UnitID = "/1/", 1
			if got, err := e.acc.List(e.ctx, a, account.Filter{Page: db.NewPage(1, 100)}); errs.CodeOf(err) != errs.NotFound || len(got.Items) != 0 {
				t.Errorf("%s (%s) lists accounts: %v, %v", u.Username, u.Role, usernames(got.Items), err)
			}
			if _, err := e.acc.Get(e.ctx, a, w.zhang.ID); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s (%s) reads an account: %v", u.Username, u.Role, err)
			}
		}
	})
}

func TestListFilters(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		if _, err := e.acc.Update(e.ctx, e.actor(w.sysroot), w.zhao.ID, account.Input{Active: ptr(false), DisplayName: ptr("赵_100%")}); err != nil {
			t.Fatal(err)
		}
		root := e.actor(w.sysroot)
		page := db.NewPage(1, 100)
		cases := []struct {
			name  string
			actor access.Actor
			f     account.Filter
			want  []string
			total int
		}{
			{"query on the username", root, account.Filter{Query: "zha", Page: page}, []string{"zhang", "zhao"}, 2},
			{"query ignores ASCII case", root, account.Filter{Query: "ZHA", Page: page}, []string{"zhang", "zhao"}, 2},
			{"query on the display name", root, account.Filter{Query: "赵", Page: page}, []string{"zhao"}, 1},
			{"a percent sign is literal", root, account.Filter{Query: "%", Page: page}, []string{"zhao"}, 1},
			{"an underscore is literal", root, account.Filter{Query: "_", Page: page}, []string{"zhao"}, 1},
			{"role", root, account.Filter{Role: access.Sysadmin, Page: page}, []string{"sysc3", "sysroot"}, 2},
			{"unit", root, account.Filter{UnitID: w.c3.ID, Page: page}, []string{"secc3", "sysc3", "zhang"}, 3},
			{"inactive", root, account.Filter{Active: ptr(false), Page: page}, []string{"zhao"}, 1},
			{"active in community 3", e.actor(w.sysc3), account.Filter{Active: ptr(true), Page: page}, []string{"secc3", "sysc3", "zhang"}, 3},
			{"a unit out of scope", e.actor(w.sysc3), account.Filter{UnitID: w.c33.ID, Page: page}, []string{}, 0},
			{"a page, by username", root, account.Filter{Page: db.NewPage(2, 3)}, []string{"secc3", "secroot", "sysc3"}, 10},
		}
		for _, c := range cases {
			got, err := e.acc.List(e.ctx, c.actor, c.f)
			names := []string{}
			for _, u := range got.Items {
				names = append(names, u.Username)
			}
			if err != nil || !slices.Equal(names, c.want) || got.Total != c.total {
				t.Errorf("%s: %v (total %d), %v; want %v (total %d)", c.name, names, got.Total, err, c.want, c.total)
			}
		}
	})
}

func TestPhones(t *testing.T) {
	cases := []struct {
		phone, stored string // stored "" with ok false: refused
		ok            bool
	}{
		{"13800138000", "13800138000", true},
		{" 138 0013 8000 ", "13800138000", true},
		{"+86 138-0013-8000", "13800138000", true},
		{"8613800138000", "13800138000", true},
		{"１３８００１３８０００", "13800138000", true},
		{"", "", true},
		{"12345", "", false},
		{"1380013800", "", false},
		{"138001380001", "", false},
		{"12800138000", "", false},
		{"+1 415 555 0100", "", false},
		{"0086 13800138000", "", false},
		{"(138)00138000", "", false},
		{"138001380OO", "", false},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d, testPolicy)
		w := e.world()
		for i, c := range cases {
			in := newUser(fmt.Sprintf("phone%d", i), w.c3)
			in.Phone = ptr(c.phone)
			u, err := e.acc.Create(e.ctx, e.actor(w.sysroot), in)
			if !c.ok {
				if er := errs.As(err); err == nil || !maps.Equal(er.Fields, map[string]string{"phone": "err.mobile"}) {
					t.Errorf("create with %q: %+v, %v; want phone err.mobile", c.phone, u.Phone, err)
				}
				u, err = e.acc.Update(e.ctx, e.actor(w.sysroot), w.zhang.ID, account.Input{Phone: ptr(c.phone)})
				if er := errs.As(err); err == nil || !maps.Equal(er.Fields, map[string]string{"phone": "err.mobile"}) {
					t.Errorf("update to %q: %+v, %v; want phone err.mobile", c.phone, u.Phone, err)
				}
				continue
			}
			if err != nil || u.Phone != c.stored {
				t.Errorf("create with %q: stored %q, %v; want %q", c.phone, u.Phone, err, c.stored)
			}
		}
		// No audit record holds a whole number, though every one of them
		// went through the log.
		rows, err := d.R.Query("SELECT seq, before_data, after_data FROM audit_log")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var before, after string
			if err := rows.Scan(&seq, &before, &after); err != nil {
				t.Fatal(err)
			}
			for _, s := range []string{before, after} {
				if pii.ContainsUnmaskedMobile(s) || strings.Contains(s, "13800138000") || strings.Contains(s, "13900139000") {
					t.Errorf("audit record %d holds a phone number: %s", seq, s)
				}
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if n := e.count("SELECT count(*) FROM audit_log WHERE after_data LIKE '%138****8000%'"); n == 0 {
			t.Error("no audit record shows the masked number")
		}
	})
}
