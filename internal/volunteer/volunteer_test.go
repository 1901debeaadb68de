package volunteer_test

import (
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/volunteer"
)

// The whole way of an hour: sign-up, sign-in and sign-out, the report,
// the approval; then the certificate and the figures count it, and only
// then.
func TestHoursFlow(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.volunteer(e.comm1, "林晓红", "13800138000", e.C1, 0)
		if v.Mobile != "138****8000" {
			t.Errorf("mobile not masked: %q", v.Mobile)
		}
		tm := e.team(e.comm1, e.C1, e.comm1.UserID, v.ID)
		x := e.activity(e.comm1, tm, volunteer.TrafficSafety, 5)
		if _, err := e.svc.SignUp(e.Ctx, e.comm1, x.ID, v.ID); err != nil {
			t.Fatal(err)
		}
		for _, in := range []volunteer.AttendInput{{VolunteerID: v.ID, Action: volunteer.SignIn, At: "09:00"},
			{VolunteerID: v.ID, Action: volunteer.SignOut, At: "10:30"}} {
			if _, err := e.svc.Attend(e.Ctx, e.comm1, x.ID, in); err != nil {
				t.Fatalf("%s: %v", in.Action, err)
			}
		}
		r, err := e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v.ID})
		if err != nil || r.Hours != 1.5 || r.Status != volunteer.Pending {
			t.Fatalf("report = %+v, %v", r, err)
		}
		year := time.Date(2022, 1, 1, 0, 0, 0, 0, i18n.Zone)
		f, err := e.svc.CommunityFigures(e.Ctx, e.leader, year, year.AddDate(1, 0, 0), 0)
		if err != nil || f.Activities != 1 || f.Hours != 0 || f.Volunteers != 1 {
			t.Fatalf("figures before approval = %+v, %v", f, err)
		}
		if r, err = e.svc.Decide(e.Ctx, e.comm1, x.ID, r.ID, volunteer.Approve); err != nil || r.Status != volunteer.Approved {
			t.Fatalf("approve = %+v, %v", r, err)
		}
		f, err = e.svc.CommunityFigures(e.Ctx, e.leader, year, year.AddDate(1, 0, 0), 0)
		if err != nil || f.Hours != 1.5 || f.ByType["traffic_safety"] != (volunteer.Count{Activities: 1, Hours: 1.5}) ||
			f.ByUnit["社区党委"].Hours != 1.5 || f.ByUnit["交警中队"].Activities != 0 || f.ByCommunity[e.C1.Name].Hours != 1.5 {
			t.Fatalf("figures after approval = %+v, %v", f, err)
		}
		// Narrowed to the other community, or to another year, nothing.
		if f, err := e.svc.CommunityFigures(e.Ctx, e.leader, year, year.AddDate(1, 0, 0), e.C2.ID); err != nil || f.Activities != 0 || f.Hours != 0 {
			t.Errorf("figures of C2 = %+v, %v", f, err)
		}
		// Each figure equals its list.
		l, err := e.svc.Activities(e.Ctx, e.leader, volunteer.ActivityFilter{From: year, To: year.AddDate(1, 0, 0), Organiser: "社区党委", Kind: volunteer.TrafficSafety})
		if err != nil || l.Total != 1 || l.Items[0].ApprovedHours != 1.5 {
			t.Errorf("list = %+v, %v", l, err)
		}
		c, err := e.svc.Certificate(e.Ctx, e.comm1, v.ID, 2022)
		if err != nil || c.Hours != 1.5 || len(c.Activities) != 1 || c.Name != "林晓红" || c.Activities[0].Mobile != "" {
			t.Errorf("certificate = %+v, %v", c, err)
		}
		if c, err := e.svc.Certificate(e.Ctx, e.comm1, v.ID, 2021); err != nil || c.Hours != 0 {
			t.Errorf("certificate 2021 = %+v, %v", c, err)
		}
		// The audit log holds no number.
		var after string
		if err := d.R.QueryRowContext(e.Ctx, "SELECT after_data FROM audit_log WHERE action = 'volunteer.create'").Scan(&after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(after, "8000") {
			t.Errorf("audit record holds the mobile: %s", after)
		}
	})
}

