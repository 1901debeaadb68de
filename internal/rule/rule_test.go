package rule_test

import (
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/proposal"
	"pinghu/internal/rule"
)

func (e *env) create(a access.Actor, in rule.Input) rule.Rule {
	e.TB.Helper()
	r, err := e.rules.Create(e.Ctx, a, in)
	if err != nil {
		e.TB.Fatalf("create %s: %v", in.Number, err)
	}
	return r
}

func TestRuleFromAdoptedProposal(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.resident("企业诉求快速响应机制", e.C1)
		if _, err := e.rules.FromProposal(e.Ctx, e.office, p.ID); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("rule from a submitted proposal: %v", err)
		}
		e.act(e.office, p.ID, proposal.ActInput{Action: proposal.Evaluate, UnitID: e.D1.ID})
		e.act(e.office, p.ID, proposal.ActInput{Action: proposal.Adopt})
		in, err := e.rules.FromProposal(e.Ctx, e.office, p.ID)
		if err != nil || in.Title != p.Title || in.UnitID != e.D1.ID || len(in.ProposalIDs) != 1 || in.ProposalIDs[0] != p.ID {
			t.Fatalf("pre-filled %+v, %v", in, err)
		}
		in.Number = "平湖〔2022〕7号"
		r := e.create(e.office, in)
		if r.Status != rule.Draft || r.Version != 1 {
			t.Errorf("created %+v", r)
		}
		got, err := e.svc.Get(e.Ctx, e.office, p.ID)
		if err != nil || len(got.RuleIDs) != 1 || got.RuleIDs[0] != r.ID {
			t.Errorf("proposal's rules %v, %v", got.RuleIDs, err)
		}
		rr, err := e.rules.Get(e.Ctx, e.office, r.ID)
		if err != nil || len(rr.ProposalIDs) != 1 || rr.ProposalIDs[0] != p.ID {
			t.Errorf("rule's proposals %v, %v", rr.ProposalIDs, err)
		}
	})
}

func TestRuleInputRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(e.office, rule.Input{Number: "1", Title: "t", UnitID: e.D1.ID, Body: "b"})
		declined := e.resident("x", e.C1)
		e.act(e.office, declined.ID, proposal.ActInput{Action: proposal.Decline, Reason: "r"})
		ok := rule.Input{Number: "2", Title: "t", UnitID: e.D1.ID, Body: "b"}
		for _, c := range []struct {
			name  string
			a     access.Actor
			edit  func(*rule.Input)
			field string
		}{
			{"number taken", e.office, func(in *rule.Input) { in.Number = "1" }, "number"},
			{"no number", e.office, func(in *rule.Input) { in.Number = "" }, "number"},
			{"no text", e.office, func(in *rule.Input) { in.Body = " " }, "body"},
			{"bad date", e.office, func(in *rule.Input) { in.EffectiveOn = "2022-02-30" }, "effective_on"},
			{"other unit", e.dept2, func(*rule.Input) {}, "unit_id"},
			{"other sub-district", e.leader9, func(*rule.Input) {}, "unit_id"},
			{"declined proposal", e.office, func(in *rule.Input) { in.ProposalIDs = []int64{declined.ID} }, "proposal_ids"},
		} {
			in := ok
			c.edit(&in)
			_, err := e.rules.Create(e.Ctx, c.a, in)
			if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields[c.field] == "" {
				t.Errorf("%s: %v, want invalid %s", c.name, err, c.field)
			}
		}
		if n := e.Count("SELECT count(*) FROM rules"); n != 1 {
			t.Errorf("%d rules written", n)
		}
		// The same number in another unit is another rule.
		e.create(e.dept2, rule.Input{Number: "1", Title: "t", UnitID: e.D2.ID, Body: "b"})
	})
}

