package party_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/party"
)

func TestCreateOrgTreeAndHistory(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		top := e.create(e.office, e.input(e.S, party.WorkingCommittee, party.Organ, ""))
		in := e.input(e.C1, party.Committee, party.Community, "")
		in.ParentID, in.Lng, in.Lat = top.ID, ptr(114.12), ptr(22.68)
		c1 := e.create(e.comm1, in)
		if c1.ParentName != top.Name || c1.UnitName != e.C1.Name || c1.Lng == nil || *c1.Lat != 22.68 || c1.Status != party.Active {
			t.Errorf("created: %+v", c1)
		}
		got, err := e.svc.Get(e.Ctx, e.leader, c1.ID)
		if err != nil || got.Secretary != "张书记" || got.ParentID != top.ID || *got.Lng != 114.12 {
			t.Errorf("read back: %+v %v", got, err)
		}
		h, err := e.svc.History(e.Ctx, e.comm1, c1.ID)
		if err != nil || len(h) != 1 || h[0].Kind != party.EventSetUp || h[0].Day != "2020-05-01" {
			t.Errorf("history: %+v %v", h, err)
		}
		// The map's layer: active organisations with a point.
		for _, c := range []struct {
			as access.Actor
			n  int
		}{{e.office, 1}, {e.comm1, 1}, {e.comm2, 0}, {e.dept1, 0}} {
			pts, err := e.svc.OrgPoints(e.Ctx, c.as, 0)
			if err != nil || len(pts) != c.n || (c.n == 1 && (pts[0].ID != c1.ID || *pts[0].Lng != 114.12)) {
				t.Errorf("%s: %+v %v", c.as.Username, pts, err)
			}
		}
		// The top organisation cannot stand under its own committee.
		up := e.input(e.S, party.WorkingCommittee, party.Organ, "")
		up.ParentID = c1.ID
		_, err = e.svc.Update(e.Ctx, e.office, top.ID, up)
		if ee := errs.As(err); ee == nil || ee.Fields["parent_id"] == "" {
			t.Errorf("update under own child: %v", err)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action = 'party_org.create'"); n != 2 {
			t.Errorf("%d audit records, want 2", n)
		}
		// The audit log knows that a secretary is named, not who.
		if n := e.Count("SELECT count(*) FROM audit_log WHERE after_data LIKE '%张书记%'"); n != 0 {
			t.Errorf("secretary's name in the audit log")
		}
	})
}

// Each bad organisation names its field, and nothing is written.
func TestBadOrgWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		other := e.create(e.leader9, e.input(e.T, party.WorkingCommittee, party.Organ, ""))
		before := e.Count("SELECT count(*) FROM audit_log")
		for _, c := range []struct {
			name  string
			as    access.Actor
			edit  func(*party.OrgInput)
			field string
			msg   string
		}{
			{"no name", e.office, func(in *party.OrgInput) { in.Name = " " }, "name", "err.required"},
			{"unknown level", e.office, func(in *party.OrgInput) { in.Level = "cell" }, "level", "pty.err.level"},
			{"unknown sector", e.office, func(in *party.OrgInput) { in.Sector = "farm" }, "sector", "pty.err.sector"},
			{"unknown formation", e.office, func(in *party.OrgInput) { in.Formation = "joint_moon" }, "formation", "pty.err.formation"},
			{"formation in a community", e.office, func(in *party.OrgInput) { in.Sector, in.Formation = party.Community, party.Single }, "formation", "pty.err.formation_sector"},
			{"no formation in a 两新 sector", e.office, func(in *party.OrgInput) { in.Formation = "" }, "formation", "err.required"},
			{"founded tomorrow", e.office, func(in *party.OrgInput) { in.FoundedOn = "2022-07-16" }, "founded_on", "pty.err.future"},
			{"founded on no day", e.office, func(in *party.OrgInput) { in.FoundedOn = "2022-02-30" }, "founded_on", "err.bad_date"},
			{"negative members", e.office, func(in *party.OrgInput) { in.MemberCount = -1 }, "member_count", "pty.err.members"},
			{"a department's", e.office, func(in *party.OrgInput) { in.UnitID = e.D1.ID }, "unit_id", "err.unit_unknown"},
			{"another community's", e.comm2, func(in *party.OrgInput) {}, "unit_id", "err.unit_unknown"},
			{"another sub-district's", e.leader9, func(in *party.OrgInput) {}, "unit_id", "err.unit_unknown"},
			{"a parent elsewhere", e.office, func(in *party.OrgInput) { in.ParentID = other.ID }, "parent_id", "pty.err.parent"},
			{"a longitude alone", e.office, func(in *party.OrgInput) { in.Lng = ptr(114.1) }, "lat", "err.required"},
			{"swapped point", e.office, func(in *party.OrgInput) { in.Lng, in.Lat = ptr(22.6), ptr(114.1) }, "lng", "stn.err.swapped"},
		} {
			in := e.input(e.C1, party.Branch, party.NonPublic, party.Single)
			c.edit(&in)
			_, err := e.svc.Create(e.Ctx, c.as, in)
			ee := errs.As(err)
			if ee == nil || ee.Code != errs.Invalid || ee.Fields[c.field] != c.msg {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.msg, c.field)
			}
		}
		for _, a := range []access.Actor{e.dept1} {
			if _, err := e.svc.Create(e.Ctx, a, e.input(e.C1, party.Branch, party.Community, "")); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s: %v, want not found", a.Username, err)
			}
		}
		if n := e.Count("SELECT count(*) FROM party_orgs"); n != 1 {
			t.Errorf("%d organisations, want 1", n)
		}
		if n := e.Count("SELECT count(*) FROM audit_log"); n != before {
			t.Errorf("%d audit records written", n-before)
		}
	})
}

// Leaders and the office see the sub-district, a community its own;
// others nothing. Outside the scope is not found.
func TestOrgScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		top := e.create(e.office, e.input(e.S, party.WorkingCommittee, party.Organ, ""))
		c1 := e.create(e.office, e.input(e.C1, party.Committee, party.Community, ""))
		c2 := e.create(e.office, e.input(e.C2, party.Committee, party.Community, ""))
		for _, c := range []struct {
			as   access.Actor
			sees []int64
		}{
			{e.leader, []int64{top.ID, c1.ID, c2.ID}},
			{e.office, []int64{top.ID, c1.ID, c2.ID}},
			{e.comm1, []int64{c1.ID}},
			{e.dept1, nil},
			{e.leader9, nil},
			{access.Actor{Role: access.Leader}, nil},
		} {
			l, err := e.svc.ListOrgs(e.Ctx, c.as, party.OrgFilter{})
			if err != nil || l.Total != len(c.sees) {
				t.Errorf("%s lists %d, want %d (%v)", c.as.Username, l.Total, len(c.sees), err)
			}
			for _, o := range []party.Org{top, c1, c2} {
				_, err := e.svc.Get(e.Ctx, c.as, o.ID)
				want := errs.NotFound
				for _, id := range c.sees {
					if id == o.ID {
						want = ""
					}
				}
				if errs.CodeOf(err) != want {
					t.Errorf("%s gets %s: %v, want %q", c.as.Username, o.Name, err, want)
				}
			}
		}
		// A community edits its own only.
		if _, err := e.svc.Update(e.Ctx, e.comm1, c2.ID, e.input(e.C2, party.Committee, party.Community, "")); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("community edits another's: %v", err)
		}
		if _, err := e.svc.Update(e.Ctx, e.comm1, c1.ID, e.input(e.C1, party.Committee, party.Community, "")); err != nil {
			t.Errorf("community edits its own: %v", err)
		}
	})
}
