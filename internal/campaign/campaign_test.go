package campaign_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

func TestCreateCampaignDefaultPhases(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		want := []struct{ name, start, end string }{
			{"大动员大学习", "2022-03-01", "2022-04-15"},
			{"大调研大讨论", "2022-04-16", "2022-05-16"},
			{"大攻坚大提升", "2022-05-17", "2022-10-31"},
			{"大总结久传承", "2022-11-01", "2022-12-31"},
		}
		if len(c.Phases) != len(want) {
			t.Fatalf("phases %+v", c.Phases)
		}
		for i, w := range want {
			p := c.Phases[i]
			if p.Name != w.name || p.Start != w.start || p.End != w.end || p.Seq != i+1 {
				t.Errorf("phase %d = %+v, want %+v", i, p, w)
			}
		}
		got, err := e.svc.Get(e.Ctx, e.dept1, c.ID)
		if err != nil || len(got.Phases) != 4 {
			t.Fatalf("a department of the sub-district reads the campaign: %+v %v", got, err)
		}
	})
}

func TestCreateCampaignRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ok := func() campaign.Input {
			return campaign.Input{Name: "能力作风提升年", Year: 2022, UnitID: e.S.ID, Phases: []campaign.PhaseInput{
				{Name: "一", Start: "2022-03-01", End: "2022-04-15"}, {Name: "二", Start: "2022-04-16", End: "2022-05-16"}}}
		}
		cases := []struct {
			name  string
			actor access.Actor
			edit  func(*campaign.Input)
			code  errs.Code
			field string
		}{
			{"no name", e.office, func(in *campaign.Input) { in.Name = " " }, errs.Invalid, "name"},
			{"a year out of range", e.office, func(in *campaign.Input) { in.Year = 1999 }, errs.Invalid, "year"},
			{"a unit out of scope", e.office, func(in *campaign.Input) { in.UnitID = e.T.ID }, errs.Invalid, "unit_id"},
			{"phases overlapping", e.office, func(in *campaign.Input) { in.Phases[1].Start = "2022-04-15" }, errs.Invalid, "phases[1].start"},
			{"phases out of order", e.office, func(in *campaign.Input) {
				in.Phases[0], in.Phases[1] = in.Phases[1], in.Phases[0]
			}, errs.Invalid, "phases[1].start"},
			{"a phase ending before it starts", e.office, func(in *campaign.Input) { in.Phases[1].End = "2022-04-01" }, errs.Invalid, "phases[1].end"},
			{"a phase with a bad date", e.office, func(in *campaign.Input) { in.Phases[0].Start = "2022-02-30" }, errs.Invalid, "phases[0].start"},
			{"a phase without a name", e.office, func(in *campaign.Input) { in.Phases[0].Name = "" }, errs.Invalid, "phases[0].name"},
			{"a department", e.dept1, func(*campaign.Input) {}, errs.NotFound, ""},
			{"a community", e.comm1, func(*campaign.Input) {}, errs.NotFound, ""},
			{"the sysadmin", e.sysadmin, func(*campaign.Input) {}, errs.NotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := ok()
				tc.edit(&in)
				_, err := e.svc.Create(e.Ctx, tc.actor, in)
				wantCode(t, err, tc.code, tc.field)
				if n := e.Count("SELECT COUNT(*) FROM campaigns"); n != 0 {
					t.Fatalf("%d campaigns written", n)
				}
			})
		}
	})
}

func TestCampaignScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		for _, a := range []access.Actor{e.leader, e.office, e.dept1, e.comm1} {
			if _, err := e.svc.Get(e.Ctx, a, c.ID); err != nil {
				t.Errorf("%s: %v", a.Username, err)
			}
		}
		for _, a := range []access.Actor{e.leader9, e.sysadmin, e.auditor, e.spec} {
			if _, err := e.svc.Get(e.Ctx, a, c.ID); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s: %v, want not found", a.Username, err)
			}
			if l, err := e.svc.List(e.Ctx, a); err != nil || len(l) != 0 {
				t.Errorf("%s lists %d campaigns (%v)", a.Username, len(l), err)
			}
		}
	})
}

