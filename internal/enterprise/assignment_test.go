package enterprise_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

func TestAssign(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.clock.Advance(time.Hour)
		seq := e.auditSeq()
		got, err := e.svc.Assign(e.ctx, e.as(f.office), x.ID, enterprise.Assignment{LeaderID: ptr(f.leader.ID), DepartmentID: ptr(f.d1.ID),
			SpecialistID: ptr(f.spec1.ID), Note: "  首次挂点  "})
		if err != nil {
			t.Fatal(err)
		}
		if got.LeaderID != f.leader.ID || got.LeaderName != f.leader.DisplayName || got.DepartmentID != f.d1.ID ||
			got.DepartmentName != f.d1.Name || got.SpecialistID != f.spec1.ID || got.SpecialistName != f.spec1.DisplayName ||
			!got.Complete() || !got.UpdatedAt.Equal(e.clock.Now()) {
			t.Errorf("assigned %+v", got)
		}
		recs := e.records(seq)
		var after struct {
			SpecialistID int64  `json:"specialist_id"`
			Note         string `json:"note"`
		}
		if len(recs) != 1 || recs[0].Action != "enterprise.assign" || recs[0].Actor != "office" ||
			json.Unmarshal([]byte(recs[0].After), &after) != nil || after.SpecialistID != f.spec1.ID || after.Note != "首次挂点" ||
			!strings.Contains(recs[0].Before, `"specialist_id":0`) {
			t.Errorf("audit %+v", recs)
		}

		// nil leaves a member as it is; 0 clears it.
		e.clock.Advance(time.Hour)
		got, err = e.svc.Assign(e.ctx, e.as(f.leader), x.ID, enterprise.Assignment{SpecialistID: ptr(f.spec2.ID)})
		if err != nil || got.LeaderID != f.leader.ID || got.DepartmentID != f.d1.ID || got.SpecialistID != f.spec2.ID {
			t.Errorf("change the specialist only: %+v, %v", got, err)
		}
		e.clock.Advance(time.Hour)
		got, err = e.svc.Assign(e.ctx, e.as(f.leader), x.ID, enterprise.Assignment{LeaderID: ptr(int64(0))})
		if err != nil || got.LeaderID != 0 || got.LeaderName != "" || got.SpecialistID != f.spec2.ID || got.Complete() {
			t.Errorf("clear the leader: %+v, %v", got, err)
		}
		// Replacing turns absent members into cleared ones (PUT).
		e.clock.Advance(time.Hour)
		got, err = e.svc.Assign(e.ctx, e.as(f.leader), x.ID, enterprise.Assignment{DepartmentID: ptr(f.ddept.ID)}.Replacing())
		if err != nil || got.LeaderID != 0 || got.DepartmentID != f.ddept.ID || got.SpecialistID != 0 {
			t.Errorf("replace: %+v, %v", got, err)
		}
		// Saving what is already there records nothing.
		before := e.counts()
		if _, err := e.svc.Assign(e.ctx, e.as(f.leader), x.ID, enterprise.Assignment{DepartmentID: ptr(f.ddept.ID), Note: "再存一次"}); err != nil {
			t.Errorf("no change: %v", err)
		}
		if after := e.counts(); after != before {
			t.Errorf("an assignment that changed nothing wrote %s → %s", before, after)
		}

		h, err := e.svc.History(e.ctx, e.as(f.comm1), x.ID)
		if err != nil || len(h) != 4 {
			t.Fatalf("history %+v, %v", h, err)
		}
		// Newest first; each row is the state after the change, with
		// who changed it and when.
		if h[0].DepartmentID != f.ddept.ID || h[0].DepartmentName != f.ddept.Name || h[0].LeaderID != 0 || h[0].SpecialistID != 0 ||
			h[3].LeaderName != f.leader.DisplayName || h[3].SpecialistName != f.spec1.DisplayName || h[3].Note != "首次挂点" ||
			h[3].ChangedBy != f.office.ID || h[3].ChangedByName != f.office.DisplayName || !h[3].ChangedAt.Equal(start.Add(time.Hour)) ||
			h[1].LeaderID != 0 || h[2].SpecialistID != f.spec2.ID || h[0].EnterpriseID != x.ID {
			t.Errorf("history %+v", h)
		}
	})
}

