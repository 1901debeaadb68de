package thinktank_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/thinktank"
)

func TestExpertInput(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.expert("王建国", thinktank.Environment, e.C1, e.exp1)
		good := func() thinktank.ExpertInput {
			return thinktank.ExpertInput{Name: "李明", Field: thinktank.IoT, CommunityID: e.C1.ID,
				AppointedFrom: "2022-06-23", AppointedTo: "2025-06-22", Mobile: "13912345678"}
		}
		for _, c := range []struct {
			name  string
			by    access.Actor
			edit  func(*thinktank.ExpertInput)
			field string // "" for not found
		}{
			{"end before start", e.leader, func(in *thinktank.ExpertInput) { in.AppointedTo = "2022-06-22" }, "appointed_to"},
			{"bad date", e.leader, func(in *thinktank.ExpertInput) { in.AppointedFrom = "2022-13-01" }, "appointed_from"},
			{"unknown field", e.leader, func(in *thinktank.ExpertInput) { in.Field = "astrology" }, "field"},
			{"no name", e.leader, func(in *thinktank.ExpertInput) { in.Name = "  " }, "name"},
			{"bad mobile", e.leader, func(in *thinktank.ExpertInput) { in.Mobile = "12345" }, "mobile"},
			{"department as community", e.leader, func(in *thinktank.ExpertInput) { in.CommunityID = e.D1.ID }, "community_id"},
			{"another sub-district's community", e.leader, func(in *thinktank.ExpertInput) { in.CommunityID = e.C9.ID }, "community_id"},
			{"a community for another", e.comm1, func(in *thinktank.ExpertInput) { in.CommunityID = e.C2.ID }, "community_id"},
			{"account not an expert's", e.leader, func(in *thinktank.ExpertInput) { in.UserID = e.comm1.UserID }, "user_id"},
			{"account linked already", e.leader, func(in *thinktank.ExpertInput) { in.UserID = e.exp1.UserID }, "user_id"},
			{"department", e.dept, func(*thinktank.ExpertInput) {}, ""},
			{"enterprise", e.ent1, func(*thinktank.ExpertInput) {}, ""},
			{"expert", e.exp2, func(*thinktank.ExpertInput) {}, ""},
		} {
			t.Run(c.name, func(t *testing.T) {
				before := e.Count("SELECT count(*) FROM experts") + e.Count("SELECT count(*) FROM audit_log")
				in := good()
				c.edit(&in)
				_, err := e.svc.CreateExpert(e.Ctx, c.by, in)
				if c.field == "" {
					if errs.CodeOf(err) != errs.NotFound {
						t.Fatalf("err = %v, want not found", err)
					}
				} else if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields[c.field] == "" {
					t.Fatalf("err = %v (%v), want invalid %s", err, ee.Fields, c.field)
				}
				if after := e.Count("SELECT count(*) FROM experts") + e.Count("SELECT count(*) FROM audit_log"); after != before {
					t.Errorf("something was written: %d rows became %d", before, after)
				}
			})
		}
		x, err := e.svc.CreateExpert(e.Ctx, e.comm1, good())
		if err != nil {
			t.Fatal(err)
		}
		if x.Mobile != "139****5678" || !x.Active || x.CommunityName != e.C1.Name {
			t.Errorf("created: %+v", x)
		}
		var after string
		if err := d.R.QueryRowContext(e.Ctx, "SELECT after_data FROM audit_log WHERE action = 'expert.create' AND entity_id = $1", strconv.FormatInt(x.ID, 10)).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(after, "李明") || strings.Contains(after, "5678") {
			t.Errorf("audit record holds personal information: %s", after)
		}
		// The masked number sent back keeps the stored one.
		in := good()
		in.Mobile, in.Title = x.Mobile, "教授"
		if _, err := e.svc.UpdateExpert(e.Ctx, e.comm1, x.ID, in); err != nil {
			t.Fatal(err)
		}
		if m, err := e.svc.RevealMobile(e.Ctx, e.comm1, x.ID, audit.RevealReasons[0], "电话联系专家"); err != nil || m != "13912345678" {
			t.Errorf("reveal after update: %q %v", m, err)
		}
		for _, a := range []access.Actor{e.comm2, e.exp1, e.dept, e.leader9} {
			if _, err := e.svc.RevealMobile(e.Ctx, a, x.ID, audit.RevealReasons[0], "电话联系专家"); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s reveals: %v", a.Username, err)
			}
			if _, err := e.svc.UpdateExpert(e.Ctx, a, x.ID, good()); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s updates: %v", a.Username, err)
			}
		}
	})
}

func TestExpertScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.expert("甲", thinktank.Environment, e.C1, e.exp1)
		e.expert("乙", thinktank.Finance, e.C1, access.Actor{})
		e.expert("丙", thinktank.Finance, e.C2, access.Actor{})
		x, err := e.svc.CreateExpert(e.Ctx, e.leader, thinktank.ExpertInput{Name: "丁", Field: thinktank.Health, CommunityID: e.C2.ID,
			AppointedFrom: "2020-01-01", AppointedTo: "2021-12-31"})
		if err != nil {
			t.Fatal(err)
		}
		if x.Active {
			t.Error("an expert whose term ended is active")
		}
		for _, c := range []struct {
			a    access.Actor
			f    thinktank.ExpertFilter
			want string
		}{
			{e.leader, thinktank.ExpertFilter{}, "甲 乙 丙 丁"},
			{e.leader, thinktank.ExpertFilter{UnitID: e.C2.ID}, "丙 丁"},
			{e.leader, thinktank.ExpertFilter{Field: thinktank.Finance}, "乙 丙"},
			{e.leader, thinktank.ExpertFilter{Active: "false"}, "丁"},
			{e.leader, thinktank.ExpertFilter{Active: "true", UnitID: e.C2.ID}, "丙"},
			{e.leader, thinktank.ExpertFilter{ActiveOn: "2021-06-30"}, "丁"},
			{e.leader, thinktank.ExpertFilter{ActiveOn: "2022-06-23", Active: "true"}, "甲 乙 丙"},
			{e.comm1, thinktank.ExpertFilter{}, "甲 乙"},
			{e.comm1, thinktank.ExpertFilter{UnitID: e.C2.ID}, ""},
			{e.exp1, thinktank.ExpertFilter{}, "甲"},
			{e.exp2, thinktank.ExpertFilter{}, ""},
			{e.dept, thinktank.ExpertFilter{}, ""},
			{e.ent1, thinktank.ExpertFilter{}, ""},
			{e.leader9, thinktank.ExpertFilter{}, ""},
			{e.aud, thinktank.ExpertFilter{}, ""},
		} {
			l, err := e.svc.Experts(e.Ctx, c.a, c.f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, x := range l.Items {
				names = append(names, x.Name)
			}
			// The default order is the community's, then the name's.
			got := sortedNames(names)
			if got != c.want || l.Total != len(l.Items) {
				t.Errorf("%s %+v: %q (total %d), want %q", c.a.Username, c.f, got, l.Total, c.want)
			}
		}
		if _, err := e.svc.Experts(e.Ctx, e.leader, thinktank.ExpertFilter{ActiveOn: "2022-02-30"}); errs.As(err).Fields["active_on"] == "" {
			t.Errorf("a bad day in the filter: %v", err)
		}
		if _, err := e.svc.Experts(e.Ctx, e.leader, thinktank.ExpertFilter{Field: "astrology"}); errs.As(err).Fields["field"] == "" {
			t.Errorf("unknown field in the filter: %v", err)
		}
	})
}

// sortedNames joins names in descending code point order, independent
// of the database's collation.
func sortedNames(names []string) string {
	for i := range names {
		for j := i + 1; j < len(names); j++ {
			if names[j] > names[i] {
				names[i], names[j] = names[j], names[i]
			}
		}
	}
	return strings.Join(names, " ")
}

