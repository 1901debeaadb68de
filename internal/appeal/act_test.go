package appeal_test

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// TestLifecycle takes one appeal from submission to closure and checks
// what each step stores: the appeal, its event and its audit record.
func TestLifecycle(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.spec1, in(e.E1)) // Monday 23 May 10:00, D1
		steps := []struct {
			at    string
			actor access.Actor
			in    appeal.ActionInput
			check func(t *testing.T, p appeal.Appeal, ev appeal.Event)
		}{
			{"2022-05-23 11:00", e.leader, appeal.ActionInput{Action: appeal.Supervise, Note: "请加快办理"},
				func(t *testing.T, p appeal.Appeal, ev appeal.Event) {
					if p.State != appeal.Submitted || !p.Supervised || ev.Note != "请加快办理" {
						t.Errorf("supervised: %+v / %+v", p, ev)
					}
				}},
			{"2022-05-23 14:00", e.dept1, appeal.ActionInput{Action: appeal.Accept, Note: "已签收"},
				func(t *testing.T, p appeal.Appeal, ev appeal.Event) {
					if p.State != appeal.Accepted || !p.AcceptedAt.Equal(cst("2022-05-23 14:00")) || p.DepartmentID != e.D1.ID {
						t.Errorf("accepted: %+v", p)
					}
				}},
			{"2022-05-24 09:00", e.dept1, appeal.ActionInput{Action: appeal.Start},
				func(t *testing.T, p appeal.Appeal, ev appeal.Event) {
					if p.State != appeal.InProgress {
						t.Errorf("started: %+v", p)
					}
				}},
			{"2022-05-25 16:00", e.dept1, appeal.ActionInput{Action: appeal.Resolve, Note: " 已协调物业维修屋顶 "},
				func(t *testing.T, p appeal.Appeal, ev appeal.Event) {
					if p.State != appeal.Resolved || !p.ResolvedAt.Equal(cst("2022-05-25 16:00")) ||
						p.ResolutionNote != "已协调物业维修屋顶" || p.DepartmentID != e.D1.ID || ev.Reason != "" {
						t.Errorf("resolved: %+v / %+v", p, ev)
					}
				}},
			{"2022-05-26 10:00", e.ent1, appeal.ActionInput{Action: appeal.Confirm, Solved: "solved", Satisfaction: "satisfied",
				Note: "感谢"},
				func(t *testing.T, p appeal.Appeal, ev appeal.Event) {
					if p.State != appeal.Closed || !p.ClosedAt.Equal(cst("2022-05-26 10:00")) || p.Solved != appeal.SolvedYes ||
						p.Satisfaction != appeal.Satisfied || ev.Solved != appeal.SolvedYes || ev.Satisfaction != appeal.Satisfied {
						t.Errorf("closed: %+v / %+v", p, ev)
					}
				}},
		}
		for i, s := range steps {
			e.at(s.at)
			events, records := e.count("SELECT count(*) FROM appeal_events"), e.count("SELECT count(*) FROM audit_log")
			was := p
			p = e.act(s.actor, p.ID, s.in)
			if !p.UpdatedAt.Equal(cst(s.at)) || p.SubmittedAt != was.SubmittedAt || p.ResponseDueAt != was.ResponseDueAt {
				t.Errorf("step %d: times %+v", i, p)
			}
			evs, err := e.svc.Events(e.ctx, e.leader, p.ID)
			if err != nil || len(evs) != i+2 {
				t.Fatalf("step %d: events %+v, %v", i, evs, err)
			}
			ev := evs[len(evs)-1]
			if ev.Action != s.in.Action || ev.From != was.State || ev.To != p.State || !ev.At.Equal(cst(s.at)) ||
				ev.Actor != s.actor.Username || ev.Role != s.actor.Role || ev.DepartmentID != p.DepartmentID ||
				!ev.ResolutionDueAt.Equal(p.ResolutionDueAt) {
				t.Errorf("step %d: event %+v for %+v", i, ev, p)
			}
			s.check(t, p, ev)
			if got := e.count("SELECT count(*) FROM appeal_events"); got != events+1 {
				t.Errorf("step %d: events %d → %d", i, events, got)
			}
			recs := e.auditSince(records)
			if len(recs) != 1 || recs[0].Action != "appeal."+string(s.in.Action) || recs[0].EntityID != strconv.FormatInt(p.ID, 10) ||
				!strings.Contains(recs[0].Before, `"state":"`+string(was.State)+`"`) ||
				!strings.Contains(recs[0].After, `"state":"`+string(p.State)+`"`) {
				t.Errorf("step %d: audit %+v", i, recs)
			}
			if s.in.Note != "" && strings.Contains(recs[0].After+recs[0].Before, strings.TrimSpace(s.in.Note)) {
				t.Errorf("step %d: the audit record holds the note", i)
			}
		}
		// Closed is final, for everyone.
		for _, a := range []access.Actor{e.leader, e.dept1, e.ent1, e.spec1} {
			for _, action := range appeal.Actions {
				_, err := e.svc.Act(e.ctx, a, p.ID, appeal.ActionInput{Action: action})
				wantCode(t, string(action)+" on a closed appeal", err, errs.Conflict, nil)
			}
		}
	})
}

