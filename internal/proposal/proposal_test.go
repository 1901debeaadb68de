package proposal_test

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/proposal"
)

func TestPublicSubmission(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.resident("路灯太暗", e.C1)
		if _, err := proposal.ParseReceipt(string(p.Receipt)); err != nil {
			t.Fatalf("receipt %q does not parse: %v", p.Receipt, err)
		}
		if p.ResidentName != "张**" || p.ResidentMobile != "138****8000" {
			t.Errorf("resident details not masked: %q %q", p.ResidentName, p.ResidentMobile)
		}
		got, err := e.svc.Get(e.Ctx, e.office, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.ResidentName != "张**" || got.ResidentMobile != "138****8000" || got.Source != proposal.Resident {
			t.Errorf("read back: %+v", got)
		}
		// The audit record holds neither the name nor the number.
		var after string
		if err := d.R.QueryRowContext(e.Ctx, "SELECT after_data FROM audit_log WHERE action = 'proposal.submit'").Scan(&after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(after, "张") || strings.Contains(after, "8000") {
			t.Errorf("audit record holds personal information: %s", after)
		}
		// The status page, by the receipt typed in lower case without the prefix.
		st, err := e.svc.PublicStatus(e.Ctx, strings.ToLower(strings.TrimPrefix(string(p.Receipt), "JD-")))
		if err != nil || st.State != proposal.Submitted || st.Receipt != p.Receipt {
			t.Errorf("status = %+v, %v", st, err)
		}
		if _, err := e.svc.PublicStatus(e.Ctx, "JD-0000-0000"); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("unknown receipt: %v", err)
		}
	})
}

func TestPublicSubmissionRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ok := proposal.PublicInput{Title: "t", Body: "b", CommunityID: e.C1.ID}
		for _, c := range []struct {
			name  string
			edit  func(*proposal.PublicInput)
			field string
		}{
			{"honeypot", func(in *proposal.PublicInput) { in.Website = "http://spam.example" }, "website"},
			{"no title", func(in *proposal.PublicInput) { in.Title = "  " }, "title"},
			{"no text", func(in *proposal.PublicInput) { in.Body = "" }, "body"},
			{"long title", func(in *proposal.PublicInput) { in.Title = strings.Repeat("长", proposal.MaxTitle+1) }, "title"},
			{"bad mobile", func(in *proposal.PublicInput) { in.Mobile = "12345" }, "mobile"},
			{"no community", func(in *proposal.PublicInput) { in.CommunityID = 0 }, "community_id"},
			{"a department", func(in *proposal.PublicInput) { in.CommunityID = e.D1.ID }, "community_id"},
		} {
			in := ok
			c.edit(&in)
			_, err := e.svc.SubmitPublic(e.Ctx, access.Actor{}, in)
			if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields[c.field] == "" {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
		if n := e.Count("SELECT count(*) FROM proposals"); n != 0 {
			t.Errorf("%d proposals written", n)
		}
	})
}

func TestScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		inC1 := e.resident("C1 的建议", e.C1)
		byD2, err := e.svc.Submit(e.Ctx, e.dept2, proposal.Input{Title: "D2 的建议", Body: "b", CommunityID: e.C2.ID})
		if err != nil {
			t.Fatal(err)
		}
		if byD2.Source != proposal.Cadre || byD2.OriginUnitID != e.D2.ID {
			t.Errorf("cadre proposal: %+v", byD2)
		}
		assigned := e.resident("交给 D1", e.C2)
		e.act(e.office, assigned.ID, proposal.ActInput{Action: proposal.Evaluate, UnitID: e.D1.ID})
		inC9 := e.resident("远方", e.C9)

		sees := map[string][]int64{
			"leader":  {inC1.ID, byD2.ID, assigned.ID},
			"office":  {inC1.ID, byD2.ID, assigned.ID},
			"dept1":   {assigned.ID},
			"dept2":   {byD2.ID},
			"comm1":   {inC1.ID},
			"comm2":   {byD2.ID, assigned.ID},
			"leader9": {inC9.ID},
			"auditor": nil,
			"spec":    nil,
		}
		for _, a := range []access.Actor{e.leader, e.office, e.dept1, e.dept2, e.comm1, e.comm2, e.leader9, e.auditor, e.specialist} {
			l, err := e.svc.List(e.Ctx, a, proposal.Filter{Sort: "submitted_at"})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, p := range l.Items {
				got = append(got, p.ID)
			}
			want := sees[a.Username]
			if len(got) != len(want) || l.Total != len(want) {
				t.Errorf("%s sees %v, want %v", a.Username, got, want)
				continue
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s sees %v, want %v", a.Username, got, want)
				}
			}
			if _, err := e.svc.Get(e.Ctx, a, inC9.ID); a.Username != "leader9" && errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s reads another sub-district's proposal: %v", a.Username, err)
			}
		}
		// Officers and specialists put nothing forward.
		if _, err := e.svc.Submit(e.Ctx, e.auditor, proposal.Input{Title: "t", Body: "b", CommunityID: e.C1.ID}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("auditor submits: %v", err)
		}
	})
}

