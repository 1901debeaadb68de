package party_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/party"
)

// Each bad coverage names its field, and nothing is written.
func TestBadCoverageWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a, b, far := e.enterprise(e.C1, "operating", true), e.enterprise(e.C1, "operating", true), e.enterprise(e.C2, "operating", true)
		own := e.create(e.office, e.input(e.C1, party.Branch, party.NonPublic, party.Single))
		e.cover(e.office, own.ID, a, "2021-01-01")
		second := e.create(e.office, e.input(e.C1, party.Branch, party.NonPublic, party.Single))
		joint := e.create(e.office, e.input(e.C1, party.Branch, party.NonPublic, party.JointPark))
		community := e.create(e.office, e.input(e.C1, party.Committee, party.Community, ""))
		gone := e.create(e.office, e.input(e.C1, party.Branch, party.NonPublic, party.JointTrade))
		if _, err := e.svc.Dissolve(e.Ctx, e.office, gone.ID, party.EndInput{Day: "2022-01-01"}); err != nil {
			t.Fatal(err)
		}
		soc, err := e.svc.CreateSocialOrg(e.Ctx, e.office, party.SocialOrgInput{Name: "平湖义工联", CommunityID: e.C1.ID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreateSocialOrg(e.Ctx, e.comm2, party.SocialOrgInput{Name: "x", CommunityID: e.C1.ID}); errs.As(err) == nil || errs.As(err).Fields["community_id"] == "" {
			t.Errorf("another community's social organisation: %v", err)
		}
		for _, c := range []struct {
			as access.Actor
			n  int
		}{{e.office, 1}, {e.comm1, 1}, {e.comm2, 0}, {e.dept1, 0}} {
			if l, err := e.svc.ListSocialOrgs(e.Ctx, c.as); err != nil || len(l) != c.n {
				t.Errorf("%s lists %d social organisations, want %d (%v)", c.as.Username, len(l), c.n, err)
			}
		}
		before := e.Count("SELECT count(*) FROM audit_log")
		for _, c := range []struct {
			name  string
			as    access.Actor
			org   int64
			in    party.CoverInput
			field string
			msg   string
		}{
			{"two single-built", e.office, second.ID, party.CoverInput{EnterpriseID: a, From: "2022-01-01"}, "enterprise_id", "pty.err.two_single"},
			{"single-built over two", e.office, own.ID, party.CoverInput{EnterpriseID: b, From: "2022-01-01"}, "enterprise_id", "pty.err.single_one"},
			{"dissolved", e.office, gone.ID, party.CoverInput{EnterpriseID: b, From: "2021-06-01"}, "status", "pty.err.not_active"},
			{"already covered", e.office, own.ID, party.CoverInput{EnterpriseID: a, From: "2022-01-01"}, "enterprise_id", "pty.err.already_covered"},
			{"outside the unit", e.office, joint.ID, party.CoverInput{EnterpriseID: far, From: "2022-01-01"}, "enterprise_id", "pty.err.enterprise_unknown"},
			{"no such enterprise", e.office, joint.ID, party.CoverInput{EnterpriseID: 99999, From: "2022-01-01"}, "enterprise_id", "pty.err.enterprise_unknown"},
			{"a community's organisation", e.office, community.ID, party.CoverInput{EnterpriseID: b, From: "2022-01-01"}, "enterprise_id", "pty.err.cover_sector"},
			{"a social organisation by an enterprise's", e.office, joint.ID, party.CoverInput{SocialOrgID: soc.ID, From: "2022-01-01"}, "social_org_id", "pty.err.cover_sector"},
			{"both", e.office, joint.ID, party.CoverInput{EnterpriseID: b, SocialOrgID: soc.ID, From: "2022-01-01"}, "enterprise_id", "pty.err.cover_one"},
			{"before founding", e.office, joint.ID, party.CoverInput{EnterpriseID: b, From: "2019-01-01"}, "from", "pty.err.before_founding"},
			{"tomorrow", e.office, joint.ID, party.CoverInput{EnterpriseID: b, From: "2022-07-16"}, "from", "pty.err.future"},
		} {
			err := e.svc.Cover(e.Ctx, c.as, c.org, c.in)
			ee := errs.As(err)
			if ee == nil || ee.Code != errs.Invalid || ee.Fields[c.field] != c.msg {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.msg, c.field)
			}
		}
		if n := e.Count("SELECT count(*) FROM audit_log"); n != before {
			t.Errorf("%d audit records written", n-before)
		}
		// Outside the scope nothing is found.
		if err := e.svc.Cover(e.Ctx, e.comm2, joint.ID, party.CoverInput{EnterpriseID: b, From: "2022-01-01"}); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("another community covers: %v", err)
		}
		// Turning the joint-built one single-built over two enterprises is refused.
		e.cover(e.office, joint.ID, b, "2022-01-01")
		e.cover(e.office, joint.ID, a, "2022-01-01")
		before = e.Count("SELECT count(*) FROM audit_log")
		_, err = e.svc.Update(e.Ctx, e.office, joint.ID, e.input(e.C1, party.Branch, party.NonPublic, party.Single))
		if ee := errs.As(err); ee == nil || ee.Fields["formation"] != "pty.err.single_one" {
			t.Errorf("single-built over two: %v", err)
		}
		_, err = e.svc.Update(e.Ctx, e.office, joint.ID, e.input(e.C1, party.Branch, party.SocialOrgs, party.JointCommunity))
		if ee := errs.As(err); ee == nil || ee.Fields["sector"] != "pty.err.cover_sector" {
			t.Errorf("a social organisations' one over enterprises: %v", err)
		}
		moved := e.input(e.C2, party.Branch, party.NonPublic, party.JointPark)
		_, err = e.svc.Update(e.Ctx, e.office, joint.ID, moved)
		if ee := errs.As(err); ee == nil || ee.Fields["unit_id"] != "pty.err.coverage_outside" {
			t.Errorf("moved away from what it covers: %v", err)
		}
		later := e.input(e.C1, party.Branch, party.NonPublic, party.JointPark)
		later.FoundedOn = "2022-02-01"
		_, err = e.svc.Update(e.Ctx, e.office, joint.ID, later)
		if ee := errs.As(err); ee == nil || ee.Fields["founded_on"] != "pty.err.after_coverage" {
			t.Errorf("founded after its coverage began: %v", err)
		}
		if n := e.Count("SELECT count(*) FROM party_coverage"); n != 3 {
			t.Errorf("%d coverage rows, want 3", n)
		}
		if n := e.Count("SELECT count(*) FROM audit_log"); n != before {
			t.Errorf("%d audit records written", n-before)
		}
	})
}

