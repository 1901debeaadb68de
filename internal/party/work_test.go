package party_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/party"
)

func TestSetWork(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		ent := e.enterprise(e.C1, "operating", true)
		for _, c := range []struct {
			name  string
			as    access.Actor
			w     party.Work
			code  errs.Code
			field string
			msg   string
		}{
			{"negative members", e.office, party.Work{EnterpriseID: ent, PartyMembers: -1}, errs.Invalid, "party_members", "pty.err.members"},
			{"unknown role", e.office, party.Work{EnterpriseID: ent, WorkerRole: "boss", WorkerName: "王"}, errs.Invalid, "worker_role", "pty.err.worker_role"},
			{"role without a name", e.office, party.Work{EnterpriseID: ent, WorkerRole: party.Instructor, AssignedOn: "2022-01-01"}, errs.Invalid, "worker_name", "err.required"},
			{"name without a role", e.office, party.Work{EnterpriseID: ent, WorkerName: "王"}, errs.Invalid, "worker_role", "err.required"},
			{"assigned tomorrow", e.office, party.Work{EnterpriseID: ent, WorkerRole: party.Liaison, WorkerName: "王", AssignedOn: "2022-07-16"}, errs.Invalid, "assigned_on", "pty.err.future"},
			{"another community's", e.comm2, party.Work{EnterpriseID: ent, PartyMembers: 3}, errs.NotFound, "", ""},
			{"a department", e.dept1, party.Work{EnterpriseID: ent, PartyMembers: 3}, errs.NotFound, "", ""},
			{"no such enterprise", e.office, party.Work{EnterpriseID: 99999, PartyMembers: 3}, errs.NotFound, "", ""},
		} {
			err := e.svc.SetWork(e.Ctx, c.as, c.w)
			if errs.CodeOf(err) != c.code || (c.field != "" && errs.As(err).Fields[c.field] != c.msg) {
				t.Errorf("%s: %v, want %s %s on %s", c.name, err, c.code, c.msg, c.field)
			}
		}
		if n := e.Count("SELECT count(*) FROM party_enterprise_work"); n != 0 {
			t.Errorf("%d rows written", n)
		}
		w := party.Work{EnterpriseID: ent, PartyMembers: 4, WorkerRole: party.Instructor, WorkerName: "李指导", AssignedOn: "2022-03-01"}
		for range 2 { // the second time updates the row
			if err := e.svc.SetWork(e.Ctx, e.comm1, w); err != nil {
				t.Fatal(err)
			}
		}
		got, err := e.svc.GetWork(e.Ctx, e.comm1, ent)
		if err != nil || got.Work != w {
			t.Errorf("read back %+v %v", got, err)
		}
		if _, err := e.svc.GetWork(e.Ctx, e.comm2, ent); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another community reads: %v", err)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action = 'party_work.set' AND after_data NOT LIKE '%李指导%'"); n != 2 {
			t.Errorf("%d audit records without the name, want 2", n)
		}
	})
}
