package project_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/assessment"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/project"
)

func TestCreateAndGet(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.input())
		if p.Name != "清平高速甘坑立交" || p.LeadUnitID != e.C1.ID || len(p.Lists) != 2 || p.Lists[0] != project.ListKey ||
			len(p.Departments) != 1 || p.Departments[0].ID != e.D1.ID || len(p.Members) != 1 || p.LeadCadreName != "cadre" {
			t.Fatalf("created %+v", p)
		}
		if p.Status != project.OnTrack || p.AsOf != "2022-05-17" {
			t.Errorf("status %s as of %s, want on_track as of 2022-05-17", p.Status, p.AsOf)
		}
	})
}

func TestBadInputWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.input())
		closed := e.input()
		closed.ClosedDate = ptr("2022-05-20")
		cp := e.create(closed)
		tables := []string{"projects", "project_milestones", "project_reports", "audit_log"}
		before := map[string]int{}
		for _, tb := range tables {
			before[tb] = e.count(tb)
		}
		cases := []struct {
			name  string
			code  errs.Code
			field string
			call  func() error
		}{
			{"milestone before start", errs.Invalid, "due_date", func() error {
				_, err := e.svc.AddMilestone(e.Ctx, e.leader, p.ID, project.MilestoneInput{Title: "征拆", DueDate: "2022-05-16"})
				return err
			}},
			{"milestone without title", errs.Invalid, "title", func() error {
				_, err := e.svc.AddMilestone(e.Ctx, e.leader, p.ID, project.MilestoneInput{DueDate: "2022-06-01"})
				return err
			}},
			{"percent above 100", errs.Invalid, "percent", func() error {
				_, err := e.svc.AddReport(e.Ctx, e.leader, p.ID, project.ReportInput{Percent: ptr(101)})
				return err
			}},
			{"percent below 0", errs.Invalid, "percent", func() error {
				_, err := e.svc.AddReport(e.Ctx, e.leader, p.ID, project.ReportInput{Percent: ptr(-1)})
				return err
			}},
			{"no percent", errs.Invalid, "percent", func() error {
				_, err := e.svc.AddReport(e.Ctx, e.leader, p.ID, project.ReportInput{})
				return err
			}},
			{"report on a closed project", errs.Conflict, "", func() error {
				_, err := e.svc.AddReport(e.Ctx, e.leader, cp.ID, project.ReportInput{Percent: ptr(50)})
				return err
			}},
			{"target before start", errs.Invalid, "target_date", func() error {
				in := e.input()
				in.TargetDate = ptr("2022-01-01")
				_, err := e.svc.Create(e.Ctx, e.leader, in)
				return err
			}},
			{"unknown field", errs.Invalid, "field", func() error {
				in := e.input()
				in.Field = ptr("astrology")
				_, err := e.svc.Create(e.Ctx, e.leader, in)
				return err
			}},
			{"unknown list", errs.Invalid, "lists", func() error {
				in := e.input()
				in.Lists = ptr([]project.List{"nope"})
				_, err := e.svc.Create(e.Ctx, e.leader, in)
				return err
			}},
			{"lead unit out of scope", errs.Invalid, "lead_unit_id", func() error {
				in := e.input()
				in.LeadUnitID = ptr(e.C9.ID)
				_, err := e.svc.Create(e.Ctx, e.leader, in)
				return err
			}},
			{"branch-led without a branch", errs.Invalid, "lead_branch", func() error {
				in := e.input()
				in.Kind = ptr(project.KindBranchLed)
				_, err := e.svc.Create(e.Ctx, e.leader, in)
				return err
			}},
			{"negative budget", errs.Invalid, "budget_fen", func() error {
				in := e.input()
				in.BudgetFen = ptr(int64(-1))
				_, err := e.svc.Create(e.Ctx, e.leader, in)
				return err
			}},
		}
		for _, c := range cases {
			err := c.call()
			if errs.CodeOf(err) != c.code {
				t.Errorf("%s: %v, want %s", c.name, err, c.code)
				continue
			}
			if c.field != "" {
				if ee := errs.As(err); ee == nil || ee.Fields[c.field] == "" {
					t.Errorf("%s: %v does not name %s", c.name, err, c.field)
				}
			}
		}
		for _, tb := range tables {
			if n := e.count(tb); n != before[tb] {
				t.Errorf("%s: %d rows, had %d", tb, n, before[tb])
			}
		}
	})
}

