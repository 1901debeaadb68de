package enterprise_test

import (
	"encoding/json"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

func TestCreate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		code := e.code()
		// As people type it: lower case, full-width, padded.
		typed := "  \uff19" + strings.ToLower(code[1:]) + "\t" // ９ is full-width 9
		seq := e.auditSeq()
		got, err := e.svc.Create(e.ctx, e.as(f.office), enterprise.Input{
			Name: ptr("  平湖精密制造有限公司 "), CreditCode: ptr(typed), CommunityID: ptr(f.c1.ID),
			Address: ptr(" 平湖街道 1 号 "), Industry: ptr(" c "), AboveScale: ptr(true), Top100: ptr(true)})
		if err != nil {
			t.Fatal(err)
		}
		want := enterprise.Enterprise{ID: got.ID, Name: "平湖精密制造有限公司", CreditCode: code, CommunityID: f.c1.ID,
			CommunityName: f.c1.Name, Address: "平湖街道 1 号", Industry: "C", AboveScale: true, Top100: true,
			Status: enterprise.Operating, CreatedAt: start, UpdatedAt: start}
		if got != want {
			t.Errorf("created\n %+v\nwant\n %+v", got, want)
		}
		if read, err := e.svc.Get(e.ctx, e.as(f.leader), got.ID); err != nil || read != want {
			t.Errorf("read back %+v, %v", read, err)
		}
		recs := e.records(seq)
		if len(recs) != 1 || recs[0].Action != "enterprise.create" || recs[0].Entity != "enterprise" || recs[0].Actor != "office" ||
			recs[0].Before != "" || !strings.Contains(recs[0].After, code) {
			t.Errorf("audit %+v", recs)
		}

		// The limits themselves are accepted.
		long := e.input(strings.Repeat("湖", enterprise.MaxName), f.c2)
		long.Address = ptr(strings.Repeat("路", enterprise.MaxAddress))
		long.Status = ptr(enterprise.Closed)
		long.Industry = ptr("")
		if got, err := e.svc.Create(e.ctx, e.as(f.leader), long); err != nil || got.Status != enterprise.Closed {
			t.Errorf("limits: %+v, %v", got, err)
		}
	})
}

func TestCreateInvalid(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		good := e.code()
		bad := good[:17] + string("0123456789ABCDEFGHJKLMNPQRTUWXY"[(strings.IndexByte("0123456789ABCDEFGHJKLMNPQRTUWXY", good[17])+1)%31])
		cases := []struct {
			name string
			in   func() enterprise.Input
			want map[string]string
		}{
			{"nothing", func() enterprise.Input { return enterprise.Input{} },
				map[string]string{"name": "err.required", "credit_code": "err.required", "community_id": "err.required"}},
			{"blank name", func() enterprise.Input { in := e.input(" \t ", f.c1); return in },
				map[string]string{"name": "err.required"}},
			{"name too long", func() enterprise.Input { return e.input(strings.Repeat("湖", enterprise.MaxName+1), f.c1) },
				map[string]string{"name": "err.too_long"}},
			{"blank credit code", func() enterprise.Input { in := e.input("甲", f.c1); in.CreditCode = ptr("  "); return in },
				map[string]string{"credit_code": "err.required"}},
			{"wrong check character", func() enterprise.Input { in := e.input("甲", f.c1); in.CreditCode = &bad; return in },
				map[string]string{"credit_code": "err.enterprise_credit_code"}},
			{"17 characters", func() enterprise.Input { in := e.input("甲", f.c1); in.CreditCode = ptr(good[:17]); return in },
				map[string]string{"credit_code": "err.enterprise_credit_code"}},
			{"letter O", func() enterprise.Input {
				in := e.input("甲", f.c1)
				in.CreditCode = ptr("91440300MA5FOOOOOX")
				return in
			}, map[string]string{"credit_code": "err.enterprise_credit_code"}},
			{"community is a department", func() enterprise.Input { return e.input("甲", f.d1) },
				map[string]string{"community_id": "err.enterprise_community"}},
			{"community inactive", func() enterprise.Input { return e.input("甲", f.cOff) },
				map[string]string{"community_id": "err.enterprise_community"}},
			{"community out of scope", func() enterprise.Input { return e.input("甲", f.c3) },
				map[string]string{"community_id": "err.enterprise_community"}},
			{"community unknown", func() enterprise.Input { in := e.input("甲", f.c1); in.CommunityID = ptr(int64(99999)); return in },
				map[string]string{"community_id": "err.enterprise_community"}},
			{"community zero", func() enterprise.Input { in := e.input("甲", f.c1); in.CommunityID = ptr(int64(0)); return in },
				map[string]string{"community_id": "err.enterprise_community"}},
			{"community is the subdistrict", func() enterprise.Input { return e.input("甲", f.sub) },
				map[string]string{"community_id": "err.enterprise_community"}},
			{"industry unknown", func() enterprise.Input { in := e.input("甲", f.c1); in.Industry = ptr("Z"); return in },
				map[string]string{"industry": "err.enterprise_industry"}},
			{"industry a division, not a section", func() enterprise.Input { in := e.input("甲", f.c1); in.Industry = ptr("C39"); return in },
				map[string]string{"industry": "err.enterprise_industry"}},
			{"status unknown", func() enterprise.Input {
				in := e.input("甲", f.c1)
				in.Status = ptr(enterprise.Status("open"))
				return in
			},
				map[string]string{"status": "err.enterprise_status"}},
			{"address too long", func() enterprise.Input {
				in := e.input("甲", f.c1)
				in.Address = ptr(strings.Repeat("路", enterprise.MaxAddress+1))
				return in
			}, map[string]string{"address": "err.too_long"}},
			{"every field wrong at once", func() enterprise.Input {
				return enterprise.Input{Name: ptr(""), CreditCode: &bad, CommunityID: ptr(f.c3.ID), Address: ptr(strings.Repeat("x", 201)),
					Industry: ptr("?"), Status: ptr(enterprise.Status("gone"))}
			}, map[string]string{"name": "err.required", "credit_code": "err.enterprise_credit_code", "community_id": "err.enterprise_community",
				"address": "err.too_long", "industry": "err.enterprise_industry", "status": "err.enterprise_status"}},
		}
		for _, c := range cases {
			before := e.counts()
			_, err := e.svc.Create(e.ctx, e.as(f.leader), c.in())
			wantFields(t, c.name, err, c.want)
			if after := e.counts(); after != before {
				t.Errorf("%s: wrote something: %s → %s", c.name, before, after)
			}
		}
	})
}