// TestActRefused checks every action's required fields, and that a
// refused action writes nothing: no event, no audit record, no change.
func TestActRefused(t *testing.T) {
	type fields = map[string]string
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// One appeal in each state the actions start from.
		submitted := e.create(e.leader, in(e.E1))
		unassigned := e.create(e.leader, in(e.E4))
		accepted := e.create(e.leader, in(e.E1))
		e.act(e.dept1, accepted.ID, appeal.ActionInput{Action: appeal.Accept})
		inProgress := e.create(e.leader, in(e.E1))
		e.act(e.dept1, inProgress.ID, appeal.ActionInput{Action: appeal.Accept})
		e.act(e.dept1, inProgress.ID, appeal.ActionInput{Action: appeal.Start})
		resolved := e.create(e.leader, in(e.E1))
		e.act(e.dept1, resolved.ID, appeal.ActionInput{Action: appeal.Accept})
		e.act(e.dept1, resolved.ID, appeal.ActionInput{Action: appeal.Resolve, Note: "办结"})
		long := strings.Repeat("长", appeal.MaxNote+1)
		longReason := strings.Repeat("因", appeal.MaxReason+1)
		cases := []struct {
			name  string
			actor access.Actor
			id    int64
			in    appeal.ActionInput
			want  fields
		}{
			{"accept by a department naming another", e.dept1, submitted.ID,
				appeal.ActionInput{Action: appeal.Accept, DepartmentID: &e.D2.ID}, fields{"department_id": "err.field_not_permitted"}},
			{"accept by a leader without a department to name", e.leader, unassigned.ID,
				appeal.ActionInput{Action: appeal.Accept}, fields{"department_id": "err.appeal_department_required"}},
			{"accept by a leader naming an inactive department", e.leader, unassigned.ID,
				appeal.ActionInput{Action: appeal.Accept, DepartmentID: &e.D3.ID}, fields{"department_id": "err.appeal_department"}},
			{"accept by a leader naming another sub-district's department", e.leader, unassigned.ID,
				appeal.ActionInput{Action: appeal.Accept, DepartmentID: &e.D9.ID}, fields{"department_id": "err.appeal_department"}},
			{"accept with a note too long", e.dept1, submitted.ID,
				appeal.ActionInput{Action: appeal.Accept, Note: long}, fields{"note": "err.too_long"}},
			{"transfer without anything", e.dept1, accepted.ID,
				appeal.ActionInput{Action: appeal.Transfer}, fields{"department_id": "err.required", "reason": "err.required"}},
			{"transfer without a reason", e.dept1, accepted.ID,
				appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.D2.ID, Reason: "  "}, fields{"reason": "err.required"}},
			{"transfer with a reason too long", e.dept1, accepted.ID,
				appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.D2.ID, Reason: longReason}, fields{"reason": "err.too_long"}},
			{"transfer to the same department", e.leader, inProgress.ID,
				appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.D1.ID, Reason: "换人"},
				fields{"department_id": "err.appeal_transfer_same"}},
			{"transfer to an inactive department", e.leader, submitted.ID,
				appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.D3.ID, Reason: "换人"},
				fields{"department_id": "err.appeal_department"}},
			{"transfer to a community", e.leader, submitted.ID,
				appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.C1.ID, Reason: "换人"},
				fields{"department_id": "err.appeal_department"}},
			{"resolve without a note", e.dept1, inProgress.ID,
				appeal.ActionInput{Action: appeal.Resolve}, fields{"note": "err.required"}},
			{"resolve with a note too long", e.dept1, accepted.ID,
				appeal.ActionInput{Action: appeal.Resolve, Note: long}, fields{"note": "err.too_long"}},
			{"confirm without a rating", e.ent1, resolved.ID,
				appeal.ActionInput{Action: appeal.Confirm}, fields{"solved": "err.required", "satisfaction": "err.required"}},
			{"confirm without satisfaction", e.spec1, resolved.ID,
				appeal.ActionInput{Action: appeal.Confirm, Solved: "partly"}, fields{"satisfaction": "err.required"}},
			{"confirm with unknown values", e.ent1, resolved.ID,
				appeal.ActionInput{Action: appeal.Confirm, Solved: "mostly", Satisfaction: "happy"},
				fields{"solved": "err.appeal_solved", "satisfaction": "err.appeal_satisfaction"}},
			{"reopen without a reason", e.ent1, resolved.ID,
				appeal.ActionInput{Action: appeal.Reopen}, fields{"reason": "err.required"}},
			{"reject without anything", e.dept1, submitted.ID,
				appeal.ActionInput{Action: appeal.Reject}, fields{"reason": "err.required", "note": "err.required"}},
			{"reject with a free-text reason", e.dept1, accepted.ID,
				appeal.ActionInput{Action: appeal.Reject, Reason: "不想办", Note: "说明"}, fields{"reason": "err.appeal_reject_reason"}},
			{"reject without a note", e.leader, submitted.ID,
				appeal.ActionInput{Action: appeal.Reject, Reason: "duplicate"}, fields{"note": "err.required"}},
			{"an unknown action", e.leader, submitted.ID,
				appeal.ActionInput{Action: "close"}, fields{"action": "err.appeal_action_unknown"}},
			// A field the action does not use is refused, not dropped.
			{"resolve naming a department and a reason", e.dept1, inProgress.ID,
				appeal.ActionInput{Action: appeal.Resolve, Note: "办结", Reason: "x", DepartmentID: &e.D2.ID},
				fields{"department_id": "err.field_not_permitted", "reason": "err.field_not_permitted"}},
			{"start with a rating", e.dept1, accepted.ID,
				appeal.ActionInput{Action: appeal.Start, Solved: "solved", Satisfaction: "satisfied"},
				fields{"solved": "err.field_not_permitted", "satisfaction": "err.field_not_permitted"}},
			{"supervise naming a department", e.leader, submitted.ID,
				appeal.ActionInput{Action: appeal.Supervise, DepartmentID: &e.D1.ID}, fields{"department_id": "err.field_not_permitted"}},
			{"confirm naming a department", e.ent1, resolved.ID,
				appeal.ActionInput{Action: appeal.Confirm, Solved: "solved", Satisfaction: "satisfied", DepartmentID: &e.D2.ID},
				fields{"department_id": "err.field_not_permitted"}},
			{"reopen with a rating", e.ent1, resolved.ID,
				appeal.ActionInput{Action: appeal.Reopen, Reason: "没修好", Solved: "solved"}, fields{"solved": "err.field_not_permitted"}},
			{"reject naming a department", e.dept1, submitted.ID,
				appeal.ActionInput{Action: appeal.Reject, Reason: "duplicate", Note: "说明", DepartmentID: &e.D2.ID},
				fields{"department_id": "err.field_not_permitted"}},
		}
		for _, c := range cases {
			before := e.written()
			p, err := e.svc.Act(e.ctx, c.actor, c.id, c.in)
			wantCode(t, c.name, err, errs.Invalid, c.want)
			if p.ID != 0 {
				t.Errorf("%s: returned appeal %d in state %s", c.name, p.ID, p.State)
			}
			if after := e.written(); after != before {
				t.Errorf("%s: a refused action wrote something:\n%s\n→\n%s", c.name, before, after)
			}
		}

		conflicts := []struct {
			name    string
			actor   access.Actor
			id      int64
			action  appeal.Action
			allowed appeal.ActionList
		}{
			{"a rating on an appeal in progress, by the enterprise", e.ent1, inProgress.ID, appeal.Confirm, appeal.ActionList{}},
			{"a rating on a submitted appeal, by the specialist", e.spec1, submitted.ID, appeal.Confirm, appeal.ActionList{}},
			{"a rating by a department", e.dept1, accepted.ID, appeal.Confirm,
				appeal.ActionList{appeal.Start, appeal.Transfer, appeal.Resolve, appeal.Reject}},
			{"a reopening of an appeal not resolved", e.ent1, accepted.ID, appeal.Reopen, appeal.ActionList{}},
			{"a rejection of a resolved appeal", e.leader, resolved.ID, appeal.Reject, appeal.ActionList{appeal.Supervise}},
			{"an enterprise accepting its own appeal", e.ent1, submitted.ID, appeal.Accept, appeal.ActionList{}},
			{"supervision by a department", e.dept1, submitted.ID, appeal.Supervise,
				appeal.ActionList{appeal.Accept, appeal.Transfer, appeal.Reject}},
			{"a community user, who reads only", e.comm1, submitted.ID, appeal.Accept, appeal.ActionList{}},
		}
		for _, c := range conflicts {
			before := e.written()
			_, err := e.svc.Act(e.ctx, c.actor, c.id, appeal.ActionInput{Action: c.action, Solved: "solved", Satisfaction: "satisfied",
				Reason: "duplicate", Note: "说明"})
			wantCode(t, c.name, err, errs.Conflict, nil)
			if got := appeal.AllowedIn(err); !slices.Equal(got, c.allowed) && len(got)+len(c.allowed) > 0 {
				t.Errorf("%s: allowed %v, want %v", c.name, got, c.allowed)
			}
			if after := e.written(); after != before {
				t.Errorf("%s: a refused action wrote something", c.name)
			}
		}
	})
}

