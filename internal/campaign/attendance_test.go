package campaign_test

import (
	"testing"

	"pinghu/internal/assessment"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestAttendance(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.meeting(e.campaign2022())
		if _, err := e.svc.Leave(e.Ctx, e.staff1b, v.ID, "出差在外"); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(cst("2022-05-20 08:50"))
		if _, err := e.svc.SignIn(e.Ctx, e.staff1a, v.ID, v.Code); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.SignIn(e.Ctx, e.staff2, v.ID, v.Code); err != nil {
			t.Fatal(err)
		}
		e.Clock.Set(cst("2022-06-01 09:00"))
		before, _ := campaign.AsOfDate("2022-05-19")
		during, _ := campaign.AsOfDate("2022-05-20")
		r, err := e.svc.Attendance(e.Ctx, e.office, campaign.Query{AsOf: before})
		if err != nil || r.Total.Invited != 0 {
			t.Fatalf("before the meeting: %+v %v", r, err)
		}
		r, err = e.svc.Attendance(e.Ctx, e.office, campaign.Query{AsOf: during})
		if err != nil {
			t.Fatal(err)
		}
		// C1: comm1 absent, staff1a signed in, staff1b on leave; C2: staff2
		// signed in; S: the specialist absent.
		want := map[int64]campaign.Figures{
			e.S.ID:  {Invited: 1, Absent: 1},
			e.C1.ID: {Invited: 3, SignedIn: 1, OnLeave: 1, Absent: 1, Rate: 33.3},
			e.C2.ID: {Invited: 1, SignedIn: 1, Rate: 100},
		}
		if len(r.Units) != len(want) {
			t.Fatalf("units %+v", r.Units)
		}
		for _, u := range r.Units {
			if u.Figures != want[u.UnitID] {
				t.Errorf("unit %d: %+v, want %+v", u.UnitID, u.Figures, want[u.UnitID])
			}
		}
		if r.Total != (campaign.Figures{Invited: 5, SignedIn: 2, OnLeave: 1, Absent: 2, Rate: 40}) {
			t.Errorf("total %+v", r.Total)
		}
		// The drill-down lists the people behind a figure.
		p, err := e.svc.People(e.Ctx, e.office, campaign.PeopleQuery{Query: campaign.Query{AsOf: during}, UnitID: e.C1.ID, Status: campaign.Absent})
		if err != nil || p.Total != 1 || p.Items[0].UserID != e.comm1.UserID {
			t.Fatalf("absent in C1: %+v %v", p, err)
		}
		// Outside its scope the figures are empty.
		r, err = e.svc.Attendance(e.Ctx, e.comm2, campaign.Query{AsOf: during})
		if err != nil || r.Total.Invited != 0 {
			t.Errorf("another community sees %+v %v", r.Total, err)
		}
		// One person's year, for the cadre assessment, as of the end of
		// the meeting and before it began.
		src := campaign.AssessmentSource{S: e.svc}
		parts := map[int64]*assessment.Parts{e.staff1b.UserID: {}, e.staff1a.UserID: {}}
		if err := src.Fill(e.Ctx, 2022, during, parts); err != nil {
			t.Fatal(err)
		}
		if got := *parts[e.staff1b.UserID]; got != (assessment.Parts{Invited: 1, OnLeave: 1}) {
			t.Errorf("staff1b 2022: %+v", got)
		}
		recs, err := src.Records(e.Ctx, 2022, during, e.staff1b.UserID)
		if err != nil || len(recs) != 1 || recs[0].Outcome != "on_leave" || recs[0].Kind != "activity" {
			t.Errorf("staff1b 2022 records: %+v %v", recs, err)
		}
		parts = map[int64]*assessment.Parts{e.staff1a.UserID: {}}
		if err := src.Fill(e.Ctx, 2023, during, parts); err != nil || parts[e.staff1a.UserID].Invited != 0 {
			t.Errorf("staff1a 2023: %+v %v", parts[e.staff1a.UserID], err)
		}
	})
}