func TestConsultationFlow(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x1 := e.expert("甲", thinktank.Environment, e.C1, e.exp1)
		x2 := e.expert("乙", thinktank.Environment, e.C1, e.exp2)
		x3 := e.expert("丙", thinktank.Environment, e.C2, access.Actor{})
		x4 := e.expert("丁", thinktank.Finance, e.C1, access.Actor{})
		// x1 carries one open consultation already.
		busy := e.request(e.comm1, "旧问题", thinktank.Environment, e.C1)
		e.act(e.comm1, busy.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: x1.ID})

		k := e.request(e.ent1, "废水排放达标", thinktank.Environment, e.C9) // an enterprise asks for its own community
		if k.CommunityID != e.C1.ID || k.EnterpriseID != e.E1 || k.RequesterKind != thinktank.ByEnterprise || k.State != thinktank.Requested {
			t.Fatalf("request: %+v", k)
		}
		got, err := e.svc.Suggest(e.Ctx, e.comm1, k.ID)
		if err != nil {
			t.Fatal(err)
		}
		// Same field and community first by load (乙 0, 甲 1), then
		// other communities (a community sees only its own), then other
		// fields.
		var order []int64
		for _, s := range got {
			order = append(order, s.ID)
		}
		if want := []int64{x2.ID, x1.ID, x4.ID}; !equal(order, want) {
			t.Errorf("community's suggestions %v, want %v", order, want)
		}
		got, _ = e.svc.Suggest(e.Ctx, e.leader, k.ID)
		order = order[:0]
		for _, s := range got {
			order = append(order, s.ID)
		}
		if want := []int64{x2.ID, x1.ID, x3.ID, x4.ID}; !equal(order, want) {
			t.Errorf("leader's suggestions %v, want %v", order, want)
		}
		for _, a := range []access.Actor{e.ent1, e.exp1, e.comm2, e.dept} {
			if _, err := e.svc.Suggest(e.Ctx, a, k.ID); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s asks for suggestions: %v", a.Username, err)
			}
		}
		// Before it is assigned the experts see nothing of it.
		if _, err := e.svc.Consultation(e.Ctx, e.exp2, k.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("expert sees an unassigned consultation: %v", err)
		}
		k = e.act(e.comm1, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: x2.ID})
		if k.State != thinktank.Assigned || k.ExpertID != x2.ID || k.AssignedAt.IsZero() {
			t.Fatalf("assigned: %+v", k)
		}
		e.Clock.Advance(26 * time.Hour)
		jpeg := []byte("\xFF\xD8\xFF\xE0 a photo")
		for _, c := range []struct {
			name string
			a    access.Actor
			in   thinktank.ActInput
			code errs.Code
			fld  string
		}{
			{"another expert answers", e.exp1, thinktank.ActInput{Action: thinktank.Answer, Advice: "建议"}, errs.NotFound, ""},
			{"the community answers", e.comm1, thinktank.ActInput{Action: thinktank.Answer, Advice: "建议"}, errs.Conflict, ""},
			{"empty advice", e.exp2, thinktank.ActInput{Action: thinktank.Answer, Advice: " "}, errs.Invalid, "advice"},
			{"a file not accepted", e.exp2, thinktank.ActInput{Action: thinktank.Answer, Advice: "建议",
				Attachments: []enterprise.Upload{{Filename: "a.exe", Data: []byte("MZ")}}}, errs.Invalid, "attachments"},
			{"rating before the answer", e.ent1, thinktank.ActInput{Action: thinktank.Rate, Rating: 5}, errs.Conflict, ""},
			{"unknown action", e.exp2, thinktank.ActInput{Action: "approve"}, errs.Invalid, "action"},
			{"another enterprise", e.ent2, thinktank.ActInput{Action: thinktank.Withdraw}, errs.NotFound, ""},
			{"another sub-district", e.leader9, thinktank.ActInput{Action: thinktank.Close, Note: "x"}, errs.NotFound, ""},
		} {
			before := e.Count("SELECT count(*) FROM consultation_events") + e.Count("SELECT count(*) FROM audit_log") +
				e.Count("SELECT count(*) FROM attachments")
			_, err := e.svc.Act(e.Ctx, c.a, k.ID, c.in)
			if ee := errs.As(err); ee.Code != c.code || (c.fld != "" && ee.Fields[c.fld] == "") {
				t.Errorf("%s: %v %v, want %s %s", c.name, err, ee.Fields, c.code, c.fld)
			}
			after := e.Count("SELECT count(*) FROM consultation_events") + e.Count("SELECT count(*) FROM audit_log") +
				e.Count("SELECT count(*) FROM attachments")
			if after != before {
				t.Errorf("%s: something was written", c.name)
			}
		}
		k = e.act(e.exp2, k.ID, thinktank.ActInput{Action: thinktank.Answer, Advice: "建议增设预处理池，联系 13812345678",
			Attachments: []enterprise.Upload{{Filename: "方案.jpg", Data: jpeg}}})
		if k.State != thinktank.Answered || k.ResponseHours != 26 || len(k.Attachments) != 1 {
			t.Fatalf("answered: %+v", k)
		}
		if strings.Contains(k.Advice, "13812345678") {
			t.Errorf("the advice shows a mobile in full: %s", k.Advice)
		}
		// The answer's file opens to those who see the consultation.
		files := &enterprise.Service{DB: d, Now: e.Clock.Now, Files: &enterprise.FileStore{Dir: t.TempDir()}, ConsultationVisible: e.svc.Visible}
		if _, _, err := files.OpenAttachment(e.Ctx, e.exp1, k.Attachments[0].ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another expert opens the answer's file: %v", err)
		}
		for _, c := range []struct {
			name string
			a    access.Actor
			in   thinktank.ActInput
			code errs.Code
			fld  string
		}{
			{"rating by the expert", e.exp2, thinktank.ActInput{Action: thinktank.Rate, Rating: 5}, errs.Conflict, ""},
			{"rating by the community", e.comm1, thinktank.ActInput{Action: thinktank.Rate, Rating: 5}, errs.Conflict, ""},
			{"rating by another enterprise", e.ent2, thinktank.ActInput{Action: thinktank.Rate, Rating: 5}, errs.NotFound, ""},
			{"rating of six", e.ent1, thinktank.ActInput{Action: thinktank.Rate, Rating: 6}, errs.Invalid, "rating"},
			{"rating of none", e.ent1, thinktank.ActInput{Action: thinktank.Rate}, errs.Invalid, "rating"},
			{"answering twice", e.exp2, thinktank.ActInput{Action: thinktank.Answer, Advice: "再答"}, errs.Conflict, ""},
		} {
			before := e.Count("SELECT count(*) FROM consultation_events")
			if _, err := e.svc.Act(e.Ctx, c.a, k.ID, c.in); errs.CodeOf(err) != c.code || (c.fld != "" && errs.As(err).Fields[c.fld] == "") {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.fld)
			}
			if e.Count("SELECT count(*) FROM consultation_events") != before {
				t.Errorf("%s: something was written", c.name)
			}
		}
		k = e.act(e.ent1, k.ID, thinktank.ActInput{Action: thinktank.Rate, Rating: 4, Comment: "很有帮助"})
		if k.State != thinktank.Rated || k.Rating != 4 {
			t.Fatalf("rated: %+v", k)
		}
		if _, err := e.svc.Act(e.Ctx, e.ent1, k.ID, thinktank.ActInput{Action: thinktank.Rate, Rating: 5}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("rating twice: %v", err)
		}
		if n := e.Count("SELECT count(*) FROM consultation_events WHERE consultation_id = $1", k.ID); n != 4 {
			t.Errorf("%d events, want request, assign, answer, rate", n)
		}
		// Each expert sees only their own consultations.
		for _, c := range []struct {
			a    access.Actor
			want int
		}{{e.exp1, 1}, {e.exp2, 1}, {e.comm1, 2}, {e.comm2, 0}, {e.ent1, 1}, {e.ent2, 0}, {e.leader, 2}, {e.leader9, 0}, {e.dept, 0}} {
			l, err := e.svc.Consultations(e.Ctx, c.a, thinktank.Filter{})
			if err != nil || l.Total != c.want {
				t.Errorf("%s sees %d consultations, want %d (%v)", c.a.Username, l.Total, c.want, err)
			}
		}
	})
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestAssign(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := e.expert("甲", thinktank.Environment, e.C1, e.exp1)
		other := e.expert("乙", thinktank.Finance, e.C1, access.Actor{})
		far := e.expert("丙", thinktank.Environment, e.C2, access.Actor{})
		old, err := e.svc.CreateExpert(e.Ctx, e.leader, thinktank.ExpertInput{Name: "丁", Field: thinktank.Environment, CommunityID: e.C1.ID,
			AppointedFrom: "2019-01-01", AppointedTo: "2022-06-22"})
		if err != nil {
			t.Fatal(err)
		}
		k := e.request(e.leader, "河道治理规划", thinktank.Environment, e.C1)
		if k.RequesterKind != thinktank.ByPartyOrg || k.RequesterUnitID != e.S.ID {
			t.Fatalf("a leader's request: %+v", k)
		}
		for _, c := range []struct {
			name string
			a    access.Actor
			id   int64
			code errs.Code
		}{
			{"an expert whose term ended", e.comm1, old.ID, errs.Invalid},
			{"an unknown expert", e.comm1, 999999, errs.Invalid},
			{"another community's expert, for a community", e.comm1, far.ID, errs.Invalid},
			{"no expert", e.comm1, 0, errs.Invalid},
			{"by another community", e.comm2, x.ID, errs.NotFound},
			{"by the expert", e.exp1, x.ID, errs.NotFound},
			{"by a department", e.dept, x.ID, errs.NotFound},
		} {
			before := e.Count("SELECT count(*) FROM consultation_events")
			_, err := e.svc.Act(e.Ctx, c.a, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: c.id})
			if ee := errs.As(err); ee.Code != c.code || (c.code == errs.Invalid && ee.Fields["expert_id"] == "") {
				t.Errorf("%s: %v %v, want %s", c.name, err, ee.Fields, c.code)
			}
			if e.Count("SELECT count(*) FROM consultation_events") != before {
				t.Errorf("%s: something was written", c.name)
			}
		}
		// Another field is allowed: the assigner decides.
		k = e.act(e.comm1, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: other.ID})
		if _, err := e.svc.Act(e.Ctx, e.comm1, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: other.ID}); errs.As(err).Fields["expert_id"] == "" {
			t.Errorf("reassigning to the same expert: %v", err)
		}
		k = e.act(e.leader, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: far.ID})
		if k.ExpertID != far.ID {
			t.Errorf("reassigned to %d", k.ExpertID)
		}
		// The requester withdraws; then nothing more happens.
		k = e.act(e.leader, k.ID, thinktank.ActInput{Action: thinktank.Withdraw})
		if k.State != thinktank.Withdrawn {
			t.Fatalf("withdrawn: %+v", k)
		}
		if _, err := e.svc.Act(e.Ctx, e.leader, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: x.ID}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("assigning a withdrawn consultation: %v", err)
		}
		// Closing needs a note.
		k2 := e.request(e.comm1, "消防通道", thinktank.FireSafety, e.C2)
		if k2.CommunityID != e.C1.ID {
			t.Errorf("a community asks for its own community, got %d", k2.CommunityID)
		}
		if _, err := e.svc.Act(e.Ctx, e.comm1, k2.ID, thinktank.ActInput{Action: thinktank.Close}); errs.As(err).Fields["note"] == "" {
			t.Errorf("closing without a note: %v", err)
		}
		if k2 = e.act(e.comm1, k2.ID, thinktank.ActInput{Action: thinktank.Close, Note: "已由消防部门答复"}); k2.State != thinktank.Closed {
			t.Errorf("closed: %+v", k2)
		}
	})
}