// TestActOutOfScope: an appeal the actor may not see is not found, for
// every action, whether it exists or not.
func TestActOutOfScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p1 := e.create(e.leader, in(e.E1)) // D1, C1, spec1
		resolved := e.create(e.leader, in(e.E1))
		e.act(e.dept1, resolved.ID, appeal.ActionInput{Action: appeal.Accept})
		e.act(e.dept1, resolved.ID, appeal.ActionInput{Action: appeal.Resolve, Note: "办结"})
		cases := []struct {
			name  string
			actor access.Actor
			id    int64
		}{
			{"another department", e.dept2, p1.ID},
			{"another sub-district's department", e.dept9, p1.ID},
			{"another enterprise", e.ent2, resolved.ID},
			{"another specialist", e.spec2, resolved.ID},
			{"another community", e.comm2, p1.ID},
			{"another sub-district's leader", e.leader9, p1.ID},
			{"the sysadmin", e.sysadmin, p1.ID},
			{"the auditor", e.auditor, p1.ID},
			{"an expert", e.expert, p1.ID},
			{"a leader without a scope", func() access.Actor { a := e.leader; a.ScopePath = ""; return a }(), p1.ID},
			{"an appeal that does not exist", e.leader, 99999},
		}
		for _, c := range cases {
			for _, action := range appeal.Actions {
				before := e.written()
				_, err := e.svc.Act(e.ctx, c.actor, c.id, appeal.ActionInput{Action: action, DepartmentID: &e.D2.ID,
					Reason: "duplicate", Note: "说明", Solved: "solved", Satisfaction: "satisfied"})
				wantCode(t, c.name+" "+string(action), err, errs.NotFound, nil)
				if after := e.written(); after != before {
					t.Errorf("%s %s wrote something", c.name, action)
				}
			}
		}
	})
}

