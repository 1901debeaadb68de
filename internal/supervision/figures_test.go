package supervision_test

import (
	"slices"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/assessment"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/supervision"
)

// TestFiguresAndEscalation: four notices, read at several dates, each
// figure equal to the length of its drill-down list.
//
//	a  D1 due 06-08, answered 06-08 (on time)
//	b  D1 due 06-08, answered 06-10 (late)
//	c  D2 due 06-08, never answered (overdue from 06-09; leaders from 06-12)
//	d  D2 due 06-30, open
func TestFiguresAndEscalation(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.issue(e.office, in(1, "2022-06-08"))
		b := e.issue(e.office, in(1, "2022-06-08"))
		c := e.issue(e.office, in(2, "2022-06-08"))
		dd := e.issue(e.office, in(2, "2022-06-30"))
		e.at("2022-06-08 18:00")
		e.reply(e.dept1, a.ID)
		e.at("2022-06-10 09:00")
		e.reply(e.dept1, b.ID)
		e.at("2022-06-12 12:00")

		cases := []struct {
			asOf string
			want supervision.Figures
			d1   supervision.Figures
		}{
			{"2022-06-05", supervision.Figures{}, supervision.Figures{}},
			{"2022-06-08", supervision.Figures{Open: 3, OnTime: 1}, supervision.Figures{Open: 1, OnTime: 1}},
			{"2022-06-09", supervision.Figures{Open: 3, OnTime: 1, Overdue: 2}, supervision.Figures{Open: 1, OnTime: 1, Overdue: 1}},
			{"2022-06-12", supervision.Figures{Open: 2, OnTime: 1, Late: 1, Overdue: 1}, supervision.Figures{OnTime: 1, Late: 1}},
		}
		for _, cs := range cases {
			st, err := e.svc.Stats(e.Ctx, e.leader, cs.asOf)
			if err != nil {
				t.Fatal(err)
			}
			if st.Total != cs.want {
				t.Errorf("%s: %+v, want %+v", cs.asOf, st.Total, cs.want)
			}
			var d1 supervision.Figures
			for _, r := range st.ByUnit {
				if r.UnitID == e.D1.ID {
					d1 = r.Figures
				}
			}
			if d1 != cs.d1 {
				t.Errorf("%s D1: %+v, want %+v", cs.asOf, d1, cs.d1)
			}
			for f, n := range map[supervision.Figure]int{supervision.FigureOpen: cs.want.Open, supervision.FigureOnTime: cs.want.OnTime,
				supervision.FigureLate: cs.want.Late, supervision.FigureOverdue: cs.want.Overdue} {
				l, err := e.svc.List(e.Ctx, e.leader, supervision.Filter{Figure: f, AsOf: cs.asOf})
				if err != nil || l.Total != n || len(l.Items) != n {
					t.Errorf("%s %s list: %d/%d %v, want %d", cs.asOf, f, l.Total, len(l.Items), err, n)
				}
			}
			at, _ := supervision.AsOfDate(cs.asOf)
			if open, err := e.svc.Open(e.Ctx, e.leader, at); err != nil || open != cs.want.Open {
				t.Errorf("%s Open %d %v, want %d", cs.asOf, open, err, cs.want.Open)
			}
		}
		// The department sees its own figures only.
		st, err := e.svc.Stats(e.Ctx, e.dept1, "2022-06-12")
		if err != nil || st.Total != (supervision.Figures{OnTime: 1, Late: 1}) || len(st.ByUnit) != 1 {
			t.Errorf("dept1 stats %+v %v", st, err)
		}
		_, err = e.svc.Stats(e.Ctx, e.leader, "2022-13-01")
		wantCode(t, "bad as_of", err, errs.Invalid, map[string]string{"as_of": "err.bad_date"})

		// Escalation: on 06-11 c is overdue for the office only; from
		// 06-12 (more than three days past 06-08) the leaders see it too.
		ids := func(l db.List[supervision.Notice]) (out []int64) {
			for _, n := range l.Items {
				out = append(out, n.ID)
			}
			return out
		}
		e.at("2022-06-11 23:00")
		off, _ := e.svc.Escalated(e.Ctx, e.office, db.Page{})
		lead, _ := e.svc.Escalated(e.Ctx, e.leader, db.Page{})
		if !slices.Equal(ids(off), []int64{c.ID}) || len(lead.Items) != 0 {
			t.Errorf("06-11: office %v leader %v", ids(off), ids(lead))
		}
		if n, _ := e.svc.Get(e.Ctx, e.office, c.ID); n.Level != supervision.LevelOffice {
			t.Errorf("06-11 level %d", n.Level)
		}
		e.at("2022-06-12 00:00")
		lead, _ = e.svc.Escalated(e.Ctx, e.leader, db.Page{})
		if !slices.Equal(ids(lead), []int64{c.ID}) {
			t.Errorf("06-12: leader %v", ids(lead))
		}
		if n, _ := e.svc.Get(e.Ctx, e.office, c.ID); n.Level != supervision.LevelLeader {
			t.Errorf("06-12 level %d", n.Level)
		}
		if _, err := e.svc.Escalated(e.Ctx, e.dept1, db.Page{}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("dept escalation list: %v", err)
		}
		_ = dd
	})
}

