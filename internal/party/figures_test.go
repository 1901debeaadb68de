package party_test

import (
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/party"
	"pinghu/internal/station"
)

// The figures of two communities, counted by hand.
func TestFigures(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// C1: five operating non-public enterprises, one state-owned, one
		// closed; C2: three operating non-public.
		var c1 [5]int64
		for i := range c1 {
			c1[i] = e.enterprise(e.C1, "operating", true)
		}
		e.enterprise(e.C1, "operating", false)
		closed := e.enterprise(e.C1, "closed", true)
		var c2 [3]int64
		for i := range c2 {
			c2[i] = e.enterprise(e.C2, "operating", true)
		}
		e.create(e.office, e.input(e.S, party.WorkingCommittee, party.Organ, "")) // 2020
		single := e.input(e.C1, party.Branch, party.NonPublic, party.Single)
		single.FoundedOn = "2022-02-01"
		s1 := e.create(e.office, single)
		e.cover(e.office, s1.ID, c1[0], "2022-02-01")
		joint := e.input(e.C1, party.Branch, party.Park, party.JointPark)
		joint.FoundedOn = "2022-03-01"
		j1 := e.create(e.office, joint)
		for _, id := range []int64{c1[1], c1[2], closed} {
			e.cover(e.office, j1.ID, id, "2022-03-01")
		}
		social := e.input(e.C2, party.Branch, party.SocialOrgs, party.Single)
		social.FoundedOn = "2022-04-01"
		e.create(e.office, social)
		// Before the period: a joint-built one in C2 covering one enterprise.
		old := e.create(e.office, e.input(e.C2, party.Branch, party.NonPublic, party.JointCommunity))
		e.cover(e.office, old.ID, c2[0], "2021-01-01")
		// c1[3] has an instructor; c1[1] (covered, joint) and c1[4] have
		// four members and no own branch: flagged. c1[0] has three and its own.
		for _, w := range []party.Work{
			{EnterpriseID: c1[3], WorkerRole: party.Instructor, WorkerName: "李指导", AssignedOn: "2022-01-10"},
			{EnterpriseID: c1[1], PartyMembers: 4},
			{EnterpriseID: c1[4], PartyMembers: 4},
			{EnterpriseID: c1[0], PartyMembers: 3},
			{EnterpriseID: c2[1], PartyMembers: 2, WorkerRole: party.Liaison, WorkerName: "王联络", AssignedOn: "2022-06-20"},
		} {
			if err := e.svc.SetWork(e.Ctx, e.office, w); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := e.svc.CreatePosition(e.Ctx, e.office, party.PositionInput{Name: "亚钢一号党群服务中心", Kind: party.MassCentre,
			UnitID: e.C1.ID, Address: "亚钢一号", AreaM2: 300, Status: party.Open, OpenedOn: "2022-05-01", Lng: 114.12, Lat: 22.68}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.CreatePosition(e.Ctx, e.office, party.PositionInput{Name: "万达党群服务中心", Kind: party.MassCentre,
			UnitID: e.S.ID, Address: "万达广场", AreaM2: 500, Status: party.UnderConstruction, Lng: 114.13, Lat: 22.69}); err != nil {
			t.Fatal(err)
		}
		stations := &station.Service{DB: d, Audit: e.Audit, Now: e.Clock.Now}
		if _, err := stations.Create(e.Ctx, e.office, station.Input{Name: "暖蜂驿站", Kind: station.WarmBee, CommunityID: e.C2.ID,
			Address: "x", Lng: 114.1, Lat: 22.7, AreaM2: 20, Services: []string{"饮水"}, Groups: []station.Group{station.Couriers},
			OpenedOn: "2022-06-01"}); err != nil {
			t.Fatal(err)
		}

		f, err := e.svc.Figures(e.Ctx, e.office, party.Query{From: day("2022-01-01"), To: day("2022-06-30")})
		if err != nil {
			t.Fatal(err)
		}
		if f.AsOf != "2022-06-30" || f.Organisations != 5 || f.NewOrganisations != 3 ||
			f.NewByKind != (party.NewByKind{NonpublicSingle: 1, NonpublicJoint: 1, SocialOrg: 1}) {
			t.Errorf("organisations: %+v", f)
		}
		want := party.Coverage{Enterprises: 8, Covered: 4, SingleBuilt: 1, WorkCovered: 2, Uncovered: 2, Flagged: 2}
		if f.Coverage != want {
			t.Errorf("coverage %+v, want %+v", f.Coverage, want)
		}
		if f.OrgCoverageRate == nil || *f.OrgCoverageRate != 0.5 || *f.SingleBuiltRate != 0.125 || *f.WorkCoverageRate != 0.25 || *f.OverallCoverageRate != 0.75 {
			t.Errorf("rates %v %v %v %v", *f.OrgCoverageRate, *f.SingleBuiltRate, *f.WorkCoverageRate, *f.OverallCoverageRate)
		}
		if f.Positions.Total != 3 || f.Positions.ByStatus["open"] != 2 || f.Positions.ByStatus["under_construction"] != 1 || f.Positions.ByKind["station"] != 1 {
			t.Errorf("positions %+v", f.Positions)
		}
		// As of before the liaison and the station: one less each.
		g, _ := e.svc.Figures(e.Ctx, e.office, party.Query{From: day("2022-01-01"), To: day("2022-06-30"), AsOf: day("2022-05-31")})
		if g.WorkCovered != 1 || g.Positions.Total != 2 || g.Positions.ByStatus["open"] != 1 {
			t.Errorf("as of 2022-05-31: %+v", g)
		}
		// Every figure opens its enterprises, as many as it counts.
		for fig, n := range map[party.Figure]int{party.FigEnterprises: 8, party.FigCovered: 4, party.FigSingleBuilt: 1,
			party.FigWorkCovered: 2, party.FigUncovered: 2, party.FigFlagged: 2} {
			l, err := e.svc.Enterprises(e.Ctx, e.office, party.DrillQuery{Figure: fig, AsOf: day("2022-06-30")})
			if err != nil || l.Total != n || len(l.Items) != n {
				t.Errorf("%s: %d listed (%d items), want %d (%v)", fig, l.Total, len(l.Items), n, err)
			}
			if fig == party.FigSingleBuilt && (len(l.Items) != 1 || l.Items[0].Orgs != s1.Name || !l.Items[0].Single) {
				t.Errorf("single-built: %+v", l.Items)
			}
		}
		if _, err := e.svc.Enterprises(e.Ctx, e.office, party.DrillQuery{Figure: "all"}); errs.As(err) == nil || errs.As(err).Fields["figure"] == "" {
			t.Errorf("unknown figure: %v", err)
		}
		// By community; the community sees its own alone.
		rows := map[int64]party.UnitRow{}
		for _, r := range f.ByCommunity {
			rows[r.UnitID] = r
		}
		if r := rows[e.C1.ID]; r.Enterprises != 5 || r.Covered != 3 || r.Flagged != 2 || r.Organisations != 2 || r.Positions != 1 {
			t.Errorf("C1 row %+v", r)
		}
		if r := rows[e.C2.ID]; r.Enterprises != 3 || r.Covered != 1 || r.WorkCovered != 1 || r.Positions != 1 {
			t.Errorf("C2 row %+v", r)
		}
		for _, c := range []struct {
			as          access.Actor
			q           party.Query
			enterprises int
			code        errs.Code
		}{
			{e.comm1, party.Query{}, 5, ""},
			{e.office, party.Query{UnitID: e.C2.ID}, 3, ""},
			{e.comm1, party.Query{UnitID: e.C2.ID}, 0, errs.NotFound},
			{e.dept1, party.Query{}, 0, errs.NotFound},
			{e.leader9, party.Query{}, 0, ""},
			{e.office, party.Query{From: day("2022-07-01"), To: day("2022-06-30")}, 0, errs.Invalid},
		} {
			f, err := e.svc.Figures(e.Ctx, c.as, c.q)
			if errs.CodeOf(err) != c.code || f.Enterprises != c.enterprises {
				t.Errorf("%s %+v: %d enterprises, %v", c.as.Username, c.q, f.Enterprises, err)
			}
		}
	})
}