func TestTransferAndAccept(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.leader, in(e.E1))
		e.at("2022-05-23 11:00")
		p = e.act(e.dept1, p.ID, appeal.ActionInput{Action: appeal.Accept})
		firstAccepted := p.AcceptedAt
		e.at("2022-05-23 12:00")
		p = e.act(e.dept1, p.ID, appeal.ActionInput{Action: appeal.Transfer, DepartmentID: &e.D2.ID, Reason: " 属于二科职责 "})
		if p.State != appeal.Submitted || p.DepartmentID != e.D2.ID || p.DepartmentName != "单位 d2" ||
			!p.AcceptedAt.Equal(firstAccepted) || p.ResolutionDueAt != endOf("2022-05-26") {
			t.Errorf("transferred: %+v", p)
		}
		evs, _ := e.svc.Events(e.ctx, e.leader, p.ID)
		if ev := evs[len(evs)-1]; ev.Reason != "属于二科职责" || ev.DepartmentID != e.D2.ID || ev.DepartmentName != "单位 d2" {
			t.Errorf("transfer event %+v", ev)
		}
		// The first department no longer sees it; the second one does.
		if _, err := e.svc.Get(e.ctx, e.dept1, p.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("the first department still sees the transferred appeal: %v", err)
		}
		e.at("2022-05-24 09:00")
		p = e.act(e.dept2, p.ID, appeal.ActionInput{Action: appeal.Accept, DepartmentID: &e.D2.ID})
		if p.State != appeal.Accepted || !p.AcceptedAt.Equal(firstAccepted) {
			t.Errorf("a second acceptance moved the first one: %+v", p)
		}
		// A leader names the department when accepting one without.
		u := e.create(e.office, in(e.E4))
		u = e.act(e.leader, u.ID, appeal.ActionInput{Action: appeal.Accept, DepartmentID: &e.D1.ID})
		if u.DepartmentID != e.D1.ID || u.State != appeal.Accepted {
			t.Errorf("accepted with a department: %+v", u)
		}
		// …and may send an assigned one elsewhere while accepting it.
		w := e.create(e.office, in(e.E1))
		w = e.act(e.office, w.ID, appeal.ActionInput{Action: appeal.Accept, DepartmentID: &e.D2.ID})
		if w.DepartmentID != e.D2.ID {
			t.Errorf("accepted for another department: %+v", w)
		}
	})
}

