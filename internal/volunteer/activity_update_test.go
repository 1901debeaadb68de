package volunteer_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/volunteer"
)

func TestUpdateActivity(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v1 := e.volunteer(e.comm1, "林晓红", "13800138000", e.C1, 0)
		v2 := e.volunteer(e.comm1, "陈立", "13800138001", e.C1, 0)
		tm := e.team(e.comm1, e.C1, e.comm1.UserID, v1.ID, v2.ID)
		x := e.activity(e.comm1, tm, volunteer.TrafficSafety, 5)
		in := func() volunteer.ActivityInput {
			return volunteer.ActivityInput{TeamID: 999, Kind: volunteer.Hygiene, Title: "小区环境清洁", Day: "2022-06-11", Start: "14:00",
				End: "17:00", Place: "禾花社区公园", Capacity: 8, OrgIDs: []int64{tm.Orgs[2].ID}}
		}
		got, err := e.svc.UpdateActivity(e.Ctx, e.comm1, x.ID, in())
		if err != nil {
			t.Fatal(err)
		}
		if got.TeamID != tm.ID || got.Kind != volunteer.Hygiene || got.Title != "小区环境清洁" || got.Day != "2022-06-11" ||
			got.Duration() != 3 || got.Capacity != 8 || len(got.Organisers) != 1 || got.Organisers[0].ID != tm.Orgs[2].ID {
			t.Fatalf("updated %+v", got)
		}
		for _, v := range []int64{v1.ID, v2.ID} {
			if _, err := e.svc.SignUp(e.Ctx, e.comm1, x.ID, v); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.Attend(e.Ctx, e.comm1, x.ID, volunteer.AttendInput{VolunteerID: v1.ID, Action: volunteer.SignIn, At: "14:00"}); err != nil {
			t.Fatal(err)
		}

		cases := []struct {
			name  string
			actor access.Actor
			edit  func(*volunteer.ActivityInput)
			code  errs.Code
			field string
		}{
			{"no title", e.comm1, func(in *volunteer.ActivityInput) { in.Title = "" }, errs.Invalid, "title"},
			{"an organiser outside the team", e.comm1, func(in *volunteer.ActivityInput) { in.OrgIDs = []int64{tm.Orgs[0].ID + 1000} }, errs.Invalid, "org_ids"},
			{"a capacity below the sign-ups", e.comm1, func(in *volunteer.ActivityInput) { in.Capacity = 1 }, errs.Invalid, "capacity"},
			{"new times after a sign-in", e.comm1, func(in *volunteer.ActivityInput) { in.End = "18:00" }, errs.Invalid, "day"},
			{"another community", e.comm2, func(*volunteer.ActivityInput) {}, errs.NotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				before := e.written()
				x := in()
				tc.edit(&x)
				_, err := e.svc.UpdateActivity(e.Ctx, tc.actor, got.ID, x)
				if errs.CodeOf(err) != tc.code || (tc.field != "" && errs.As(err).Fields[tc.field] == "") {
					t.Fatalf("got %v, want %s naming %q", err, tc.code, tc.field)
				}
				after, err := e.svc.GetActivity(e.Ctx, e.comm1, got.ID)
				if err != nil || e.written() != before || after.Capacity != 8 || after.Title != "小区环境清洁" || len(after.Organisers) != 1 {
					t.Errorf("something was written: %+v, %v", after, err)
				}
			})
		}
		// The rest can still be corrected after the sign-in.
		fix := in()
		fix.Title, fix.Capacity = "小区环境整治", 2
		if got, err := e.svc.UpdateActivity(e.Ctx, e.comm1, x.ID, fix); err != nil || got.Title != "小区环境整治" || got.Capacity != 2 {
			t.Errorf("a correction after a sign-in: %+v, %v", got, err)
		}
	})
}