func TestAssignInvalid(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		cases := []struct {
			name string
			as   enterprise.Assignment
			want map[string]string
		}{
			{"leader is an office user", enterprise.Assignment{LeaderID: ptr(f.office.ID)}, map[string]string{"leader_id": "err.assignment_leader"}},
			{"leader inactive", enterprise.Assignment{LeaderID: ptr(f.leaderOff.ID)}, map[string]string{"leader_id": "err.assignment_leader"}},
			{"leader unknown", enterprise.Assignment{LeaderID: ptr(int64(99999))}, map[string]string{"leader_id": "err.assignment_leader"}},
			{"leader negative", enterprise.Assignment{LeaderID: ptr(int64(-1))}, map[string]string{"leader_id": "err.assignment_leader"}},
			{"department is a community", enterprise.Assignment{DepartmentID: ptr(f.c1.ID)}, map[string]string{"department_id": "err.assignment_department"}},
			{"department unknown", enterprise.Assignment{DepartmentID: ptr(int64(99999))}, map[string]string{"department_id": "err.assignment_department"}},
			{"specialist is a leader", enterprise.Assignment{SpecialistID: ptr(f.leader.ID)}, map[string]string{"specialist_id": "err.assignment_specialist"}},
			{"specialist inactive", enterprise.Assignment{SpecialistID: ptr(f.specOff.ID)}, map[string]string{"specialist_id": "err.assignment_specialist"}},
			{"note too long", enterprise.Assignment{SpecialistID: ptr(f.spec2.ID), Note: strings.Repeat("注", enterprise.MaxNote+1)},
				map[string]string{"note": "err.too_long"}},
			{"all three wrong, one good change beside them", enterprise.Assignment{LeaderID: ptr(f.spec1.ID), DepartmentID: ptr(f.sub.ID),
				SpecialistID: ptr(f.comm1.ID)}, map[string]string{"leader_id": "err.assignment_leader",
				"department_id": "err.assignment_department", "specialist_id": "err.assignment_specialist"}},
		}
		for _, c := range cases {
			before, state := e.counts(), e.state(x.ID)
			_, err := e.svc.Assign(e.ctx, e.as(f.leader), x.ID, c.as)
			wantFields(t, c.name, err, c.want)
			if after := e.counts(); after != before || e.state(x.ID) != state {
				t.Errorf("%s: wrote something: %s → %s", c.name, before, after)
			}
		}
		// An inactive department is no department to assign.
		if _, err := e.units.Update(e.ctx, e.admin(), f.d2.ID, orgInactiveInput()); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.Assign(e.ctx, e.as(f.leader), x.ID, enterprise.Assignment{DepartmentID: ptr(f.d2.ID)})
		wantFields(t, "department inactive", err, map[string]string{"department_id": "err.assignment_department"})

		// A member already assigned is not checked again: the form that
		// sends all three can change the specialist though the department
		// has since been deactivated.
		if _, err := e.units.Update(e.ctx, e.admin(), f.d1.ID, orgInactiveInput()); err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Assign(e.ctx, e.as(f.leader), x.ID, enterprise.Assignment{LeaderID: ptr(f.leader.ID), DepartmentID: ptr(f.d1.ID),
			SpecialistID: ptr(f.spec2.ID)})
		if err != nil || got.DepartmentID != f.d1.ID || got.SpecialistID != f.spec2.ID {
			t.Errorf("keeping a deactivated department: %+v, %v", got, err)
		}
		// But a bulk assignment names it anew for every enterprise.
		_, err = e.svc.BulkAssign(e.ctx, e.as(f.leader), []int64{x.ID}, enterprise.Assignment{DepartmentID: ptr(f.d1.ID)})
		wantFields(t, "bulk with a deactivated department", err, map[string]string{"department_id": "err.assignment_department"})
	})
}

