package supervision_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/supervision"
)

func TestIssue(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		n := e.issue(e.office, in(1, "2022-06-10"))
		if n.State != supervision.Open || n.ReceiverUnitID != e.D1.ID || n.TargetTitle != "甘坑立交" ||
			n.TargetPath != "/projects/1" || n.Deadline != "2022-06-10" || !n.DueAt.Equal(cst("2022-06-11 00:00")) ||
			n.IssuerID != e.office.UserID || n.Level != supervision.LevelNone {
			t.Errorf("issued %+v", n)
		}
		// The receiver may be another unit in scope, and a person of it.
		x := in(1, "2022-06-06") // today is allowed
		x.ReceiverUnitID, x.ReceiverUserID = ptr(e.D2.ID), ptr(e.dept2.UserID)
		m := e.issue(e.leader, x)
		if m.ReceiverUnitID != e.D2.ID || m.ReceiverUserID != e.dept2.UserID || m.ReceiverUserName != "dept2" {
			t.Errorf("issued to D2: %+v", m)
		}
		if got := e.Count("SELECT count(*) FROM audit_log WHERE action = 'supervision.issue'"); got != 2 {
			t.Errorf("audit records %d, want 2", got)
		}
	})
}

// TestIssueRefused: bad input is invalid naming the field; a role that
// does not issue gets not found; nothing is written either way.
func TestIssueRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		mod := func(f func(*supervision.Input)) supervision.Input { x := in(1, "2022-06-10"); f(&x); return x }
		cases := []struct {
			name   string
			a      access.Actor
			in     supervision.Input
			code   errs.Code
			fields map[string]string
		}{
			{"no deadline", e.office, mod(func(x *supervision.Input) { x.Deadline = "" }), errs.Invalid,
				map[string]string{"deadline": "err.supervision_deadline_required"}},
			{"bad deadline", e.office, mod(func(x *supervision.Input) { x.Deadline = "2022-02-30" }), errs.Invalid,
				map[string]string{"deadline": "err.bad_date"}},
			{"past deadline", e.office, mod(func(x *supervision.Input) { x.Deadline = "2022-06-05" }), errs.Invalid,
				map[string]string{"deadline": "err.supervision_deadline_past"}},
			{"no title", e.office, mod(func(x *supervision.Input) { x.Title = "  " }), errs.Invalid,
				map[string]string{"title": "err.required"}},
			{"bad kind", e.office, mod(func(x *supervision.Input) { x.TargetKind = "rule" }), errs.Invalid,
				map[string]string{"target_kind": "err.supervision_kind"}},
			{"kind not registered", e.office, mod(func(x *supervision.Input) { x.TargetKind = supervision.KindMilestone }),
				errs.Invalid, map[string]string{"target_kind": "err.supervision_kind"}},
			{"no target", e.office, mod(func(x *supervision.Input) { x.TargetID = 0 }), errs.Invalid,
				map[string]string{"target_id": "err.required"}},
			{"unknown target", e.office, mod(func(x *supervision.Input) { x.TargetID = 5 }), errs.Invalid,
				map[string]string{"target_id": "err.supervision_target_unknown"}},
			{"target out of scope", e.office, in(9, "2022-06-10"), errs.Invalid,
				map[string]string{"target_id": "err.supervision_target_unknown"}},
			{"receiver out of scope", e.office, mod(func(x *supervision.Input) { x.ReceiverUnitID = ptr(e.D9.ID) }),
				errs.Invalid, map[string]string{"receiver_unit_id": "err.unit_unknown"}},
			{"receiver user of another unit", e.office, mod(func(x *supervision.Input) { x.ReceiverUserID = ptr(e.dept2.UserID) }),
				errs.Invalid, map[string]string{"receiver_user_id": "err.supervision_receiver_user"}},
			{"dept", e.dept1, in(1, "2022-06-10"), errs.NotFound, nil},
			{"community", e.comm1, in(1, "2022-06-10"), errs.NotFound, nil},
			{"specialist", e.spec, in(1, "2022-06-10"), errs.NotFound, nil},
			{"auditor", e.auditor, in(1, "2022-06-10"), errs.NotFound, nil},
		}
		before := e.written()
		for _, c := range cases {
			_, err := e.svc.Issue(e.Ctx, c.a, c.in)
			wantCode(t, c.name, err, c.code, c.fields)
		}
		if after := e.written(); after != before {
			t.Errorf("refused issues wrote: %s → %s", before, after)
		}
	})
}
