package appeal_test

import (
	"slices"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// TestReadScope checks who sees which appeal, through List, Get, Events and
// Visible alike: every role against one appeal per place.
func TestReadScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a1 := e.create(e.leader, in(e.E1)).ID  // C1, D1, spec1
		a2 := e.create(e.leader, in(e.E2)).ID  // C1, D2, spec2
		a3 := e.create(e.leader, in(e.E3)).ID  // C2, D1, spec1
		a4 := e.create(e.leader, in(e.E4)).ID  // C1, no department
		a9 := e.create(e.leader9, in(e.E9)).ID // the other sub-district
		all := []int64{a1, a2, a3, a4, a9}
		noScope := e.leader
		noScope.UnitID, noScope.ScopePath = 0, ""
		noEnterprise := e.ent1
		noEnterprise.EnterpriseID = 0
		noUser := e.spec1
		noUser.UserID = 0
		cases := []struct {
			name  string
			actor access.Actor
			sees  []int64
		}{
			{"leader", e.leader, []int64{a1, a2, a3, a4}},
			{"office", e.office, []int64{a1, a2, a3, a4}},
			{"the other sub-district's leader", e.leader9, []int64{a9}},
			{"department 1", e.dept1, []int64{a1, a3}},
			{"department 2", e.dept2, []int64{a2}},
			{"the other sub-district's department", e.dept9, []int64{a9}},
			{"community 1", e.comm1, []int64{a1, a2, a4}},
			{"community 2", e.comm2, []int64{a3}},
			{"specialist 1", e.spec1, []int64{a1, a3}},
			{"specialist 2", e.spec2, []int64{a2}},
			{"enterprise 1", e.ent1, []int64{a1}},
			{"enterprise 2", e.ent2, []int64{a2}},
			{"enterprise 4", e.ent4, []int64{a4}},
			{"sysadmin", e.sysadmin, nil},
			{"secadmin", e.secadmin, nil},
			{"auditor", e.auditor, nil},
			{"expert", e.expert, nil},
			{"the system", access.System("test"), nil},
			{"a leader without a scope", noScope, nil},
			{"an enterprise account without an enterprise", noEnterprise, nil},
			{"a specialist without a user id", noUser, nil},
		}
		for _, c := range cases {
			list, err := e.svc.List(e.ctx, c.actor, appeal.Filter{})
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := ids(list.Items); !slices.Equal(got, sorted(c.sees...)) || list.Total != len(c.sees) {
				t.Errorf("%s lists %v (total %d), want %v", c.name, got, list.Total, c.sees)
			}
			for _, id := range all {
				visible := slices.Contains(c.sees, id)
				p, err := e.svc.Get(e.ctx, c.actor, id)
				switch {
				case visible && (err != nil || p.ID != id):
					t.Errorf("%s: Get(%d) = %d, %v", c.name, id, p.ID, err)
				case !visible && errs.CodeOf(err) != errs.NotFound:
					t.Errorf("%s: Get(%d) = %d, %v; want not found", c.name, id, p.ID, err)
				}
				evs, err := e.svc.Events(e.ctx, c.actor, id)
				switch {
				case visible && (err != nil || len(evs) != 1):
					t.Errorf("%s: Events(%d) = %v, %v", c.name, id, evs, err)
				case !visible && (errs.CodeOf(err) != errs.NotFound || evs != nil):
					t.Errorf("%s: Events(%d) = %v, %v; want not found", c.name, id, evs, err)
				}
				if err := e.svc.Visible(e.ctx, c.actor, id); visible != (err == nil) || !visible && errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s: Visible(%d) = %v", c.name, id, err)
				}
			}
		}
		// A missing appeal is as not found as another's.
		if _, err := e.svc.Get(e.ctx, e.leader, 99999); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("Get(99999) = %v", err)
		}
	})
}

// TestScopeFollowsTheRecord: a department loses an appeal transferred
// away, a specialist loses the appeals of an enterprise reassigned to
// another, and an inactive scope unit sees nothing.
func TestScopeFollowsTheRecord(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.leader, in(e.E1))
		e.exec("UPDATE enterprises SET specialist_id = $1 WHERE id = $2", e.spec2.UserID, e.E1)
		if _, err := e.svc.Get(e.ctx, e.spec1, p.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("the former specialist still sees it: %v", err)
		}
		if _, err := e.svc.Get(e.ctx, e.spec2, p.ID); err != nil {
			t.Errorf("the new specialist does not see it: %v", err)
		}
		e.act(e.leader, p.ID, appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.D2.ID, Reason: "职责调整"})
		if _, err := e.svc.Get(e.ctx, e.dept1, p.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("the former department still sees it: %v", err)
		}
		if _, err := e.svc.Get(e.ctx, e.dept2, p.ID); err != nil {
			t.Errorf("the new department does not see it: %v", err)
		}
	})
}