func TestDuplicateCreditCode(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		a := e.create("甲公司", f.c1)
		b := e.create("乙公司", f.c2)
		other := e.create("丙公司", f.c3) // in another sub-district

		before := e.counts()
		in := e.input("丁公司", f.c1)
		in.CreditCode = ptr(" " + strings.ToLower(a.CreditCode) + " ")
		_, err := e.svc.Create(e.ctx, e.as(f.leader), in)
		wantFields(t, "create with a taken code", err, map[string]string{"credit_code": "err.enterprise_credit_code_taken"})
		// Uniqueness is national: a code held out of the actor's scope is
		// still taken, and the answer does not say by whom.
		in.CreditCode = ptr(other.CreditCode)
		_, err = e.svc.Create(e.ctx, e.as(f.leader), in)
		wantFields(t, "create with a code taken out of scope", err, map[string]string{"credit_code": "err.enterprise_credit_code_taken"})
		if errs.As(err).Args != nil || strings.Contains(err.Error(), other.Name) {
			t.Errorf("the refusal names the holder: %v", err)
		}
		stateB := e.state(b.ID)
		_, err = e.svc.Update(e.ctx, e.as(f.leader), b.ID, enterprise.Input{CreditCode: ptr(a.CreditCode)})
		wantFields(t, "update to a taken code", err, map[string]string{"credit_code": "err.enterprise_credit_code_taken"})
		if after := e.counts(); after != before || e.state(b.ID) != stateB {
			t.Errorf("a refused code wrote something: %s → %s", before, after)
		}
		// Keeping one's own code is no conflict.
		if _, err := e.svc.Update(e.ctx, e.as(f.leader), a.ID, enterprise.Input{CreditCode: ptr(a.CreditCode), Name: ptr("甲公司（新）")}); err != nil {
			t.Errorf("update keeping its own code: %v", err)
		}
	})
}