// A volunteer linked to an account signs up, in and out and reports
// their own hours; approving them is the coordinator's.
func TestSelfService(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.volunteer(e.comm1, "自助志愿者", "13800138001", e.C1, e.spec.UserID)
		tm := e.team(e.comm1, e.C1, e.comm1.UserID, v.ID)
		x := e.activity(e.comm1, tm, volunteer.CareVisit, 5)
		if _, err := e.svc.SignUp(e.Ctx, e.spec, x.ID, v.ID); err != nil {
			t.Fatalf("self sign-up: %v", err)
		}
		r, err := e.svc.ReportHours(e.Ctx, e.spec, x.ID, volunteer.ReportInput{VolunteerID: v.ID, SignIn: "09:10", SignOut: "10:40"})
		if err != nil || r.Hours != 1.5 {
			t.Fatalf("self report = %+v, %v", r, err)
		}
		if _, err := e.svc.Decide(e.Ctx, e.spec, x.ID, r.ID, volunteer.Approve); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a volunteer approving their own hours: %v", err)
		}
		// Signing oneself in takes the time of the clock, not one typed in.
		_, err = e.svc.Attend(e.Ctx, e.spec, x.ID, volunteer.AttendInput{VolunteerID: v.ID, Action: volunteer.SignIn, At: "08:00"})
		if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields["at"] != "vol.err.time_self" {
			t.Errorf("self sign-in at a chosen time: %v", err)
		}
		// The team's organisations change by name: one an activity names
		// stays, a new one is added, and the volunteers are replaced.
		tm2, err := e.svc.UpdateTeam(e.Ctx, e.comm1, tm.ID, volunteer.TeamInput{Name: "改名的服务队", CommunityID: e.C1.ID,
			Orgs: []volunteer.OrgInput{{Name: "社区党委", Kind: volunteer.CommunityParty}, {Name: "园区党委", Kind: volunteer.ParkParty},
				{Name: "社区医院", Kind: volunteer.StationedUnit}}})
		if err != nil || tm2.Name != "改名的服务队" || len(tm2.Orgs) != 3 || tm2.Orgs[0].ID != tm.Orgs[0].ID || tm2.Members != 0 {
			t.Errorf("team update = %+v, %v", tm2, err)
		}
	})
}