func TestReopen(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		resolve := func(at string) appeal.Appeal {
			e.at("2022-05-23 10:00")
			p := e.create(e.leader, in(e.E1))
			e.act(e.dept1, p.ID, appeal.ActionInput{Action: appeal.Accept})
			e.at(at)
			return e.act(e.dept1, p.ID, appeal.ActionInput{Action: appeal.Resolve, Note: "办结"})
		}
		// Resolved on Wednesday 25 May at 16:00: the window ends on
		// Thursday 9 June at 16:00.
		p := resolve("2022-05-25 16:00")
		e.at("2022-06-09 16:00")
		p = e.act(e.ent1, p.ID, appeal.ActionInput{Action: appeal.Reopen, Reason: "问题复发"})
		// A fresh limit from now: 3 working days after Thursday 9 June.
		if p.State != appeal.InProgress || !p.ResolvedAt.IsZero() || p.ResolutionDueAt != endOf("2022-06-14") ||
			p.ResolutionNote != "办结" {
			t.Errorf("reopened on the last moment: %+v", p)
		}
		evs, _ := e.svc.Events(e.ctx, e.ent1, p.ID)
		if ev := evs[len(evs)-1]; ev.Reason != "问题复发" || ev.ResolutionDueAt != endOf("2022-06-14") || ev.To != appeal.InProgress {
			t.Errorf("reopen event %+v", ev)
		}
		// It can be resolved and reopened again, by the specialist too.
		e.at("2022-06-10 10:00")
		e.act(e.dept1, p.ID, appeal.ActionInput{Action: appeal.Resolve, Note: "再次办结"})
		e.at("2022-06-11 10:00")
		p = e.act(e.spec1, p.ID, appeal.ActionInput{Action: appeal.Reopen, Reason: "仍未解决"})
		if p.State != appeal.InProgress {
			t.Errorf("second reopening: %+v", p)
		}

		late := resolve("2022-05-25 16:00")
		e.clock.Set(cst("2022-06-09 16:00").Add(time.Microsecond))
		before := e.written()
		_, err := e.svc.Act(e.ctx, e.ent1, late.ID, appeal.ActionInput{Action: appeal.Reopen, Reason: "问题复发"})
		wantCode(t, "reopen a microsecond after 15 days", err, errs.Conflict, nil)
		if e := errs.As(err); e.Message != "err.appeal_reopen_expired" || len(e.Args) != 1 || e.Args[0] != 15 {
			t.Errorf("expired reopening: %+v", e)
		}
		if after := e.written(); after != before {
			t.Error("a refused reopening wrote something")
		}
		// The enterprise can still confirm it.
		if p := e.act(e.ent1, late.ID, appeal.ActionInput{Action: appeal.Confirm, Solved: "partly", Satisfaction: "basically"}); p.State != appeal.Closed {
			t.Errorf("confirmed after the window: %+v", p)
		}
	})
}