// A milestone due yesterday and not done makes its project overdue the
// next day without anything written.
func TestOverdueMilestoneNeedsNoWrite(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.input())
		m, err := e.svc.AddMilestone(e.Ctx, e.leader, p.ID, project.MilestoneInput{Title: "完成交通疏解方案", OwnerID: e.owner.UserID, DueDate: "2022-05-20"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.AddReport(e.Ctx, e.comm1, p.ID, project.ReportInput{Percent: ptr(5)}); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(cstAt("2022-05-20"))
		if got, _ := e.svc.Get(e.Ctx, e.leader, p.ID); got.Status != project.OnTrack {
			t.Fatalf("on the due day: %s", got.Status)
		}
		audits := e.count("audit_log")
		e.Clock.Set(cstAt("2022-05-21"))
		got, err := e.svc.Get(e.Ctx, e.leader, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != project.Overdue || got.Milestones[0].Status != "open" || !got.Milestones[0].Late {
			t.Errorf("the day after: %s, milestone %+v", got.Status, got.Milestones[0])
		}
		if e.count("audit_log") != audits || !got.UpdatedAt.Equal(p.UpdatedAt) {
			t.Error("computing the status wrote something")
		}
		due, err := e.svc.MilestonesFor(e.Ctx, e.owner.UserID, cstAt("2022-05-21"), cstAt("2022-05-28"))
		if err != nil || len(due) != 1 || due[0].ID != m.ID || due[0].ProjectName != p.Name || !due[0].Late {
			t.Errorf("owner's list: %+v, %v", due, err)
		}
		// The owner marks it done; the project is on track again.
		if _, err := e.svc.MarkDone(e.Ctx, e.owner, p.ID, m.ID, project.DoneInput{Evidence: "方案已批复"}); err != nil {
			t.Fatal(err)
		}
		if got, _ := e.svc.Get(e.Ctx, e.leader, p.ID); got.Status != project.OnTrack || got.Milestones[0].Status != "done" || !got.Milestones[0].Late {
			t.Errorf("after done: %s %+v", got.Status, got.Milestones)
		}
		if due, _ := e.svc.MilestonesFor(e.Ctx, e.owner.UserID, cstAt("2022-05-21"), cstAt("2022-05-28")); len(due) != 0 {
			t.Errorf("done milestone still listed: %+v", due)
		}
		if _, err := e.svc.MarkDone(e.Ctx, e.owner, p.ID, m.ID, project.DoneInput{}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("done twice: %v", err)
		}
	})
}

func TestScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.input()
		in.MemberIDs = ptr([]int64{e.member.UserID})
		p := e.create(in)
		if _, err := e.svc.AddMilestone(e.Ctx, e.leader, p.ID, project.MilestoneInput{Title: "m", OwnerID: e.owner.UserID, DueDate: "2022-06-01"}); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			who        string
			a          access.Actor
			sees, edit bool
		}{
			{"leader", e.leader, true, true},
			{"office", e.office, true, true},
			{"responsible department", e.dept1, true, false},
			{"lead community", e.comm1, true, true},
			{"other community", e.comm2, false, false},
			{"lead cadre", e.cadre, true, false},
			{"member", e.member, true, false},
			{"milestone owner", e.owner, true, false},
			{"unrelated department", e.dept2, false, false},
			{"specialist", e.spec, false, false},
			{"expert", e.expert, false, false},
			{"auditor", e.auditor, false, false},
			{"another sub-district's leader", e.leader9, false, false},
		}
		for _, tt := range tests {
			_, err := e.svc.Get(e.Ctx, tt.a, p.ID)
			if (err == nil) != tt.sees {
				t.Errorf("%s: get %v, want seen %v", tt.who, err, tt.sees)
			}
			list, err := e.svc.List(e.Ctx, tt.a, project.Filter{})
			if err != nil || (list.Total == 1) != tt.sees {
				t.Errorf("%s: list total %d, %v", tt.who, list.Total, err)
			}
			_, err = e.svc.Update(e.Ctx, tt.a, p.ID, project.Input{Goals: ptr("新目标")})
			want := errs.NotFound
			if tt.edit {
				want = ""
			}
			if errs.CodeOf(err) != want && !(want == "" && err == nil) {
				t.Errorf("%s: update %v, want %q", tt.who, err, want)
			}
			if _, _, err := e.svc.Lookup(e.Ctx, tt.a, p.ID); (err == nil) != tt.sees {
				t.Errorf("%s: lookup %v", tt.who, err)
			}
		}
		if _, err := e.svc.Create(e.Ctx, e.comm1, e.input()); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("community creates: %v", err)
		}
	})
}