// Bad input gets a clear answer and writes nothing.
func TestRefusedWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v1 := e.volunteer(e.comm1, "甲", "13800138002", e.C1, 0)
		v2 := e.volunteer(e.comm1, "乙", "13800138003", e.C1, 0)
		vC2 := e.volunteer(e.comm2, "丙", "13800138004", e.C2, 0)
		tm := e.team(e.comm1, e.C1, e.comm1.UserID, v1.ID, v2.ID)
		x := e.activity(e.comm1, tm, volunteer.Hygiene, 1)
		if _, err := e.svc.SignUp(e.Ctx, e.comm1, x.ID, v1.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Attend(e.Ctx, e.comm1, x.ID, volunteer.AttendInput{VolunteerID: v1.ID, Action: volunteer.SignIn, At: "09:00"}); err != nil {
			t.Fatal(err)
		}
		approved, err := e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v1.ID, Hours: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Decide(e.Ctx, e.comm1, x.ID, approved.ID, volunteer.Approve); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			do    func() error
			code  errs.Code
			field string
			says  string
		}{
			{"hours longer than the activity", func() error {
				_, err := e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v1.ID, Hours: 3})
				return err
			}, errs.Invalid, "hours", "vol.err.hours_longer"},
			{"sign-out before sign-in (report)", func() error {
				_, err := e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v1.ID, SignIn: "10:00", SignOut: "09:00"})
				return err
			}, errs.Invalid, "sign_out", ""},
			{"sign-out before sign-in (attendance)", func() error {
				_, err := e.svc.Attend(e.Ctx, e.comm1, x.ID, volunteer.AttendInput{VolunteerID: v1.ID, Action: volunteer.SignOut, At: "08:30"})
				return err
			}, errs.Invalid, "at", ""},
			{"over capacity", func() error { _, err := e.svc.SignUp(e.Ctx, e.comm1, x.ID, v2.ID); return err }, errs.Conflict, "", "vol.err.full"},
			{"signed up twice", func() error { _, err := e.svc.SignUp(e.Ctx, e.comm1, x.ID, v1.ID); return err }, errs.Conflict, "", "vol.err.signed_up"},
			{"approving twice", func() error {
				_, err := e.svc.Decide(e.Ctx, e.comm1, x.ID, approved.ID, volunteer.Approve)
				return err
			}, errs.Conflict, "", "vol.err.decided"},
			{"rejecting an approved report", func() error {
				_, err := e.svc.Decide(e.Ctx, e.comm1, x.ID, approved.ID, volunteer.Reject)
				return err
			}, errs.Conflict, "", "vol.err.decided"},
			{"reporting twice", func() error {
				_, err := e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v1.ID, Hours: 1})
				return err
			}, errs.Conflict, "", "vol.err.reported"},
			{"volunteer not in scope", func() error { _, err := e.svc.SignUp(e.Ctx, e.comm1, x.ID, vC2.ID); return err }, errs.Invalid, "volunteer_id", ""},
			{"volunteer of another community", func() error { _, err := e.svc.SignUp(e.Ctx, e.leader, x.ID, vC2.ID); return err }, errs.Invalid, "volunteer_id", ""},
			{"not signed up", func() error {
				_, err := e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v2.ID, Hours: 1})
				return err
			}, errs.Invalid, "volunteer_id", ""},
			{"activity out of scope", func() error { _, err := e.svc.SignUp(e.Ctx, e.comm2, x.ID, vC2.ID); return err }, errs.NotFound, "", ""},
			{"activity of another sub-district", func() error {
				_, err := e.svc.ReportHours(e.Ctx, e.lead9, x.ID, volunteer.ReportInput{VolunteerID: v1.ID, Hours: 1})
				return err
			}, errs.NotFound, "", ""},
			{"end before start", func() error {
				_, err := e.svc.CreateActivity(e.Ctx, e.comm1, volunteer.ActivityInput{TeamID: tm.ID, Kind: volunteer.Hygiene, Title: "t",
					Day: "2022-06-11", Start: "10:00", End: "09:00", Capacity: 3, OrgIDs: []int64{tm.Orgs[0].ID}})
				return err
			}, errs.Invalid, "end", ""},
			{"organiser not a member", func() error {
				_, err := e.svc.CreateActivity(e.Ctx, e.comm1, volunteer.ActivityInput{TeamID: tm.ID, Kind: volunteer.Hygiene, Title: "t",
					Day: "2022-06-11", Start: "09:00", End: "10:00", Capacity: 3, OrgIDs: []int64{999999}})
				return err
			}, errs.Invalid, "org_ids", ""},
			{"team of another community", func() error {
				_, err := e.svc.CreateActivity(e.Ctx, e.comm2, volunteer.ActivityInput{TeamID: tm.ID, Kind: volunteer.Hygiene, Title: "t",
					Day: "2022-06-11", Start: "09:00", End: "10:00", Capacity: 3, OrgIDs: []int64{tm.Orgs[0].ID}})
				return err
			}, errs.Invalid, "team_id", ""},
			{"bad mobile", func() error {
				_, err := e.svc.Create(e.Ctx, e.comm1, volunteer.Input{Name: "丁", Mobile: "12345", CommunityID: e.C1.ID, RegisteredOn: "2022-01-01"})
				return err
			}, errs.Invalid, "mobile", ""},
			{"bad ID number", func() error {
				_, err := e.svc.Create(e.Ctx, e.comm1, volunteer.Input{Name: "丁", Mobile: "13800138009", IDNumber: "440307199001011230",
					CommunityID: e.C1.ID, RegisteredOn: "2022-01-01"})
				return err
			}, errs.Invalid, "id_number", ""},
			{"community out of scope", func() error {
				_, err := e.svc.Create(e.Ctx, e.comm1, volunteer.Input{Name: "丁", Mobile: "13800138009", CommunityID: e.C2.ID, RegisteredOn: "2022-01-01"})
				return err
			}, errs.Invalid, "community_id", ""},
			{"removing an organiser an activity names", func() error {
				_, err := e.svc.UpdateTeam(e.Ctx, e.comm1, tm.ID, volunteer.TeamInput{Name: tm.Name, CommunityID: e.C1.ID,
					Orgs: []volunteer.OrgInput{{Name: "交警中队", Kind: volunteer.StationedUnit}}})
				return err
			}, errs.Invalid, "orgs", ""},
			{"moving a team with activities", func() error {
				_, err := e.svc.UpdateTeam(e.Ctx, e.leader, tm.ID, volunteer.TeamInput{Name: tm.Name, CommunityID: e.C2.ID,
					Orgs: []volunteer.OrgInput{{Name: "社区党委", Kind: volunteer.CommunityParty}, {Name: "园区党委", Kind: volunteer.ParkParty}}})
				return err
			}, errs.Invalid, "community_id", ""},
			{"a team of another community's staff", func() error {
				_, err := e.svc.UpdateTeam(e.Ctx, e.comm2, tm.ID, volunteer.TeamInput{Name: "x", CommunityID: e.C2.ID})
				return err
			}, errs.NotFound, "", ""},
			{"a department registers", func() error {
				_, err := e.svc.Create(e.Ctx, e.dept1, volunteer.Input{Name: "丁", Mobile: "13800138009", CommunityID: e.C1.ID, RegisteredOn: "2022-01-01"})
				return err
			}, errs.NotFound, "", ""},
		} {
			before := e.written()
			err := c.do()
			ee := errs.As(err)
			if ee.Code != c.code || c.field != "" && ee.Fields[c.field] == "" || c.says != "" && ee.Message != c.says {
				t.Errorf("%s: %v, want %s %s %s", c.name, err, c.code, c.field, c.says)
			}
			if after := e.written(); after != before {
				t.Errorf("%s: wrote rows: %v → %v", c.name, before, after)
			}
		}
		// The refusal of hours longer than the activity names both figures.
		_, err = e.svc.ReportHours(e.Ctx, e.comm1, x.ID, volunteer.ReportInput{VolunteerID: v1.ID, Hours: 2.5})
		if ee := errs.As(err); ee.Message != "vol.err.hours_longer" || len(ee.Args) != 2 || ee.Args[0] != "2.5" || ee.Args[1] != "2" {
			t.Errorf("hours longer: %+v", ee)
		}
	})
}