func TestReject(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, reason := range appeal.RejectReasons {
			p := e.create(e.leader, in(e.E1))
			p = e.act(e.dept1, p.ID, appeal.ActionInput{Action: appeal.Reject, Reason: string(reason), Note: " 已在仲裁 "})
			if p.State != appeal.Rejected || p.RejectReason != reason || p.RejectNote != "已在仲裁" || !p.ClosedAt.IsZero() {
				t.Errorf("rejected for %s: %+v", reason, p)
			}
			evs, _ := e.svc.Events(e.ctx, e.dept1, p.ID)
			if ev := evs[len(evs)-1]; ev.Reason != string(reason) || ev.Note != "已在仲裁" {
				t.Errorf("reject event %+v", ev)
			}
		}
	})
}

// TestConcurrentAccept: several handlers sign for the same appeal at once;
// exactly one succeeds, the others are told it changed, and exactly one
// acceptance is recorded.
func TestConcurrentAccept(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.create(e.leader, in(e.E1))
		const n = 8
		var wg sync.WaitGroup
		results := make(chan error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				a := []access.Actor{e.leader, e.office, e.dept1}[i%3]
				_, err := e.svc.Act(e.ctx, a, p.ID, appeal.ActionInput{Action: appeal.Accept})
				results <- err
			}()
		}
		wg.Wait()
		close(results)
		ok := 0
		for err := range results {
			switch {
			case err == nil:
				ok++
			case errs.CodeOf(err) != errs.Conflict:
				t.Errorf("a concurrent acceptance failed with %v, want a conflict", err)
			}
		}
		if ok != 1 {
			t.Errorf("%d acceptances succeeded, want 1", ok)
		}
		if n := e.count("SELECT count(*) FROM appeal_events WHERE action = 'accept'"); n != 1 {
			t.Errorf("%d accept events, want 1", n)
		}
	})
}