func TestListFilters(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(e.input())
		in := e.input()
		in.Name, in.Kind, in.LeadBranch, in.Field = ptr("禾花社区消防整治"), ptr(project.KindBranchLed), ptr("禾花社区党委"), ptr("safety")
		in.Lists, in.LeadUnitID, in.StartDate = ptr([]project.List{}), ptr(e.C2.ID), ptr("2022-01-01")
		b := e.create(in)
		tests := []struct {
			name string
			f    project.Filter
			want []int64
		}{
			{"all by target", project.Filter{}, []int64{a.ID, b.ID}},
			{"by name", project.Filter{Sort: "name"}, []int64{a.ID, b.ID}}, // 清 < 禾 in code points
			{"kind", project.Filter{Kind: project.KindBranchLed}, []int64{b.ID}},
			{"list", project.Filter{List: project.ListSpecialAttention}, []int64{a.ID}},
			{"field", project.Filter{Field: "safety"}, []int64{b.ID}},
			{"lead unit", project.Filter{LeadUnitID: e.C1.ID}, []int64{a.ID}},
			{"search", project.Filter{Query: "消防"}, []int64{b.ID}},
			{"search is literal", project.Filter{Query: "%"}, nil},
			// b started in January with no report: at risk.
			{"status", project.Filter{Status: project.AtRisk}, []int64{b.ID}},
			{"page", project.Filter{Page: db.NewPage(2, 1)}, []int64{b.ID}},
		}
		for _, tt := range tests {
			list, err := e.svc.List(e.Ctx, e.leader, tt.f)
			if err != nil {
				t.Fatalf("%s: %v", tt.name, err)
			}
			var got []int64
			for _, p := range list.Items {
				got = append(got, p.ID)
			}
			if len(got) != len(tt.want) || (len(got) > 0 && got[0] != tt.want[0]) {
				t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
			}
		}
		if _, err := e.svc.List(e.Ctx, e.leader, project.Filter{Sort: "bogus"}); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("bad sort: %v", err)
		}
	})
}

func TestStats(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.svc.SupervisionOpen = func(_ context.Context, _ access.Actor, asOf time.Time) (int, error) {
			if asOf.Format(time.RFC3339Nano) != "2022-07-01T15:59:59.999999Z" {
				t.Errorf("supervision asked as of %s", asOf)
			}
			return 3, nil
		}
		a := e.create(e.input())
		if _, err := e.svc.AddMilestone(e.Ctx, e.leader, a.ID, project.MilestoneInput{Title: "m", DueDate: "2022-06-01"}); err != nil {
			t.Fatal(err)
		}
		in := e.input()
		in.Kind, in.LeadBranch, in.Lists, in.LeadUnitID, in.ClosedDate = ptr(project.KindBranchLed), ptr("党支部"), ptr([]project.List{project.ListUpperLevel}), ptr(e.C2.ID), ptr("2022-06-15")
		e.create(in)
		e.Clock.Set(cstAt("2022-07-02")) // recorded after the date asked: not counted
		e.create(e.input())
		st, err := e.svc.Stats(e.Ctx, e.leader, "2022-07-01")
		if err != nil {
			t.Fatal(err)
		}
		if st.Total != 2 || st.ByList[project.ListKey] != 1 || st.ByList[project.ListUpperLevel] != 1 || st.ByList[project.ListSpecialAttention] != 1 ||
			st.ByList[project.ListDistrictLandEight] != 0 || st.BranchLed != 1 || st.ByField["traffic"] != 2 || st.ByField["land"] != 0 ||
			st.ByStatus[project.Overdue] != 1 || st.ByStatus[project.Done] != 1 || st.ByStatus[project.OnTrack] != 0 ||
			st.MilestonesOverdue != 1 || st.SupervisionOpen != 3 {
			t.Errorf("stats %+v", st)
		}
		// Each figure's list, as of the same date, holds exactly what it
		// counts: the project recorded later is in neither.
		for name, c := range map[string]struct {
			f    project.Filter
			want int
		}{
			"total":      {project.Filter{}, st.Total},
			"key":        {project.Filter{List: project.ListKey}, st.ByList[project.ListKey]},
			"branch_led": {project.Filter{Kind: project.KindBranchLed}, st.BranchLed},
			"overdue":    {project.Filter{Status: project.Overdue}, st.ByStatus[project.Overdue]},
			"field":      {project.Filter{Field: "traffic"}, st.ByField["traffic"]},
		} {
			c.f.AsOf = "2022-07-01"
			if l, err := e.svc.List(e.Ctx, e.leader, c.f); err != nil || l.Total != c.want {
				t.Errorf("%s: the list has %d, the figure %d (%v)", name, l.Total, c.want, err)
			}
		}
		late, err := e.svc.OverdueMilestones(e.Ctx, e.leader, "2022-07-01")
		if err != nil || len(late) != st.MilestonesOverdue || late[0].ProjectID != a.ID || late[0].Title != "m" {
			t.Errorf("overdue milestones %+v (%v), figure %d", late, err, st.MilestonesOverdue)
		}
		if late, _ := e.svc.OverdueMilestones(e.Ctx, e.comm2, "2022-07-01"); len(late) != 0 {
			t.Errorf("community 2 sees overdue milestones of community 1: %+v", late)
		}
		if _, err := e.svc.OverdueMilestones(e.Ctx, e.leader, "2022-7-1"); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("bad as_of: %v", err)
		}
		if st, _ := e.svc.Stats(e.Ctx, e.comm2, "2022-07-01"); st.Total != 1 || st.SupervisionOpen != 3 {
			t.Errorf("community 2 stats %+v", st)
		}
		if _, err := e.svc.Stats(e.Ctx, e.leader, "2022-13-01"); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("bad as_of: %v", err)
		}
	})
}