// TestAssessmentSource: the cadre assessment's notices, counted for the
// person named as receiver, or for whoever answered a notice to the unit.
func TestAssessmentSource(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := in(1, "2022-06-08")
		x.ReceiverUserID = ptr(e.dept1.UserID)
		a := e.issue(e.office, x)
		b := e.issue(e.office, x)
		e.issue(e.office, x)
		u := e.issue(e.office, in(1, "2022-06-08"))
		e.issue(e.office, in(1, "2022-06-08")) // to the unit, never answered: nobody's
		e.at("2022-06-08 10:00")
		e.reply(e.dept1, a.ID)
		e.at("2022-06-09 10:00")
		e.reply(e.dept1b, b.ID) // answered by a colleague: still dept1's, late
		e.reply(e.dept1b, u.ID)
		src := supervision.AssessmentSource{S: e.svc}
		fill := func(year int, asOf string) map[int64]assessment.Parts {
			parts := map[int64]*assessment.Parts{e.dept1.UserID: {}, e.dept1b.UserID: {}, e.dept2.UserID: {}}
			if err := src.Fill(e.Ctx, year, cst(asOf), parts); err != nil {
				t.Fatal(err)
			}
			out := map[int64]assessment.Parts{}
			for id, p := range parts {
				out[id] = *p
			}
			return out
		}
		cases := []struct {
			asOf string
			who  access.Actor
			want assessment.Parts
		}{
			{"2022-06-10 09:00", e.dept1, assessment.Parts{NoticesReceived: 3, NoticesOnTime: 1, NoticesLate: 1, NoticesOverdue: 1}},
			{"2022-06-10 09:00", e.dept1b, assessment.Parts{NoticesReceived: 1, NoticesLate: 1}},
			{"2022-06-10 09:00", e.dept2, assessment.Parts{}},
			// Before the deadline passed, the unanswered were pending.
			{"2022-06-08 12:00", e.dept1, assessment.Parts{NoticesReceived: 3, NoticesOnTime: 1, NoticesPending: 2}},
		}
		for _, c := range cases {
			if got := fill(2022, c.asOf)[c.who.UserID]; got != c.want {
				t.Errorf("%s as of %s: %+v, want %+v", c.who.Username, c.asOf, got, c.want)
			}
		}
		if got := fill(2021, "2022-06-10 09:00")[e.dept1.UserID]; got != (assessment.Parts{}) {
			t.Errorf("2021: %+v", got)
		}
		recs, err := src.Records(e.Ctx, 2022, cst("2022-06-10 09:00"), e.dept1.UserID)
		if err != nil || len(recs) != 3 || recs[0].Outcome != "on_time" || recs[0].Kind != "notice" {
			t.Errorf("records %+v %v", recs, err)
		}
	})
}