// Who sees what: the leaders all of their sub-district's, a community its
// own, a department and the other sub-district nothing.
func TestScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.volunteer(e.comm1, "甲", "13800138002", e.C1, 0)
		tm := e.team(e.comm1, e.C1, e.comm1.UserID, v.ID)
		x := e.activity(e.comm1, tm, volunteer.Hygiene, 3)
		for _, c := range []struct {
			who  access.Actor
			sees bool
		}{{e.leader, true}, {e.office, true}, {e.comm1, true}, {e.comm2, false}, {e.dept1, false}, {e.lead9, false}, {e.spec, false},
			{access.Actor{UserID: e.comm1.UserID, Role: access.Community, UnitID: e.C1.ID}, false}} {
			_, err1 := e.svc.Get(e.Ctx, c.who, v.ID)
			_, err2 := e.svc.GetTeam(e.Ctx, c.who, tm.ID)
			_, err3 := e.svc.GetActivity(e.Ctx, c.who, x.ID)
			l, err4 := e.svc.Activities(e.Ctx, c.who, volunteer.ActivityFilter{})
			vl, err5 := e.svc.Volunteers(e.Ctx, c.who, volunteer.VolunteerFilter{})
			if err4 != nil || err5 != nil {
				t.Fatal(err4, err5)
			}
			for i, err := range []error{err1, err2, err3} {
				if (err == nil) != c.sees || err != nil && errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s read %d: %v, sees %v", c.who.Username, i, err, c.sees)
				}
			}
			if (l.Total == 1) != c.sees || (vl.Total == 1) != c.sees {
				t.Errorf("%s lists: %d activities, %d volunteers", c.who.Username, l.Total, vl.Total)
			}
		}
	})
}