func TestRequestInput(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		good := thinktank.Input{Topic: "选题", Description: "说明", Field: thinktank.IoT, CommunityID: e.C1.ID}
		for _, c := range []struct {
			name string
			a    access.Actor
			edit func(*thinktank.Input)
			fld  string
		}{
			{"no topic", e.comm1, func(in *thinktank.Input) { in.Topic = "" }, "topic"},
			{"topic too long", e.comm1, func(in *thinktank.Input) { in.Topic = strings.Repeat("长", thinktank.MaxTopic+1) }, "topic"},
			{"no description", e.ent1, func(in *thinktank.Input) { in.Description = "" }, "description"},
			{"unknown field", e.ent1, func(in *thinktank.Input) { in.Field = "magic" }, "field"},
			{"unknown urgency", e.comm1, func(in *thinktank.Input) { in.Urgency = "panic" }, "urgency"},
			{"a leader for an enterprise", e.leader, func(in *thinktank.Input) { in.RequesterKind = thinktank.ByEnterprise }, "requester_kind"},
			{"a leader without a community", e.leader, func(in *thinktank.Input) { in.CommunityID = 0 }, "community_id"},
			{"a community of another sub-district", e.leader, func(in *thinktank.Input) { in.CommunityID = e.C9.ID }, "community_id"},
			{"a unit of another sub-district", e.office, func(in *thinktank.Input) { in.RequesterUnitID = e.T.ID }, "requester_unit_id"},
			{"a department", e.dept, func(*thinktank.Input) {}, ""},
			{"an expert", e.exp1, func(*thinktank.Input) {}, ""},
			{"a specialist", e.specialist, func(*thinktank.Input) {}, ""},
		} {
			in := good
			c.edit(&in)
			_, err := e.svc.Request(e.Ctx, c.a, in)
			if c.fld == "" {
				if errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s: %v, want not found", c.name, err)
				}
			} else if errs.As(err).Fields[c.fld] == "" {
				t.Errorf("%s: %v, want %s named", c.name, err, c.fld)
			}
		}
		if n := e.Count("SELECT count(*) FROM consultations"); n != 0 {
			t.Errorf("%d consultations written", n)
		}
	})
}

