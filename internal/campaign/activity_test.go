package campaign_test

import (
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

func TestCreateActivity(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		v := e.meeting(c)
		if v.PhaseName != "大攻坚大提升" || v.Date() != "2022-05-20" || v.StartsAt != cst("2022-05-20 09:00") {
			t.Errorf("activity %+v", v)
		}
		// C1 as a unit: comm1, staff1a, staff1b; and staff2, spec by name.
		if v.Invited != 5 {
			t.Errorf("invited %d, want 5", v.Invited)
		}
		if len(v.Code) != campaign.CodeLength || !v.Manage {
			t.Errorf("the organiser sees the code %q, manage %v", v.Code, v.Manage)
		}
	})
}

func TestCreateActivityRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		ok := func() campaign.ActivityInput {
			return campaign.ActivityInput{CampaignID: c.ID, Kind: campaign.Study, Title: "学习会", Date: "2022-05-20",
				Start: "09:00", End: "11:00", UnitIDs: []int64{e.C1.ID}, UserIDs: []int64{e.staff1a.UserID}}
		}
		cases := []struct {
			name  string
			actor access.Actor
			edit  func(*campaign.ActivityInput)
			code  errs.Code
			field string
		}{
			{"no title", e.comm1, func(in *campaign.ActivityInput) { in.Title = "" }, errs.Invalid, "title"},
			{"an unknown kind", e.comm1, func(in *campaign.ActivityInput) { in.Kind = "party" }, errs.Invalid, "kind"},
			{"an end before the start", e.comm1, func(in *campaign.ActivityInput) { in.End = "08:00" }, errs.Invalid, "end"},
			{"a bad time", e.comm1, func(in *campaign.ActivityInput) { in.Start = "25:00" }, errs.Invalid, "start"},
			{"a date outside every phase", e.comm1, func(in *campaign.ActivityInput) { in.Date = "2022-01-10" }, errs.Invalid, "date"},
			{"a date outside the phase named", e.comm1, func(in *campaign.ActivityInput) { in.PhaseID = c.Phases[0].ID }, errs.Invalid, "date"},
			{"another community's unit", e.comm1, func(in *campaign.ActivityInput) { in.UnitIDs = []int64{e.C2.ID} }, errs.Invalid, "unit_ids"},
			{"no organising unit", e.comm1, func(in *campaign.ActivityInput) { in.UnitIDs = nil }, errs.Invalid, "unit_ids"},
			{"an officer invited", e.comm1, func(in *campaign.ActivityInput) { in.UserIDs = []int64{e.sysadmin.UserID} }, errs.Invalid, "user_ids"},
			{"someone of another sub-district", e.office, func(in *campaign.ActivityInput) { in.UserIDs = []int64{e.leader9.UserID} }, errs.Invalid, "user_ids"},
			{"a campaign out of scope", e.leader9, func(in *campaign.ActivityInput) { in.UnitIDs = []int64{e.T.ID}; in.UserIDs = nil }, errs.Invalid, "campaign_id"},
			{"a specialist", e.spec, func(*campaign.ActivityInput) {}, errs.NotFound, ""},
			{"the sysadmin", e.sysadmin, func(*campaign.ActivityInput) {}, errs.NotFound, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				in := ok()
				tc.edit(&in)
				_, err := e.svc.CreateActivity(e.Ctx, tc.actor, in)
				wantCode(t, err, tc.code, tc.field)
				if n := e.Count("SELECT COUNT(*) FROM activities") + e.Count("SELECT COUNT(*) FROM activity_invitations"); n != 0 {
					t.Fatalf("%d rows written", n)
				}
			})
		}
	})
}

func TestActivityScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.meeting(e.campaign2022())
		cases := []struct {
			actor  access.Actor
			sees   bool
			manage bool
		}{
			{e.leader, true, true},
			{e.office, true, true},
			{e.comm1, true, true},
			{e.staff1a, true, true}, // a colleague in the organising community
			{e.staff2, true, false}, // invited by name
			{e.spec, true, false},   // invited, a specialist
			{e.comm2, false, false},
			{e.dept1, false, false},
			{e.leader9, false, false},
			{e.sysadmin, false, false},
			{e.auditor, false, false},
		}
		for _, tc := range cases {
			got, err := e.svc.GetActivity(e.Ctx, tc.actor, v.ID)
			if !tc.sees {
				if errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s: %v, want not found", tc.actor.Username, err)
				}
				l, _ := e.svc.ListActivities(e.Ctx, tc.actor, campaign.Filter{})
				if l.Total != 0 {
					t.Errorf("%s lists %d activities", tc.actor.Username, l.Total)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%s: %v", tc.actor.Username, err)
			}
			if got.Manage != tc.manage || (got.Code != "") != tc.manage {
				t.Errorf("%s: manage %v code %q", tc.actor.Username, got.Manage, got.Code)
			}
			if _, err := e.svc.Invitations(e.Ctx, tc.actor, v.ID); (err == nil) != tc.manage {
				t.Errorf("%s reads the invitations: %v", tc.actor.Username, err)
			}
		}
	})
}

func TestSignIn(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.meeting(e.campaign2022())
		signed := func() int {
			return e.Count("SELECT COUNT(*) FROM activity_invitations WHERE signed_in_at IS NOT NULL")
		}
		audits := func() int { return e.Count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.signin'") }

		// Outside the window the right code is refused, and nothing is written.
		for _, at := range []string{"2022-05-20 08:29", "2022-05-20 11:01", "2022-05-21 09:00"} {
			e.Clock.Set(cst(at))
			_, err := e.svc.SignIn(e.Ctx, e.staff1a, v.ID, v.Code)
			wantCode(t, err, errs.Invalid, "code")
			if errs.As(err).Fields["code"] != "err.activity_code_window" || signed() != 0 || audits() != 0 {
				t.Fatalf("%s: %v; %d signed in", at, err, signed())
			}
		}
		e.Clock.Set(cst("2022-05-20 08:30"))
		inv, err := e.svc.SignIn(e.Ctx, e.staff1a, v.ID, strings.ToLower(v.Code))
		if err != nil || inv.SignedInAt == nil || inv.SignMethod != "code" {
			t.Fatalf("in the window: %+v %v", inv, err)
		}
		// A second time: refused, nothing written.
		_, err = e.svc.SignIn(e.Ctx, e.staff1a, v.ID, v.Code)
		wantCode(t, err, errs.Conflict, "")
		if audits() != 1 {
			t.Fatalf("%d sign-in records", audits())
		}
		// Someone not invited cannot see the meeting at all.
		_, err = e.svc.SignIn(e.Ctx, e.comm2, v.ID, v.Code)
		wantCode(t, err, errs.NotFound, "")
		// An organiser who is not invited is not signed in by the code.
		_, err = e.svc.SignIn(e.Ctx, e.leader, v.ID, v.Code)
		wantCode(t, err, errs.NotFound, "")
		if signed() != 1 {
			t.Fatalf("%d signed in", signed())
		}
	})
}

func TestSignInGuessing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.meeting(e.campaign2022())
		e.Clock.Set(cst("2022-05-20 09:10"))
		wrong := "ZZZZZZ"
		if wrong == v.Code {
			wrong = "YYYYYY"
		}
		for i := 0; i < campaign.MaxCodeFailures; i++ {
			_, err := e.svc.SignIn(e.Ctx, e.staff2, v.ID, wrong)
			wantCode(t, err, errs.Invalid, "code")
		}
		// Past the cap even the right code is refused: the organiser signs
		// the person in instead.
		_, err := e.svc.SignIn(e.Ctx, e.staff2, v.ID, v.Code)
		wantCode(t, err, errs.RateLimited, "")
		if n := e.Count("SELECT COUNT(*) FROM activity_invitations WHERE signed_in_at IS NOT NULL"); n != 0 {
			t.Fatalf("%d signed in", n)
		}
		inv, err := e.svc.SignInFor(e.Ctx, e.comm1, v.ID, e.staff2.UserID)
		if err != nil || inv.SignMethod != "organiser" {
			t.Fatalf("by the organiser: %+v %v", inv, err)
		}
		// One guess short of the cap, the right code still works.
		for i := 0; i < campaign.MaxCodeFailures-1; i++ {
			_, err := e.svc.SignIn(e.Ctx, e.staff1a, v.ID, wrong)
			wantCode(t, err, errs.Invalid, "code")
		}
		if _, err := e.svc.SignIn(e.Ctx, e.staff1a, v.ID, v.Code); err != nil {
			t.Fatalf("the right code at the last attempt: %v", err)
		}
	})
}