func TestBoardMarksTheCurrentPhase(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		v := e.meeting(c)
		for _, tc := range []struct {
			now     string
			current int // index of the current column, -1 none
		}{
			{"2022-05-10 09:00", 1},
			{"2022-05-16 23:59", 1},
			{"2022-05-17 00:00", 2},
			{"2023-01-01 08:00", -1},
		} {
			e.Clock.Set(cst(tc.now))
			b, err := e.svc.Board(e.Ctx, e.comm1, c.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, col := range b.Columns {
				if col.Current != (i == tc.current) {
					t.Errorf("%s: column %d current %v", tc.now, i, col.Current)
				}
			}
			if got := b.Columns[2].Activities; len(got) != 1 || got[0].ID != v.ID {
				t.Errorf("%s: the meeting of 20 May is not in 大攻坚大提升: %+v", tc.now, got)
			}
		}
		e.Clock.Set(cst("2022-05-18 08:00"))
		cur, err := e.svc.CurrentPhases(e.Ctx, e.dept1)
		if err != nil || len(cur) != 1 || cur[0].Phase.Name != "大攻坚大提升" {
			t.Fatalf("current phases %+v %v", cur, err)
		}
	})
}

func TestUpdateCampaign(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		e.meeting(c) // 2022-05-20, in the third phase (05-17 to 10-31)
		phases := func() []campaign.PhaseInput { return campaign.DefaultPhases(2022) }
		audits := func() int { return e.Count("SELECT COUNT(*) FROM audit_log WHERE action = 'campaign.update'") }

		in := campaign.Input{Name: " 2022 年能力作风提升年 ", Goals: "提升能力作风", Year: 1999, UnitID: e.C1.ID, Phases: phases()}
		in.Phases[2].End = "2022-11-15"
		in.Phases[3].Start, in.Phases[3].Name = "2022-11-16", "总结提升"
		in.Phases = append(in.Phases, campaign.PhaseInput{Name: "回头看", Start: "2023-01-01", End: "2023-01-31"})
		got, err := e.svc.Update(e.Ctx, e.office, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "2022 年能力作风提升年" || got.Goals != "提升能力作风" || got.Year != 2022 || got.UnitID != e.S.ID ||
			len(got.Phases) != 5 || got.Phases[2].ID != c.Phases[2].ID || got.Phases[2].End != "2022-11-15" ||
			got.Phases[3].Name != "总结提升" || got.Phases[4].Name != "回头看" || audits() != 1 {
			t.Fatalf("updated %+v, %d audit records", got, audits())
		}
		// Back to four phases: the fifth, holding no activity, goes.
		if got, err = e.svc.Update(e.Ctx, e.office, c.ID, campaign.Input{Name: "能力作风提升年", Phases: phases()}); err != nil || len(got.Phases) != 4 {
			t.Fatalf("back to four: %+v, %v", got.Phases, err)
		}

		cases := []struct {
			name  string
			actor access.Actor
			edit  func(*campaign.Input)
			code  errs.Code
			field string
		}{
			{"no name", e.office, func(in *campaign.Input) { in.Name = "" }, errs.Invalid, "name"},
			{"no phases", e.office, func(in *campaign.Input) { in.Phases = nil }, errs.Invalid, "phases"},
			{"overlapping phases", e.office, func(in *campaign.Input) { in.Phases[1].Start = "2022-04-01" }, errs.Invalid, "phases[1].start"},
			{"a phase's activity left before it", e.office, func(in *campaign.Input) {
				in.Phases[1].End, in.Phases[2].Start = "2022-05-25", "2022-05-26"
			}, errs.Invalid, "phases[2].start"},
			{"a phase's activity left after it", e.office, func(in *campaign.Input) {
				in.Phases[2].End, in.Phases[3].Start = "2022-05-19", "2022-05-20"
			}, errs.Invalid, "phases[2].end"},
			{"a phase with activities removed", e.office, func(in *campaign.Input) { in.Phases = in.Phases[:2] }, errs.Invalid, "phases"},
			{"a community", e.comm1, func(*campaign.Input) {}, errs.NotFound, ""},
			{"another sub-district", e.leader9, func(*campaign.Input) {}, errs.NotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := campaign.Input{Name: "改过的名称", Phases: phases()}
				tc.edit(&in)
				_, err := e.svc.Update(e.Ctx, tc.actor, c.ID, in)
				wantCode(t, err, tc.code, tc.field)
				after, err := e.svc.Get(e.Ctx, e.office, c.ID)
				if err != nil || after.Name != "能力作风提升年" || len(after.Phases) != 4 || after.Phases[2].Start != "2022-05-17" || audits() != 2 {
					t.Errorf("something was written: %+v, %v", after, err)
				}
			})
		}
	})
}
