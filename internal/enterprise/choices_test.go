package enterprise_test

import (
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
)

// TestChoices: the candidates of an assignment are exactly what Assign
// accepts — active leaders, departments and specialists, wherever they
// are — those in the actor's scope first; only managers get them.
func TestChoices(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		c, err := e.svc.Choices(e.ctx, e.as(f.leader))
		if err != nil {
			t.Fatal(err)
		}
		ids := func(list []enterprise.Choice) map[int64]bool {
			out := map[int64]bool{}
			for _, x := range list {
				out[x.ID] = true
			}
			return out
		}
		leaders, depts, specs := ids(c.Leaders), ids(c.Departments), ids(c.Specialists)
		for _, want := range []struct {
			set  map[int64]bool
			id   int64
			in   bool
			what string
		}{
			{leaders, f.leader.ID, true, "leader"}, {leaders, f.leader2.ID, true, "another sub-district's leader"},
			{leaders, f.leaderOff.ID, false, "inactive leader"}, {leaders, f.office.ID, false, "office"},
			{specs, f.spec1.ID, true, "specialist"}, {specs, f.specOff.ID, false, "inactive specialist"},
			{specs, f.comm1.ID, false, "community user"},
			{depts, f.d1.ID, true, "department"}, {depts, f.ddept.ID, true, "district department"},
			{depts, f.c1.ID, false, "community"}, {depts, f.sub.ID, false, "sub-district"},
		} {
			if want.set[want.id] != want.in {
				t.Errorf("%s: offered = %v, want %v", want.what, want.set[want.id], want.in)
			}
		}
		if c.Departments[0].ID == f.ddept.ID {
			t.Error("a department outside the scope comes first")
		}
		// Every candidate is accepted by Assign.
		ent := e.create("E1", f.c1)
		if _, err := e.svc.Assign(e.ctx, e.as(f.leader), ent.ID, enterprise.Assignment{LeaderID: &c.Leaders[len(c.Leaders)-1].ID,
			DepartmentID: &c.Departments[len(c.Departments)-1].ID, SpecialistID: &c.Specialists[len(c.Specialists)-1].ID}); err != nil {
			t.Errorf("assign the last candidates: %v", err)
		}
		for _, u := range []access.Actor{e.as(f.comm1), e.as(f.spec1), e.as(f.dept1), e.as(f.sysadmin), e.as(f.expert)} {
			_, err := e.svc.Choices(e.ctx, u)
			wantNotFound(t, "choices for "+u.Username, err)
		}
	})
}

// TestRefs: account officers find an enterprise by its credit code in
// their unit's scope, and learn its name only; nobody else may.
func TestRefs(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		ent, other := e.create("E1", f.c1), e.create("E5", f.c3)
		for _, a := range []access.Actor{e.as(f.sysadmin), e.as(f.secadmin)} {
			r, err := e.svc.RefByCode(e.ctx, a, " "+strings.ToLower(ent.CreditCode)+"\u3000")
			if err != nil || r.ID != ent.ID || r.Name != "E1" || r.CommunityName != ent.CommunityName {
				t.Errorf("%s by code: %+v, %v", a.Username, r, err)
			}
			if r, err := e.svc.RefByID(e.ctx, a, other.ID); err != nil || r.CreditCode != other.CreditCode {
				t.Errorf("%s by id: %+v, %v", a.Username, r, err)
			}
			_, err = e.svc.RefByCode(e.ctx, a, e.code())
			wantNotFound(t, "unknown code", err)
		}
		// A sysadmin of the sub-district does not reach another's.
		subAdmin := e.as(f.sysadmin)
		subAdmin.UnitID, subAdmin.ScopePath = f.sub.ID, f.sub.Path
		_, err := e.svc.RefByID(e.ctx, subAdmin, other.ID)
		wantNotFound(t, "out of the officer's scope", err)
		for _, a := range []access.Actor{e.as(f.leader), e.as(f.auditor), e.as(f.spec1), e.asEnterprise(ent.ID)} {
			_, err := e.svc.RefByCode(e.ctx, a, ent.CreditCode)
			wantNotFound(t, "ref for "+a.Username, err)
		}
	})
}
