package enterprise_test

import (
	"slices"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
)

// TestScope shows who sees which enterprises and visits, through every
// read: the list (with its total), Get, the visit list and the per-
// enterprise reads. Seeing nothing is the default.
func TestScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		// E1 in c1: assigned to d1 and spec1.
		// E2 in c1: nothing assigned.
		// E3 in c2: assigned to d2 and spec2.
		// E4 in c2: no department assigned, but an appeal handled by d1.
		// E5 in c3, the other sub-district.
		// E6 in c2: assigned to the district's department.
		e1, e2, e3, e4, e5, e6 := e.create("E1", f.c1), e.create("E2", f.c1), e.create("E3", f.c2), e.create("E4", f.c2), e.create("E5", f.c3), e.create("E6", f.c2)
		e.assign(e1.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		e.assign(e3.ID, f.leader.ID, f.d2.ID, f.spec2.ID)
		e.assign(e6.ID, 0, f.ddept.ID, 0)
		e.appeal(e4.ID, f.d1.ID, "用地", start)
		e.appeal(e5.ID, 0, "没有部门", start) // an appeal with no department widens no one's scope
		all := []enterprise.Enterprise{e1, e2, e3, e4, e5, e6}
		visits := map[int64]int64{} // enterprise → its visit
		for _, x := range all {
			v, err := e.svc.RecordVisit(e.ctx, e.as(f.rootLeader), enterprise.VisitInput{EnterpriseID: x.ID, Date: "2022-05-26",
				Form: enterprise.OnSite, People: []enterprise.Person{{UserID: f.rootLeader.ID}}})
			if err != nil {
				t.Fatal(err)
			}
			visits[x.ID] = v.ID
		}

		noScope := e.as(f.leader)
		noScope.UnitID, noScope.ScopePath = 0, ""
		badPath := e.as(f.comm1)
		badPath.ScopePath = "/"
		unknownRole := e.as(f.leader)
		unknownRole.Role = "boss"
		specNoID := e.as(f.spec1)
		specNoID.UserID = 0
		// An unknown unit gives an empty path (org.ActivePath); a zero
		// unit with a path left over is no scope either.
		unknownUnit := e.as(f.leader)
		unknownUnit.UnitID, unknownUnit.ScopePath = 999999, ""
		zeroUnit := e.as(f.rootLeader)
		zeroUnit.UnitID = 0
		cases := []struct {
			name  string
			actor access.Actor
			want  []int64
		}{
			{"leader", e.as(f.leader), sorted(e1.ID, e2.ID, e3.ID, e4.ID, e6.ID)},
			{"office", e.as(f.office), sorted(e1.ID, e2.ID, e3.ID, e4.ID, e6.ID)},
			{"leader at the root", e.as(f.rootLeader), sorted(e1.ID, e2.ID, e3.ID, e4.ID, e5.ID, e6.ID)},
			{"other sub-district's leader", e.as(f.leader2), sorted(e5.ID)},
			{"community 1", e.as(f.comm1), sorted(e1.ID, e2.ID)},
			{"community 2", e.as(f.comm2), sorted(e3.ID, e4.ID, e6.ID)},
			{"community 3", e.as(f.comm3), sorted(e5.ID)},
			{"department 1: assigned and by appeal", e.as(f.dept1), sorted(e1.ID, e4.ID)},
			{"department 2", e.as(f.dept2), sorted(e3.ID)},
			{"a department user scoped to the sub-district", e.as(f.deptSub), sorted(e1.ID, e3.ID, e4.ID)},
			{"specialist 1", e.as(f.spec1), sorted(e1.ID)},
			{"specialist 2", e.as(f.spec2), sorted(e3.ID)},
			{"specialist with nothing assigned", e.as(f.spec3), []int64{}},
			{"enterprise E2", e.asEnterprise(e2.ID), sorted(e2.ID)},
			{"enterprise account without an enterprise", e.asEnterprise(0), []int64{}},
			{"expert", e.as(f.expert), []int64{}},
			{"sysadmin at the root", e.as(f.sysadmin), []int64{}},
			{"secadmin at the root", e.as(f.secadmin), []int64{}},
			{"auditor at the root", e.as(f.auditor), []int64{}},
			{"leader without scope", noScope, []int64{}},
			{"community with a malformed path", badPath, []int64{}},
			{"unknown role", unknownRole, []int64{}},
			{"leader of an unknown unit", unknownUnit, []int64{}},
			{"root leader with unit zero", zeroUnit, []int64{}},
			{"specialist without a user id", specNoID, []int64{}},
			{"system", access.System("x"), []int64{}},
			{"zero actor", access.Actor{}, []int64{}},
		}
		for _, c := range cases {
			list, err := e.svc.List(e.ctx, c.actor, enterprise.Filter{Page: db.NewPage(1, 100)})
			if got := sorted(enterpriseIDs(list.Items)...); err != nil || !slices.Equal(got, c.want) || list.Total != len(c.want) {
				t.Errorf("%s: List = %v (total %d), %v; want %v", c.name, got, list.Total, err, c.want)
			}
			vl, err := e.svc.ListVisits(e.ctx, c.actor, enterprise.VisitFilter{Page: db.NewPage(1, 100)})
			var gotVisits []int64
			for _, v := range vl.Items {
				gotVisits = append(gotVisits, v.EnterpriseID)
			}
			if gotVisits = sorted(gotVisits...); err != nil || !slices.Equal(gotVisits, c.want) || vl.Total != len(c.want) {
				t.Errorf("%s: ListVisits = %v (total %d), %v; want %v", c.name, gotVisits, vl.Total, err, c.want)
			}
			for _, x := range all {
				visible := slices.Contains(c.want, x.ID)
				got, err := e.svc.Get(e.ctx, c.actor, x.ID)
				if visible && (err != nil || got.ID != x.ID) {
					t.Errorf("%s: Get(%s) = %v, want it", c.name, x.Name, err)
				}
				if !visible {
					wantNotFound(t, c.name+": Get "+x.Name, err)
				}
				_, err = e.svc.GetVisit(e.ctx, c.actor, visits[x.ID])
				if visible != (err == nil) {
					t.Errorf("%s: GetVisit of %s: %v, visible %v", c.name, x.Name, err, visible)
				}
				// The per-enterprise reads follow the same scope.
				_, errHistory := e.svc.History(e.ctx, c.actor, x.ID)
				_, errContacts := e.svc.Contacts(e.ctx, c.actor, x.ID)
				_, errOutputs := e.svc.Outputs(e.ctx, c.actor, x.ID)
				_, errTimeline := e.svc.Timeline(e.ctx, c.actor, x.ID)
				for what, err := range map[string]error{"History": errHistory, "Contacts": errContacts, "Outputs": errOutputs, "Timeline": errTimeline} {
					if visible && err != nil {
						t.Errorf("%s: %s of %s: %v", c.name, what, x.Name, err)
					}
					if !visible {
						wantNotFound(t, c.name+": "+what+" of "+x.Name, err)
					}
				}
			}
		}
		// Filters narrow the scope, never widen it.
		list, err := e.svc.List(e.ctx, e.as(f.comm1), enterprise.Filter{CommunityID: f.c3.ID})
		if err != nil || list.Total != 0 || len(list.Items) != 0 {
			t.Errorf("community 1 filtering on c3: %v, %v", enterpriseIDs(list.Items), err)
		}
		vl, err := e.svc.ListVisits(e.ctx, e.as(f.spec1), enterprise.VisitFilter{EnterpriseID: e3.ID})
		if err != nil || vl.Total != 0 {
			t.Errorf("specialist 1 filtering on E3's visits: %d, %v", vl.Total, err)
		}
	})
}

// TestScopeFollowsAssignment: a specialist's and a department's sight
// moves with the assignment, at once.
func TestScopeFollowsAssignment(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		_, err := e.svc.Get(e.ctx, e.as(f.spec1), x.ID)
		wantNotFound(t, "before assignment", err)
		e.assign(x.ID, 0, f.d1.ID, f.spec1.ID)
		if _, err := e.svc.Get(e.ctx, e.as(f.spec1), x.ID); err != nil {
			t.Errorf("specialist after assignment: %v", err)
		}
		if _, err := e.svc.Get(e.ctx, e.as(f.dept1), x.ID); err != nil {
			t.Errorf("department after assignment: %v", err)
		}
		e.assign(x.ID, 0, f.d2.ID, f.spec2.ID)
		_, err = e.svc.Get(e.ctx, e.as(f.spec1), x.ID)
		wantNotFound(t, "former specialist", err)
		_, err = e.svc.Get(e.ctx, e.as(f.dept1), x.ID)
		wantNotFound(t, "former department", err)
	})
}