// A merger moves coverage and the organisations under it to the target;
// a dissolution ends coverage; the figures as of a day before still
// count them.
func TestMergeAndDissolve(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a, b := e.enterprise(e.C1, "operating", true), e.enterprise(e.C1, "operating", true)
		x := e.create(e.office, e.input(e.C1, party.GeneralBranch, party.NonPublic, party.JointPark))
		y := e.create(e.office, e.input(e.C1, party.GeneralBranch, party.NonPublic, party.JointBuilding))
		in := e.input(e.C1, party.Branch, party.NonPublic, party.JointPark)
		in.ParentID = x.ID
		child := e.create(e.office, in)
		e.cover(e.office, x.ID, a, "2021-01-01")
		e.cover(e.office, x.ID, b, "2021-01-01")
		e.cover(e.office, y.ID, a, "2021-01-01")
		// x has an active child: it cannot be dissolved.
		if _, err := e.svc.Dissolve(e.Ctx, e.office, x.ID, party.EndInput{Day: "2022-03-01"}); errs.As(err) == nil || errs.As(err).Fields["status"] != "pty.err.has_children" {
			t.Errorf("dissolve with a child: %v", err)
		}
		for _, c := range []struct {
			name  string
			in    party.EndInput
			field string
			msg   string
		}{
			{"into itself", party.EndInput{Day: "2022-03-01", IntoID: x.ID}, "into_id", "pty.err.into"},
			{"into its child", party.EndInput{Day: "2022-03-01", IntoID: child.ID}, "into_id", "pty.err.parent_cycle"},
			{"into nothing", party.EndInput{Day: "2022-03-01"}, "into_id", "err.required"},
			{"tomorrow", party.EndInput{Day: "2022-07-16", IntoID: y.ID}, "day", "pty.err.future"},
		} {
			_, err := e.svc.Merge(e.Ctx, e.office, x.ID, c.in)
			if ee := errs.As(err); ee == nil || ee.Fields[c.field] != c.msg {
				t.Errorf("%s: %v, want %s on %s", c.name, err, c.msg, c.field)
			}
		}
		m, err := e.svc.Merge(e.Ctx, e.office, x.ID, party.EndInput{Day: "2022-03-01", IntoID: y.ID, Note: "园区调整"})
		if err != nil || m.Status != party.Merged || m.MergedIntoID != y.ID || m.EndedOn != "2022-03-01" {
			t.Fatalf("merge: %+v %v", m, err)
		}
		got, _ := e.svc.Get(e.Ctx, e.office, y.ID)
		if got.Covers != 2 {
			t.Errorf("target covers %d, want 2 (a once)", got.Covers)
		}
		if c, _ := e.svc.Get(e.Ctx, e.office, child.ID); c.ParentID != y.ID {
			t.Errorf("child's parent %d, want %d", c.ParentID, y.ID)
		}
		h, _ := e.svc.History(e.Ctx, e.office, x.ID)
		if len(h) != 2 || h[1].Kind != party.EventMerged || h[1].OtherName != y.Name || h[1].Note != "园区调整" {
			t.Errorf("history: %+v", h)
		}
		if err := e.svc.Cover(e.Ctx, e.office, x.ID, party.CoverInput{EnterpriseID: a, From: "2022-04-01"}); errs.As(err) == nil || errs.As(err).Fields["status"] != "pty.err.not_active" {
			t.Errorf("merged covers: %v", err)
		}
		if _, err := e.svc.Dissolve(e.Ctx, e.office, child.ID, party.EndInput{Day: "2022-05-01"}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Dissolve(e.Ctx, e.office, y.ID, party.EndInput{Day: "2022-06-01"}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			asOf          string
			orgs, covered int
		}{
			{"2021-06-01", 3, 2},
			{"2022-03-01", 2, 2},
			{"2022-05-31", 1, 2},
			{"2022-06-01", 0, 0},
		} {
			f, err := e.svc.Figures(e.Ctx, e.office, party.Query{AsOf: day(c.asOf)})
			if err != nil || f.Organisations != c.orgs || f.Covered != c.covered {
				t.Errorf("as of %s: %d organisations, %d covered, want %d, %d (%v)", c.asOf, f.Organisations, f.Covered, c.orgs, c.covered, err)
			}
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action IN ('party_org.merged', 'party_org.dissolved')"); n != 3 {
			t.Errorf("%d audit records, want 3", n)
		}
	})
}