func TestUpdate(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.clock.Advance(3600e9)
		seq := e.auditSeq()
		got, err := e.svc.Update(e.ctx, e.as(f.leader), x.ID, enterprise.Input{CommunityID: ptr(f.c2.ID), Status: ptr(enterprise.MovedOut),
			AboveScale: ptr(true), Industry: ptr("i")})
		if err != nil {
			t.Fatal(err)
		}
		if got.CommunityID != f.c2.ID || got.CommunityName != f.c2.Name || got.Status != enterprise.MovedOut || !got.AboveScale ||
			got.Industry != "I" || got.Name != x.Name || got.CreditCode != x.CreditCode || !got.CreatedAt.Equal(start) ||
			!got.UpdatedAt.Equal(e.clock.Now()) {
			t.Errorf("updated %+v", got)
		}
		recs := e.records(seq)
		var beforeRec, afterRec enterprise.Enterprise
		if len(recs) != 1 || recs[0].Action != "enterprise.update" ||
			json.Unmarshal([]byte(recs[0].Before), &beforeRec) != nil || json.Unmarshal([]byte(recs[0].After), &afterRec) != nil ||
			beforeRec.CommunityID != f.c1.ID || afterRec.CommunityID != f.c2.ID {
			t.Errorf("audit %+v", recs)
		}

		// An enterprise whose community was deactivated can still be
		// edited by a form that sends the community back unchanged, but
		// not moved into an inactive one.
		y := e.create("乙公司", f.c1)
		if _, err := e.units.Update(e.ctx, e.admin(), f.c1.ID, org.Input{Active: ptr(false)}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Update(e.ctx, e.as(f.leader), y.ID, enterprise.Input{CommunityID: ptr(f.c1.ID), Name: ptr("乙公司二")}); err != nil {
			t.Errorf("unchanged inactive community: %v", err)
		}
		_, err = e.svc.Update(e.ctx, e.as(f.leader), x.ID, enterprise.Input{CommunityID: ptr(f.c1.ID)})
		wantFields(t, "move into an inactive community", err, map[string]string{"community_id": "err.enterprise_community"})
		_, err = e.svc.Update(e.ctx, e.as(f.leader), x.ID, enterprise.Input{Name: ptr(""), Status: ptr(enterprise.Status("x"))})
		wantFields(t, "bad update", err, map[string]string{"name": "err.required", "status": "err.enterprise_status"})
	})
}

// TestManageRoles: only leaders and the office change the registry, and
// only within their scope; everyone else is told it is not there.
func TestManageRoles(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		x := e.create("甲公司", f.c1)
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		noScope := e.as(f.leader)
		noScope.UnitID, noScope.ScopePath = 0, ""
		actors := map[string]access.Actor{
			"dept": e.as(f.dept1), "community": e.as(f.comm1), "specialist": e.as(f.spec1), "enterprise": e.asEnterprise(x.ID),
			"expert": e.as(f.expert), "sysadmin": e.as(f.sysadmin), "secadmin": e.as(f.secadmin), "auditor": e.as(f.auditor),
			"leader without scope": noScope, "system": access.System("x"),
		}
		before, state := e.counts(), e.state(x.ID)
		for name, a := range actors {
			_, err := e.svc.Create(e.ctx, a, e.input("新公司", f.c1))
			wantNotFound(t, name+" creates", err)
			_, err = e.svc.Update(e.ctx, a, x.ID, enterprise.Input{Name: ptr("改名")})
			wantNotFound(t, name+" updates", err)
			_, err = e.svc.Assign(e.ctx, a, x.ID, enterprise.Assignment{SpecialistID: ptr(f.spec2.ID)})
			wantNotFound(t, name+" assigns", err)
			_, err = e.svc.BulkAssign(e.ctx, a, []int64{x.ID}, enterprise.Assignment{SpecialistID: ptr(f.spec2.ID)})
			wantNotFound(t, name+" bulk-assigns", err)
			wantNotFound(t, name+" sets output", e.svc.SetOutput(e.ctx, a, x.ID, 2021, 100))
		}
		if after := e.counts(); after != before || e.state(x.ID) != state {
			t.Errorf("refused changes wrote something: %s → %s", before, after)
		}
		// A leader of another sub-district may manage, but not here: the
		// enterprise is not found, the community is not one they may
		// choose, and a bulk assignment names the id it cannot find.
		other := e.as(f.leader2)
		_, err := e.svc.Create(e.ctx, other, e.input("新公司", f.c1))
		wantFields(t, "other leader creates here", err, map[string]string{"community_id": "err.enterprise_community"})
		_, err = e.svc.Update(e.ctx, other, x.ID, enterprise.Input{Name: ptr("改名")})
		wantNotFound(t, "other leader updates", err)
		_, err = e.svc.Assign(e.ctx, other, x.ID, enterprise.Assignment{SpecialistID: ptr(f.spec2.ID)})
		wantNotFound(t, "other leader assigns", err)
		wantNotFound(t, "other leader sets output", e.svc.SetOutput(e.ctx, other, x.ID, 2021, 100))
		_, err = e.svc.BulkAssign(e.ctx, other, []int64{x.ID}, enterprise.Assignment{SpecialistID: ptr(f.spec2.ID)})
		if ee := errs.As(err); ee.Code != errs.Invalid || ee.Message != "err.enterprise_bulk_unknown" || len(ee.Args) != 1 || ee.Args[0] != x.ID {
			t.Errorf("other leader bulk-assigns: %v", err)
		}
		if after := e.counts(); after != before || e.state(x.ID) != state {
			t.Errorf("refused changes wrote something: %s → %s", before, after)
		}
		// Unknown enterprises are not found for those who may manage, too.
		_, err = e.svc.Update(e.ctx, e.as(f.leader), 99999, enterprise.Input{Name: ptr("x")})
		wantNotFound(t, "update of an unknown id", err)
	})
}