func TestAssessmentSource(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.input())
		add := func(due string) int64 {
			m, err := e.svc.AddMilestone(e.Ctx, e.leader, p.ID, project.MilestoneInput{Title: "m" + due, OwnerID: e.owner.UserID, DueDate: due})
			if err != nil {
				t.Fatal(err)
			}
			return m.ID
		}
		onTime, late := add("2022-06-01"), add("2022-06-02")
		add("2022-06-03")
		e.Clock.Set(cstAt("2022-06-01"))
		if _, err := e.svc.MarkDone(e.Ctx, e.owner, p.ID, onTime, project.DoneInput{}); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(cstAt("2022-06-10"))
		if _, err := e.svc.MarkDone(e.Ctx, e.owner, p.ID, late, project.DoneInput{}); err != nil {
			t.Fatal(err)
		}
		// As of 2022-06-10: one on time, one late, one overdue (due 06-03).
		src := project.AssessmentSource{S: e.svc}
		fill := func(year int, asOf time.Time, ids ...int64) map[int64]*assessment.Parts {
			parts := map[int64]*assessment.Parts{}
			for _, id := range ids {
				parts[id] = &assessment.Parts{}
			}
			if err := src.Fill(e.Ctx, year, asOf, parts); err != nil {
				t.Fatal(err)
			}
			return parts
		}
		got := fill(2022, cstAt("2022-06-10"), e.owner.UserID, e.cadre.UserID)
		if c := got[e.owner.UserID]; c.MilestonesOnTime != 1 || c.MilestonesLate != 1 || c.MilestonesOverdue != 1 || c.MilestonesPending != 0 {
			t.Errorf("owner %+v", c)
		}
		if c := got[e.cadre.UserID]; c.ProjectsLed != 1 {
			t.Errorf("cadre %+v", c)
		}
		// Before the third fell due it was pending, and the late one open.
		if c := fill(2022, cstAt("2022-06-02"), e.owner.UserID)[e.owner.UserID]; c.MilestonesOnTime != 1 || c.MilestonesPending != 2 {
			t.Errorf("owner on 06-02 %+v", c)
		}
		if c := fill(2021, cstAt("2021-12-31"), e.cadre.UserID)[e.cadre.UserID]; c.ProjectsLed != 0 {
			t.Errorf("cadre 2021 %+v", c)
		}
		recs, err := src.Records(e.Ctx, 2022, cstAt("2022-06-10"), e.owner.UserID)
		if err != nil || len(recs) != 3 || recs[0].Outcome != "on_time" || recs[2].Outcome != "overdue" {
			t.Errorf("owner records %+v %v", recs, err)
		}
		ref, err := e.svc.LookupMilestone(e.Ctx, e.leader, late)
		if err != nil || ref != (project.MilestoneRef{Title: p.Name + " — m2022-06-02", ProjectID: p.ID, LeadUnitID: e.C1.ID, OwnerID: e.owner.UserID}) {
			t.Errorf("lookup milestone %+v %v", ref, err)
		}
		if _, err := e.svc.LookupMilestone(e.Ctx, e.comm2, late); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("lookup out of scope: %v", err)
		}
	})
}