func TestBulkAssign(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x, y, z := e.create("甲", f.c1), e.create("乙", f.c2), e.create("丙", f.c2)
		out := e.create("外", f.c3)
		e.assign(z.ID, f.leader.ID, f.d2.ID, f.spec2.ID)

		// One id out of scope, one unknown, or one bad member: nothing
		// changes anywhere.
		refusals := []struct {
			name string
			ids  []int64
			as   enterprise.Assignment
			msg  string
		}{
			{"one enterprise out of scope", []int64{x.ID, y.ID, out.ID}, enterprise.Assignment{SpecialistID: ptr(f.spec1.ID)}, "err.enterprise_bulk_unknown"},
			{"one unknown id", []int64{x.ID, 99999, y.ID}, enterprise.Assignment{SpecialistID: ptr(f.spec1.ID)}, "err.enterprise_bulk_unknown"},
			{"a bad specialist", []int64{x.ID, y.ID}, enterprise.Assignment{SpecialistID: ptr(f.leader.ID)}, "err.invalid"},
			{"no ids", nil, enterprise.Assignment{SpecialistID: ptr(f.spec1.ID)}, "err.invalid"},
			{"too many ids", make([]int64, enterprise.MaxBulk+1), enterprise.Assignment{SpecialistID: ptr(f.spec1.ID)}, "err.invalid"},
		}
		for i := range refusals[4].ids {
			refusals[4].ids[i] = int64(i + 1)
		}
		for _, c := range refusals {
			before := e.counts()
			states := e.state(x.ID) + e.state(y.ID) + e.state(z.ID) + e.state(out.ID)
			_, err := e.svc.BulkAssign(e.ctx, e.as(f.leader), c.ids, c.as)
			if ee := errs.As(err); ee.Code != errs.Invalid || ee.Message != c.msg {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.msg)
			}
			if after := e.counts(); after != before || e.state(x.ID)+e.state(y.ID)+e.state(z.ID)+e.state(out.ID) != states {
				t.Errorf("%s: wrote something: %s → %s", c.name, before, after)
			}
		}

		// A good one: duplicates count once, and the enterprise already
		// so assigned gets no history row and no record.
		seq, history := e.auditSeq(), e.count("SELECT count(*) FROM assignment_history")
		got, err := e.svc.BulkAssign(e.ctx, e.as(f.office), []int64{y.ID, x.ID, y.ID, z.ID},
			enterprise.Assignment{SpecialistID: ptr(f.spec2.ID), DepartmentID: ptr(f.d2.ID), Note: "批量"})
		if err != nil || len(got) != 3 {
			t.Fatalf("bulk: %+v, %v", got, err)
		}
		for _, g := range got {
			if g.SpecialistID != f.spec2.ID || g.DepartmentID != f.d2.ID || g.SpecialistName != f.spec2.DisplayName {
				t.Errorf("bulk result %+v", g)
			}
		}
		if n := e.count("SELECT count(*) FROM assignment_history") - history; n != 2 {
			t.Errorf("%d history rows, want 2", n)
		}
		recs := e.records(seq)
		if len(recs) != 2 || recs[0].Action != "enterprise.assign" || recs[1].Action != "enterprise.assign" ||
			recs[0].EntityID == recs[1].EntityID {
			t.Errorf("audit %+v", recs)
		}
		list, err := e.svc.List(e.ctx, e.as(f.spec2), enterprise.Filter{})
		if ids := sorted(enterpriseIDs(list.Items)...); err != nil || len(ids) != 3 {
			t.Errorf("specialist 2 sees %v, %v", ids, err)
		}
	})
}