func TestSignInForWalkIn(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.meeting(e.campaign2022())
		e.Clock.Set(cst("2022-05-20 07:00"))
		_, err := e.svc.SignInFor(e.Ctx, e.comm1, v.ID, e.dept1.UserID)
		wantCode(t, err, errs.Invalid, "user_id")
		e.Clock.Set(cst("2022-05-20 10:00"))
		// Only an organiser signs others in.
		_, err = e.svc.SignInFor(e.Ctx, e.staff2, v.ID, e.dept1.UserID)
		wantCode(t, err, errs.NotFound, "")
		_, err = e.svc.SignInFor(e.Ctx, e.comm1, v.ID, e.sysadmin.UserID)
		wantCode(t, err, errs.Invalid, "")
		inv, err := e.svc.SignInFor(e.Ctx, e.comm1, v.ID, e.dept1.UserID)
		if err != nil || !inv.WalkIn || inv.SignedInAt == nil {
			t.Fatalf("walk-in %+v %v", inv, err)
		}
		// The walk-in now sees the meeting as an invitee.
		if got, err := e.svc.GetActivity(e.Ctx, e.dept1, v.ID); err != nil || got.Mine == nil || got.Invited != 6 {
			t.Fatalf("walk-in reads %+v %v", got, err)
		}
	})
}

func TestLeave(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		v := e.meeting(e.campaign2022())
		reason := "家中有事，电话13800138000"
		_, err := e.svc.Leave(e.Ctx, e.staff2, v.ID, " ")
		wantCode(t, err, errs.Invalid, "reason")
		_, err = e.svc.Leave(e.Ctx, e.staff2, v.ID, strings.Repeat("事", campaign.MaxLeaveReason+1))
		wantCode(t, err, errs.Invalid, "reason")
		_, err = e.svc.Leave(e.Ctx, e.comm2, v.ID, reason)
		wantCode(t, err, errs.NotFound, "")
		inv, err := e.svc.Leave(e.Ctx, e.staff2, v.ID, reason)
		if err != nil || inv.LeaveAt == nil {
			t.Fatalf("leave %+v %v", inv, err)
		}
		_, err = e.svc.Leave(e.Ctx, e.staff2, v.ID, reason)
		wantCode(t, err, errs.Conflict, "")
		// The reason is read by the person and the organiser, nobody else.
		if r, err := e.svc.LeaveReason(e.Ctx, e.comm1, v.ID, e.staff2.UserID); err != nil || r != reason {
			t.Errorf("organiser reads %q %v", r, err)
		}
		ppl, err := e.svc.Invitations(e.Ctx, e.comm1, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ppl {
			if (p.UserID == e.staff2.UserID) != (p.LeaveReason == reason) {
				t.Errorf("organiser's list: %+v", p)
			}
		}
		if _, err := e.svc.LeaveReason(e.Ctx, e.spec, v.ID, e.staff2.UserID); err == nil {
			t.Errorf("another invitee reads the reason")
		}
		// The audit record holds neither the reason nor the number in it.
		if n := e.Count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.leave' AND after_data LIKE '%reason_sha256%'"); n != 1 {
			t.Errorf("%d leave audit records with the hash", n)
		}
		if n := e.Count("SELECT COUNT(*) FROM audit_log WHERE after_data LIKE '%家中%' OR after_data LIKE '%13800138000%'"); n != 0 {
			t.Errorf("the reason is in the audit log")
		}
		// Once the meeting is over, no more leave.
		e.Clock.Set(cst("2022-05-20 11:00"))
		_, err = e.svc.Leave(e.Ctx, e.staff1a, v.ID, reason)
		wantCode(t, err, errs.Invalid, "reason")
	})
}