func TestDecisions(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.resident("设立企业诉求快速响应机制", e.C1)
		// Nobody adopts a proposal nobody has evaluated.
		_, err := e.svc.Act(e.Ctx, e.office, p.ID, proposal.ActInput{Action: proposal.Adopt})
		if ee := errs.As(err); ee.Code != errs.Conflict || !contains(ee.Allowed, "evaluate") || contains(ee.Allowed, "adopt") {
			t.Errorf("adopt unevaluated: %v (allowed %v)", err, ee.Allowed)
		}
		// A department not assigned cannot comment; the assigned one can.
		e.act(e.office, p.ID, proposal.ActInput{Action: proposal.Evaluate, UnitID: e.D1.ID})
		if _, err := e.svc.Act(e.Ctx, e.dept2, p.ID, proposal.ActInput{Action: proposal.Comment, Comment: "x"}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("dept2 comments on D1's proposal: %v", err)
		}
		for _, c := range []struct {
			in    proposal.ActInput
			field string
		}{
			{proposal.ActInput{Action: proposal.Comment, Feasibility: 6, Value: 3}, "feasibility"},
			{proposal.ActInput{Action: proposal.Comment, Feasibility: 3}, "value"},
			{proposal.ActInput{Action: proposal.Comment}, "comment"},
			{proposal.ActInput{Action: proposal.Decline, Reason: " "}, "reason"},
			{proposal.ActInput{Action: proposal.Assign}, "unit_id"},
			{proposal.ActInput{Action: proposal.Assign, UnitID: e.C9.ID}, "unit_id"},
			{proposal.ActInput{Action: "approve"}, "action"},
		} {
			_, err := e.svc.Act(e.Ctx, e.office, p.ID, c.in)
			if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields[c.field] == "" {
				t.Errorf("%+v: %v, want invalid %s", c.in, err, c.field)
			}
		}
		e.Clock.Advance(time.Hour)
		e.act(e.dept1, p.ID, proposal.ActInput{Action: proposal.Comment, Feasibility: 4, Value: 5, Comment: "可行"})
		got := e.act(e.leader, p.ID, proposal.ActInput{Action: proposal.Adopt})
		if got.State != proposal.Adopted || !got.DecidedAt.Equal(e.Clock.Now()) || len(got.Evaluations) != 1 ||
			got.Evaluations[0].Feasibility != 4 || got.Evaluations[0].Value != 5 || got.Evaluations[0].AuthorName != "dept1" {
			t.Errorf("adopted: %+v", got)
		}
		// Decided is final.
		if _, err := e.svc.Act(e.Ctx, e.office, p.ID, proposal.ActInput{Action: proposal.Decline, Reason: "r"}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("decline adopted: %v", err)
		}
		q := e.resident("重复建议", e.C2)
		got = e.act(e.office, q.ID, proposal.ActInput{Action: proposal.Decline, Reason: "已有同类制度"})
		if got.State != proposal.Declined || got.DeclineReason != "已有同类制度" {
			t.Errorf("declined: %+v", got)
		}
		st, _ := e.svc.PublicStatus(e.Ctx, string(q.Receipt))
		if st.State != proposal.Declined || st.DecidedAt.IsZero() {
			t.Errorf("status after decline: %+v", st)
		}
	})
}

func TestFiguresEqualTheirLists(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.resident("a", e.C1)
		e.resident("b", e.C2)
		e.act(e.office, a.ID, proposal.ActInput{Action: proposal.Evaluate})
		e.act(e.office, a.ID, proposal.ActInput{Action: proposal.Adopt})
		e.Clock.Advance(40 * 24 * time.Hour)
		e.resident("later", e.C1)
		from, to := start.Add(-time.Hour), start.Add(30*24*time.Hour)
		for _, who := range []access.Actor{e.office, e.comm1} {
			f, err := e.svc.Count(e.Ctx, who, from, to)
			if err != nil {
				t.Fatal(err)
			}
			sub, _ := e.svc.List(e.Ctx, who, proposal.SubmittedIn(from, to))
			ad, _ := e.svc.List(e.Ctx, who, proposal.AdoptedIn(from, to))
			if f.Submitted != sub.Total || f.Adopted != ad.Total {
				t.Errorf("%s: figures %+v, lists %d and %d", who.Username, f, sub.Total, ad.Total)
			}
			want := map[string][2]int{"office": {2, 1}, "comm1": {1, 1}}[who.Username]
			if f.Submitted != want[0] || f.Adopted != want[1] {
				t.Errorf("%s: figures %+v, want %v", who.Username, f, want)
			}
		}
	})
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func TestLinkProject(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.resident("改造禾花路", e.C1)
		link := func(a access.Actor, project int64) error {
			return d.Tx(e.Ctx, func(tx *sql.Tx) error { return e.svc.LinkProjectTx(e.Ctx, tx, a, p.ID, project) })
		}
		if err := link(e.office, 7); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("link a submitted proposal: %v", err)
		}
		e.act(e.office, p.ID, proposal.ActInput{Action: proposal.Evaluate, UnitID: e.D1.ID})
		e.act(e.office, p.ID, proposal.ActInput{Action: proposal.Adopt})
		if err := link(e.dept1, 7); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a department links: %v", err)
		}
		if err := link(e.office, 7); err != nil {
			t.Fatal(err)
		}
		if err := link(e.office, 8); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("link to a second project: %v", err)
		}
		got, _ := e.svc.Get(e.Ctx, e.office, p.ID)
		if got.ProjectID != 7 {
			t.Errorf("project_id %d", got.ProjectID)
		}
	})
}