func TestVersionsAndDiff(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		r := e.create(e.dept1, rule.Input{Number: "督办-1", Title: "重点项目督办工作制度", UnitID: e.D1.ID,
			Body: "第一条 目的\n第二条 范围\n第三条 督办时限为五个工作日"})
		r2, err := e.rules.AddVersion(e.Ctx, e.dept1, r.ID, rule.VersionInput{Body: "第一条 目的\n第二条 范围\n第三条 督办时限为三个工作日\n第四条 附则",
			Comment: "缩短时限", Version: 1})
		if err != nil || r2.Version != 2 {
			t.Fatalf("version 2: %+v, %v", r2, err)
		}
		if _, err := e.rules.AddVersion(e.Ctx, e.dept1, r.ID, rule.VersionInput{Body: "x", Version: 1}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("edit on a stale version: %v", err)
		}
		if _, err := e.rules.AddVersion(e.Ctx, e.dept1, r.ID, rule.VersionInput{Body: r2.Body}); errs.As(err).Fields["body"] != "err.rule_unchanged" {
			t.Errorf("unchanged text: %v", err)
		}
		diff, err := e.rules.Diff(e.Ctx, e.dept1, r.ID, 1, 2)
		if err != nil {
			t.Fatal(err)
		}
		var removed, added []string
		for _, l := range diff.Lines {
			switch l.Op {
			case "-":
				removed = append(removed, l.Text)
			case "+":
				added = append(added, l.Text)
			}
		}
		if strings.Join(removed, "|") != "第三条 督办时限为五个工作日" || strings.Join(added, "|") != "第三条 督办时限为三个工作日|第四条 附则" {
			t.Errorf("diff removed %q added %q\n%s", removed, added, diff.Unified)
		}
		if !strings.Contains(diff.Unified, "--- v1") || !strings.Contains(diff.Unified, "+++ v2") {
			t.Errorf("unified diff:\n%s", diff.Unified)
		}
		if _, err := e.rules.Diff(e.Ctx, e.dept1, r.ID, 1, 9); errs.As(err).Fields["to"] == "" {
			t.Errorf("diff to an unknown version: %v", err)
		}
		got, _ := e.rules.Get(e.Ctx, e.dept1, r.ID)
		if len(got.Versions) != 2 || got.Versions[0].Version != 2 || got.Versions[0].Comment != "缩短时限" || got.Body != r2.Body {
			t.Errorf("versions %+v", got.Versions)
		}
	})
}

func TestRuleScopeAndStatus(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		draft := e.create(e.dept1, rule.Input{Number: "1", Title: "草案", UnitID: e.D1.ID, Body: "b"})
		inForce := e.create(e.dept1, rule.Input{Number: "2", Title: "施行", UnitID: e.D1.ID, Body: "b"})
		// A department does not put its rules in force; the office does.
		if _, err := e.rules.Act(e.Ctx, e.dept1, inForce.ID, rule.ActInput{Action: rule.Enact, EffectiveOn: "2022-06-01"}); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("dept enacts: %v", err)
		}
		if _, err := e.rules.Act(e.Ctx, e.office, inForce.ID, rule.ActInput{Action: rule.Enact}); errs.As(err).Fields["effective_on"] == "" {
			t.Errorf("enact without a date: %v", err)
		}
		got, err := e.rules.Act(e.Ctx, e.office, inForce.ID, rule.ActInput{Action: rule.Enact, EffectiveOn: "2022-06-01"})
		if err != nil || got.Status != rule.InForce || got.EffectiveOn != "2022-06-01" {
			t.Fatalf("enacted %+v, %v", got, err)
		}
		for _, c := range []struct {
			a    access.Actor
			want []int64
		}{
			{e.office, []int64{draft.ID, inForce.ID}},
			{e.dept1, []int64{draft.ID, inForce.ID}},
			{e.dept2, []int64{inForce.ID}},
			{e.comm1, []int64{inForce.ID}},
			{e.specialist, []int64{inForce.ID}},
			{e.leader9, []int64{inForce.ID}},
			{e.auditor, nil},
			{access.Actor{Username: "no-scope", Role: access.Leader}, nil},
		} {
			l, err := e.rules.List(e.Ctx, c.a, rule.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			if len(l.Items) != len(c.want) || l.Total != len(c.want) {
				t.Errorf("%s sees %d rules, want %v", c.a.Username, len(l.Items), c.want)
				continue
			}
			for i, r := range l.Items {
				if r.ID != c.want[i] {
					t.Errorf("%s sees %d at %d, want %v", c.a.Username, r.ID, i, c.want)
				}
			}
			if _, err := e.rules.Get(e.Ctx, c.a, draft.ID); (errs.CodeOf(err) == errs.NotFound) != (len(c.want) < 2) {
				t.Errorf("%s reads the draft: %v", c.a.Username, err)
			}
		}
		// Reading a rule in force is not writing it.
		if _, err := e.rules.AddVersion(e.Ctx, e.dept2, inForce.ID, rule.VersionInput{Body: "x"}); errs.CodeOf(err) != errs.Forbidden {
			t.Errorf("dept2 edits D1's rule: %v", err)
		}
		got, err = e.rules.Act(e.Ctx, e.leader, inForce.ID, rule.ActInput{Action: rule.Repeal})
		if err != nil || got.Status != rule.Repealed {
			t.Fatalf("repealed %+v, %v", got, err)
		}
		if _, err := e.rules.AddVersion(e.Ctx, e.dept1, inForce.ID, rule.VersionInput{Body: "x"}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("edit a repealed rule: %v", err)
		}
		if _, err := e.rules.Act(e.Ctx, e.office, draft.ID, rule.ActInput{Action: rule.Repeal}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("repeal a draft: %v", err)
		}
	})
}