func TestUpdateActivity(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.campaign2022()
		edit := func(v campaign.Activity) campaign.ActivityInput {
			return campaign.ActivityInput{Kind: campaign.Discussion, Title: "专题研讨会", Place: "三楼会议室", Date: "2022-05-21",
				Start: "14:00", End: "16:30", UnitIDs: []int64{e.C1.ID}, UserIDs: []int64{e.dept1.UserID}}
		}
		audits := func() int { return e.Count("SELECT COUNT(*) FROM audit_log WHERE action = 'activity.update'") }

		v := e.meeting(c)
		got, err := e.svc.UpdateActivity(e.Ctx, e.comm1, v.ID, edit(v))
		if err != nil {
			t.Fatal(err)
		}
		if got.Title != "专题研讨会" || got.Kind != campaign.Discussion || got.Place != "三楼会议室" ||
			got.StartsAt != cst("2022-05-21 14:00") || got.EndsAt != cst("2022-05-21 16:30") || got.CampaignID != c.ID {
			t.Errorf("updated %+v", got)
		}
		// Everyone invited before stays invited; the new name is added once.
		if got.Invited != v.Invited+1 || audits() != 1 {
			t.Errorf("invited %d (was %d), %d audit records", got.Invited, v.Invited, audits())
		}
		if _, err := e.svc.UpdateActivity(e.Ctx, e.comm1, v.ID, edit(v)); err != nil {
			t.Fatal(err)
		}
		if n := e.Count("SELECT COUNT(*) FROM activity_invitations WHERE activity_id = $1", v.ID); n != got.Invited {
			t.Errorf("%d invitations after the same change twice, want %d", n, got.Invited)
		}

		cases := []struct {
			name  string
			actor access.Actor
			setup func() campaign.Activity
			edit  func(*campaign.ActivityInput)
			code  errs.Code
			field string
		}{
			{"no title", e.comm1, func() campaign.Activity { return e.meeting(c) }, func(in *campaign.ActivityInput) { in.Title = " " }, errs.Invalid, "title"},
			{"a date outside every phase", e.comm1, func() campaign.Activity { return e.meeting(c) }, func(in *campaign.ActivityInput) { in.Date = "2022-01-10" }, errs.Invalid, "date"},
			{"another community's unit", e.comm1, func() campaign.Activity { return e.meeting(c) }, func(in *campaign.ActivityInput) { in.UnitIDs = []int64{e.C2.ID} }, errs.Invalid, "unit_ids"},
			{"an invitee only", e.staff2, func() campaign.Activity { return e.meeting(c) }, func(*campaign.ActivityInput) {}, errs.NotFound, ""},
			{"another community", e.comm2, func() campaign.Activity { return e.meeting(c) }, func(*campaign.ActivityInput) {}, errs.NotFound, ""},
			{"new times after a sign-in", e.comm1, func() campaign.Activity {
				m := e.meeting(c)
				e.Clock.Set(cst("2022-05-20 08:45"))
				if _, err := e.svc.SignIn(e.Ctx, e.staff1a, m.ID, m.Code); err != nil {
					t.Fatal(err)
				}
				return m
			}, func(*campaign.ActivityInput) {}, errs.Invalid, "date"},
			{"an activity that is over", e.comm1, func() campaign.Activity {
				m := e.meeting(c)
				e.Clock.Set(cst("2022-05-20 11:00"))
				return m
			}, func(*campaign.ActivityInput) {}, errs.Conflict, ""},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				e.Clock.Set(cst("2022-05-01 09:00"))
				m := tc.setup()
				before := e.Count("SELECT COUNT(*) FROM activity_invitations WHERE activity_id = $1", m.ID)
				in := edit(m)
				tc.edit(&in)
				_, err := e.svc.UpdateActivity(e.Ctx, tc.actor, m.ID, in)
				wantCode(t, err, tc.code, tc.field)
				after, err := e.svc.GetActivity(e.Ctx, e.comm1, m.ID)
				if err != nil {
					t.Fatal(err)
				}
				if after.Title != m.Title || !after.StartsAt.Equal(m.StartsAt) || audits() != 2 ||
					e.Count("SELECT COUNT(*) FROM activity_invitations WHERE activity_id = $1", m.ID) != before {
					t.Errorf("something was written: %+v", after)
				}
			})
		}

		// With attendance taken, all but the date and times can still be
		// corrected.
		e.Clock.Set(cst("2022-05-01 09:00"))
		m := e.meeting(c)
		e.Clock.Set(cst("2022-05-20 09:30"))
		if _, err := e.svc.SignIn(e.Ctx, e.staff1a, m.ID, m.Code); err != nil {
			t.Fatal(err)
		}
		in := edit(m)
		in.Date, in.Start, in.End = "2022-05-20", "09:00", "11:00"
		got, err = e.svc.UpdateActivity(e.Ctx, e.comm1, m.ID, in)
		if err != nil || got.Title != "专题研讨会" || got.SignedIn != 1 {
			t.Errorf("a correction after a sign-in: %+v, %v", got, err)
		}
	})
}
