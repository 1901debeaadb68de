package supervision_test

import (
	"slices"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/supervision"
)

// TestTransitions walks the table for every state, action and role.
func TestTransitions(t *testing.T) {
	want := map[string]supervision.State{
		"open reply dept": supervision.Answered, "open reply community": supervision.Answered,
		"answered reply dept": supervision.Answered, "answered reply community": supervision.Answered,
		"answered close leader": supervision.Closed, "answered close office": supervision.Closed,
		"open close leader": supervision.Closed, "open close office": supervision.Closed,
		"answered return leader": supervision.Open, "answered return office": supervision.Open,
	}
	for _, s := range supervision.States {
		for _, act := range []supervision.Action{supervision.ActionReply, supervision.ActionClose, supervision.ActionReturn} {
			for _, r := range access.Roles {
				key := string(s) + " " + string(act) + " " + string(r)
				got, err := supervision.Transition(s, act, r)
				if w, ok := want[key]; ok {
					if err != nil || got != w {
						t.Errorf("%s: %v %v, want %s", key, got, err, w)
					}
				} else if errs.CodeOf(err) != errs.Conflict {
					t.Errorf("%s: %v %v, want a conflict", key, got, err)
				}
			}
		}
	}
}

func TestReplyOnTimeAndLate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.issue(e.office, in(1, "2022-06-08"))
		b := e.issue(e.office, in(1, "2022-06-08"))
		e.at("2022-06-08 23:59") // the last minute of the deadline day
		got := e.reply(e.dept1b, a.ID)
		if got.State != supervision.Answered || !got.OnTime || got.Late || got.Reply != "已协调完成。" {
			t.Errorf("on time: %+v", got)
		}
		e.at("2022-06-09 00:01")
		got = e.reply(e.dept1, b.ID)
		if got.OnTime || !got.Late {
			t.Errorf("late: %+v", got)
		}
		// The issuer returns the first for more: open again, unanswered.
		got, err := e.svc.Return(e.Ctx, e.office, a.ID, "请补充影像材料")
		if err != nil || got.State != supervision.Open || got.OnTime || got.ReturnNote != "请补充影像材料" ||
			got.Level != supervision.LevelOffice {
			t.Fatalf("returned: %+v %v", got, err)
		}
		e.at("2022-06-10 10:00")
		if got = e.reply(e.dept1, a.ID); !got.Late {
			t.Errorf("replied again after the deadline: %+v", got)
		}
		got, err = e.svc.Close(e.Ctx, e.leader, a.ID, "")
		if err != nil || got.State != supervision.Closed || got.ClosedAt.IsZero() || !got.Late {
			t.Errorf("closed: %+v %v", got, err)
		}
		evs, err := e.svc.Events(e.Ctx, e.dept1, a.ID)
		var actions []supervision.Action
		for _, ev := range evs {
			actions = append(actions, ev.Action)
		}
		if err != nil || !slices.Equal(actions, []supervision.Action{"issue", "reply", "return", "reply", "close"}) {
			t.Errorf("events %v %v", actions, err)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE entity = 'supervision'"); n != 7 {
			t.Errorf("audit records %d, want 7", n)
		}
	})
}

// TestActRefused: a reply without text, an action in the wrong state or
// role, and a notice out of scope; nothing is written.
func TestActRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n := e.issue(e.office, in(1, "2022-06-10"))
		closed := e.issue(e.office, in(2, "2022-06-10"))
		if _, err := e.svc.Close(e.Ctx, e.office, closed.ID, "已另行处理"); err != nil {
			t.Fatal(err)
		}
		before := e.written()
		_, err := e.svc.Reply(e.Ctx, e.dept1, n.ID, "  ")
		wantCode(t, "empty reply", err, errs.Invalid, map[string]string{"reply": "err.required"})
		_, err = e.svc.Reply(e.Ctx, e.dept2, n.ID, "答复")
		wantCode(t, "another department", err, errs.NotFound, nil)
		_, err = e.svc.Reply(e.Ctx, e.comm1, n.ID, "答复")
		wantCode(t, "a community", err, errs.NotFound, nil)
		_, err = e.svc.Reply(e.Ctx, e.office9, n.ID, "答复")
		wantCode(t, "another sub-district", err, errs.NotFound, nil)
		_, err = e.svc.Close(e.Ctx, e.dept1, n.ID, "")
		wantCode(t, "receiver closes", err, errs.Conflict, nil)
		_, err = e.svc.Return(e.Ctx, e.office, n.ID, "再补充")
		wantCode(t, "return an open notice", err, errs.Conflict, nil)
		_, err = e.svc.Reply(e.Ctx, e.dept2, closed.ID, "答复")
		wantCode(t, "reply to a closed notice", err, errs.Conflict, nil)
		e.reply(e.dept1, n.ID)
		before2 := e.written()
		_, err = e.svc.Return(e.Ctx, e.office, n.ID, "")
		wantCode(t, "return without a note", err, errs.Invalid, map[string]string{"note": "err.required"})
		if after := e.written(); after != before2 || before == before2 {
			t.Errorf("refused actions wrote: %s → %s (before the reply %s)", before2, after, before)
		}
	})
}

// TestScope: who sees which notice, in the list and by id.
func TestScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n1 := e.issue(e.office, in(1, "2022-06-10"))
		n2 := e.issue(e.office, in(2, "2022-06-10"))
		x := in(1, "2022-06-10")
		x.ReceiverUnitID = ptr(e.C1.ID)
		n3 := e.issue(e.leader, x)
		cases := []struct {
			a    access.Actor
			want []int64
		}{
			{e.leader, []int64{n3.ID, n2.ID, n1.ID}},
			{e.office, []int64{n3.ID, n2.ID, n1.ID}},
			{e.dept1, []int64{n1.ID}},
			{e.dept2, []int64{n2.ID}},
			{e.comm1, []int64{n3.ID}},
			{e.spec, nil},
			{e.auditor, nil},
			{e.office9, nil},
		}
		for _, c := range cases {
			l, err := e.svc.List(e.Ctx, c.a, supervision.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, n := range l.Items {
				got = append(got, n.ID)
			}
			if !slices.Equal(got, c.want) || l.Total != len(c.want) {
				t.Errorf("%s sees %v (total %d), want %v", c.a.Username, got, l.Total, c.want)
			}
			for _, id := range []int64{n1.ID, n2.ID, n3.ID} {
				_, err := e.svc.Get(e.Ctx, c.a, id)
				if slices.Contains(c.want, id) != (err == nil) {
					t.Errorf("%s gets %d: %v", c.a.Username, id, err)
				} else if err != nil && errs.CodeOf(err) != errs.NotFound {
					t.Errorf("%s gets %d: %v, want not found", c.a.Username, id, err)
				}
			}
		}
	})
}