func TestFigures(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x1 := e.expert("甲", thinktank.Environment, e.C1, e.exp1)
		x2 := e.expert("乙", thinktank.Finance, e.C1, e.exp2)
		e.expert("丙", thinktank.Finance, e.C2, access.Actor{})
		answer := func(a access.Actor, x thinktank.Expert, expert access.Actor, f thinktank.Field, hours time.Duration, rating int) {
			k := e.request(a, "问题", f, e.C1)
			e.act(e.leader, k.ID, thinktank.ActInput{Action: thinktank.Assign, ExpertID: x.ID})
			e.Clock.Advance(hours)
			e.act(expert, k.ID, thinktank.ActInput{Action: thinktank.Answer, Advice: "建议"})
			if rating > 0 {
				e.act(a, k.ID, thinktank.ActInput{Action: thinktank.Rate, Rating: rating})
			}
		}
		answer(e.ent1, x1, e.exp1, thinktank.Environment, 10*time.Hour, 5)
		answer(e.comm1, x1, e.exp1, thinktank.Environment, 20*time.Hour, 3)
		answer(e.comm1, x1, e.exp1, thinktank.Environment, 60*time.Hour, 0)
		answer(e.ent1, x2, e.exp2, thinktank.Finance, 4*time.Hour, 4)
		e.request(e.comm1, "未答", thinktank.Finance, e.C1)
		from, to := time.Date(2022, 7, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		f, err := e.svc.CommunityFigures(e.Ctx, e.leader, from, to, e.C1.ID)
		if err != nil {
			t.Fatal(err)
		}
		if f.Experts != 2 || f.ByField["finance"] != 1 || f.Consultations != 5 || f.Answered != 4 || f.MeanRating != 4 ||
			f.MeanResponseHours != 23.5 || f.ConsultationsByField["environment"] != 3 || f.ConsultationsByField["finance"] != 2 {
			t.Errorf("figures of C1: %+v", f)
		}
		if len(f.Fields) != 2 || f.Fields[0].Field != thinktank.Environment || f.Fields[0].MedianResponseHours != 20 ||
			f.Fields[0].MeanResponseHours != 30 || f.Fields[0].MeanRating != 4 || f.Fields[1].Answered != 1 {
			t.Errorf("by field: %+v", f.Fields)
		}
		// Each figure equals the total of its list.
		l, _ := e.svc.Consultations(e.Ctx, e.leader, thinktank.Filter{UnitID: e.C1.ID, From: from, To: to, Answered: true})
		xl, _ := e.svc.Experts(e.Ctx, e.leader, thinktank.ExpertFilter{UnitID: e.C1.ID, ActiveOn: thinktank.LastDay(to)})
		if l.Total != f.Answered || xl.Total != f.Experts {
			t.Errorf("lists %d answered and %d experts, figures %d and %d", l.Total, xl.Total, f.Answered, f.Experts)
		}
		all, _ := e.svc.CommunityFigures(e.Ctx, e.leader, from, to, 0)
		if all.Experts != 3 || all.Consultations != 5 {
			t.Errorf("figures of the sub-district: %+v", all)
		}
		// Experts are counted on the period's last day: none before the
		// term began.
		early, _ := e.svc.CommunityFigures(e.Ctx, e.leader, time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC), 0)
		if early.Experts != 0 || early.Consultations != 0 {
			t.Errorf("figures before the term: %+v", early)
		}
		for _, c := range []struct {
			a    access.Actor
			unit int64
		}{{e.comm2, e.C1.ID}, {e.leader9, e.C1.ID}, {e.leader, 999999}} {
			if _, err := e.svc.CommunityFigures(e.Ctx, c.a, from, to, c.unit); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s figures of unit %d: %v", c.a.Username, c.unit, err)
			}
		}
		if f, _ := e.svc.CommunityFigures(e.Ctx, e.dept, from, to, 0); f.Experts != 0 || f.Consultations != 0 {
			t.Errorf("a department's figures: %+v", f)
		}
		if f, _ := e.svc.CommunityFigures(e.Ctx, e.exp1, from, to, 0); f.Experts != 1 || f.Consultations != 3 {
			t.Errorf("an expert's figures: %+v", f)
		}
	})
}
