package microproject_test

import (
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/microproject"
)

func TestWorkflow(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p, err := e.svc.SubmitPublic(e.Ctx, access.Actor{Username: "public"}, microproject.PublicInput{CommunityID: e.C1.ID,
			Kind: microproject.Works, Category: microproject.Convenience, Title: "交通自助机", Description: "在驿站放一台交通业务自助机",
			Name: "李大伟", Mobile: "13912345678"})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(p.Receipt, "WS-") || p.ProposerName != "李**" || p.ProposerMobile != "139****5678" || p.Stage != microproject.Collected {
			t.Fatalf("submitted: %+v", p)
		}
		if _, err := e.svc.PublicGet(e.Ctx, p.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("a collected project is public: %v", err)
		}
		// The receipt's status, typed in lower case without the prefix.
		st, err := e.svc.PublicStatus(e.Ctx, strings.ToLower(strings.TrimPrefix(p.Receipt, "WS-")))
		if err != nil || st.Receipt != p.Receipt || st.Stage != microproject.Collected || st.PublicID != 0 {
			t.Errorf("status %+v %v", st, err)
		}
		for _, bad := range []string{"WS-0000-0000", "", "WS-0000-000I", "WS-12345"} {
			if _, err := e.svc.PublicStatus(e.Ctx, bad); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("status of %q: %v", bad, err)
			}
		}
		p, err = e.svc.Update(e.Ctx, e.comm1, p.ID, microproject.Input{Kind: microproject.Works, Category: microproject.Convenience,
			Title: p.Title, Description: p.Description, Location: "平湖驿站", Budget: 180_000})
		if err != nil || p.Budget != 180_000 || p.ProposerName != "李**" {
			t.Fatalf("update: %+v %v", p, err)
		}
		p = e.to(p.ID, microproject.Published)
		if want := p.PublishedAt.Add(5 * 24 * time.Hour); !p.PublicityEnds.Equal(want) {
			t.Errorf("publicity ends %v, want %v", p.PublicityEnds, want)
		}
		if err := e.svc.ObjectPublic(e.Ctx, access.Actor{}, p.ID, microproject.PublicObjection{Body: "位置挡住了盲道"}); err != nil {
			t.Fatal(err)
		}
		pub, err := e.svc.PublicGet(e.Ctx, p.ID)
		if err != nil || pub.Objections != 1 || !pub.Objectable || pub.Rateable {
			t.Fatalf("public: %+v %v", pub, err)
		}
		if st, err := e.svc.PublicStatus(e.Ctx, p.Receipt); err != nil || st.PublicID != p.ID || st.Stage != microproject.Published {
			t.Errorf("status once published: %+v %v", st, err)
		}
		p = e.to(p.ID, microproject.Implementing)
		p = e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Progress, Percent: 60, Note: "设备已到货"})
		p = e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Spend, Amount: 150_000, Item: "自助机采购"})
		p = e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Accept})
		if p.Stage != microproject.Accepted || p.Spent != 150_000 || p.Progress != 100 || len(p.Spending) != 1 || len(p.Reports) != 1 {
			t.Fatalf("accepted: %+v", p)
		}
		if err := e.svc.Rate(e.Ctx, access.Actor{}, p.ID, microproject.PublicRating{Stars: 5, Comment: "办事方便多了"}); err != nil {
			t.Fatal(err)
		}
		pub, err = e.svc.PublicGet(e.Ctx, p.ID)
		if err != nil || len(pub.Ratings) != 1 || pub.Ratings[0].Stars != 5 || pub.Stars() != 5 {
			t.Fatalf("rated: %+v %v", pub, err)
		}
		var names []string
		for _, ev := range p.Events {
			names = append(names, ev.Action)
		}
		if got := strings.Join(names, " "); got != "collect edit review vote publish object confirm start progress spend accept" {
			t.Errorf("timeline %q", got)
		}
		// The audit log holds neither the proposer's name nor the number.
		if n := e.Count("SELECT count(*) FROM audit_log WHERE after_data LIKE '%李%' OR after_data LIKE '%5678%' OR before_data LIKE '%5678%'"); n != 0 {
			t.Errorf("%d audit records hold personal information", n)
		}
	})
}

func TestVoteDown(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.project(e.comm1, e.C1, microproject.Goods, 100_000)
		e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Review})
		p = e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.VoteOn, Vote: microproject.Vote{For: 5, Against: 4, Abstain: 1, Present: 10, CouncilSize: 15}})
		if p.Stage != microproject.Rejected || p.Exclusion != microproject.Council {
			t.Fatalf("5 for of 10 cast passed: %+v", p)
		}
		// A refused project frees its money.
		q := e.project(e.comm1, e.C1, microproject.Works, 400_000)
		if q.ID == 0 {
			t.Fatal("no project")
		}
	})
}

// TestRefused tries every bad input and asserts each is refused with the
// right code, field and figures, and that nothing at all is written.
func TestRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		// The fund: 2,000,000; C1 commits 1,900,000 in five projects.
		var ps []microproject.Project
		for range 4 {
			ps = append(ps, e.project(e.comm1, e.C1, microproject.Works, 400_000))
		}
		ps = append(ps, e.project(e.comm1, e.C1, microproject.Services, 200_000), e.project(e.comm1, e.C1, microproject.Goods, 100_000))
		collected, services := ps[0], ps[4]
		reviewed := e.to(ps[1].ID, microproject.Reviewed)
		implementing := e.to(ps[3].ID, microproject.Implementing)
		e.act(e.comm1, implementing.ID, microproject.ActInput{Action: microproject.Spend, Amount: 350_000, Item: "施工"})
		published := e.to(ps[2].ID, microproject.Published)
		// C1's fund has 100,000 left; settings for 2023 are set below.
		good := microproject.Input{CommunityID: e.C1.ID, Kind: microproject.Services, Category: microproject.Activities,
			Title: "长者饭堂", Description: "每周三次", Budget: 50_000, Source: microproject.Meeting}
		type tc struct {
			name    string
			do      func() error
			code    errs.Code
			field   string
			figures []string // what the message must name
		}
		withIn := func(edit func(*microproject.Input)) func() error {
			return func() error {
				in := good
				edit(&in)
				_, err := e.svc.Create(e.Ctx, e.comm1, in)
				return err
			}
		}
		act := func(id int64, in microproject.ActInput) func() error {
			return func() error { _, err := e.svc.Act(e.Ctx, e.comm1, id, in); return err }
		}
		cases := []tc{
			{"over the services cap", withIn(func(in *microproject.Input) { in.Budget = 200_001 }), errs.Invalid, "budget", []string{"200001", "200000"}},
			{"over the works cap", withIn(func(in *microproject.Input) { in.Kind, in.Budget = microproject.Works, 400_001 }), errs.Invalid, "budget", []string{"400001", "400000"}},
			{"over the fund", withIn(func(in *microproject.Input) { in.Budget = 100_001 }), errs.Invalid, "budget", []string{"100001", "2000000", "1900000", "100000"}},
			{"edit over the fund", func() error {
				_, err := e.svc.Update(e.Ctx, e.comm1, services.ID, microproject.Input{Kind: microproject.Works, Category: microproject.Facilities,
					Title: "t", Description: "d", Budget: 300_001})
				return err
			}, errs.Invalid, "budget", []string{"300001", "2000000", "1700000", "300000"}},
			{"reviewed without a budget", func() error {
				_, err := e.svc.Update(e.Ctx, e.comm1, reviewed.ID, microproject.Input{Kind: microproject.Works, Category: microproject.Facilities,
					Title: "t", Description: "d", Budget: 0})
				return err
			}, errs.Invalid, "budget", nil},
			{"edit after the vote", func() error {
				_, err := e.svc.Update(e.Ctx, e.comm1, published.ID, microproject.Input{Kind: microproject.Works, Category: microproject.Facilities,
					Title: "t", Description: "d", Budget: 1})
				return err
			}, errs.Conflict, "", nil},
			{"negative budget", withIn(func(in *microproject.Input) { in.Budget = -1 }), errs.Invalid, "budget", nil},
			{"unknown type", withIn(func(in *microproject.Input) { in.Kind = "land" }), errs.Invalid, "kind", nil},
			{"unknown category", withIn(func(in *microproject.Input) { in.Category = "x" }), errs.Invalid, "category", nil},
			{"unknown source", withIn(func(in *microproject.Input) { in.Source = "x" }), errs.Invalid, "source", nil},
			{"no title", withIn(func(in *microproject.Input) { in.Title = " " }), errs.Invalid, "title", nil},
			{"bad mobile", withIn(func(in *microproject.Input) { in.ProposerMobile = "123" }), errs.Invalid, "proposer_mobile", nil},
			{"another community", withIn(func(in *microproject.Input) { in.CommunityID = e.C2.ID }), errs.Invalid, "community_id", nil},
			{"a department", withIn(func(in *microproject.Input) { in.CommunityID = e.D1.ID }), errs.Invalid, "community_id", nil},
			{"department creates", func() error { _, err := e.svc.Create(e.Ctx, e.dept, good); return err }, errs.NotFound, "", nil},
			{"honeypot", func() error {
				_, err := e.svc.SubmitPublic(e.Ctx, access.Actor{}, microproject.PublicInput{CommunityID: e.C1.ID, Kind: microproject.Goods,
					Category: microproject.OtherCat, Title: "t", Description: "d", Website: "http://spam.example"})
				return err
			}, errs.Invalid, "website", nil},
			{"vote without quorum", act(reviewed.ID, microproject.ActInput{Action: microproject.VoteOn,
				Vote: microproject.Vote{For: 9, Against: 0, Abstain: 0, Present: 9, CouncilSize: 15}}), errs.Invalid, "present", []string{"9", "15", "10"}},
			{"more votes than present", act(reviewed.ID, microproject.ActInput{Action: microproject.VoteOn,
				Vote: microproject.Vote{For: 12, Present: 11, CouncilSize: 15}}), errs.Invalid, "for", nil},
			{"present over the council", act(reviewed.ID, microproject.ActInput{Action: microproject.VoteOn,
				Vote: microproject.Vote{For: 1, Present: 16, CouncilSize: 15}}), errs.Invalid, "present", nil},
			{"vote before review", act(collected.ID, microproject.ActInput{Action: microproject.VoteOn,
				Vote: microproject.Vote{For: 11, Present: 11, CouncilSize: 15}}), errs.Conflict, "", nil},
			{"publish before the vote", act(reviewed.ID, microproject.ActInput{Action: microproject.Publish, Days: 7}), errs.Conflict, "", nil},
			{"confirm before publication", act(reviewed.ID, microproject.ActInput{Action: microproject.Confirm}), errs.Conflict, "", nil},
			{"start before confirmation", act(published.ID, microproject.ActInput{Action: microproject.Start}), errs.Conflict, "", nil},
			{"accept before the start", act(published.ID, microproject.ActInput{Action: microproject.Accept}), errs.Conflict, "", nil},
			{"confirm during the publication", act(published.ID, microproject.ActInput{Action: microproject.Confirm}), errs.Conflict, "", nil},
			{"spend over the budget", act(implementing.ID, microproject.ActInput{Action: microproject.Spend, Amount: 50_001, Item: "追加"}),
				errs.Invalid, "amount", []string{"50001", "400000", "350000", "50000"}},
			{"spend nothing", act(implementing.ID, microproject.ActInput{Action: microproject.Spend, Amount: 0, Item: "x"}), errs.Invalid, "amount", nil},
			{"progress over 100", act(implementing.ID, microproject.ActInput{Action: microproject.Progress, Percent: 101}), errs.Invalid, "percent", nil},
			{"reject without reason", act(collected.ID, microproject.ActInput{Action: microproject.Reject, Exclusion: microproject.Property}), errs.Invalid, "reason", nil},
			{"reject with unknown exclusion", act(collected.ID, microproject.ActInput{Action: microproject.Reject, Exclusion: "x", Reason: "r"}), errs.Invalid, "exclusion", nil},
			{"unknown action", act(collected.ID, microproject.ActInput{Action: "nope"}), errs.Invalid, "action", nil},
			{"another community acts", func() error {
				_, err := e.svc.Act(e.Ctx, e.comm2, collected.ID, microproject.ActInput{Action: microproject.Review})
				return err
			}, errs.NotFound, "", nil},
			{"department acts", func() error {
				_, err := e.svc.Act(e.Ctx, e.dept, collected.ID, microproject.ActInput{Action: microproject.Review})
				return err
			}, errs.NotFound, "", nil},
			{"public objection to an unpublished project", func() error {
				return e.svc.ObjectPublic(e.Ctx, access.Actor{}, reviewed.ID, microproject.PublicObjection{Body: "x"})
			}, errs.NotFound, "", nil},
			{"empty objection", func() error {
				return e.svc.ObjectPublic(e.Ctx, access.Actor{}, published.ID, microproject.PublicObjection{Body: " "})
			}, errs.Invalid, "body", nil},
			{"rating before acceptance", func() error {
				return e.svc.Rate(e.Ctx, access.Actor{}, implementing.ID, microproject.PublicRating{Stars: 4})
			}, errs.Conflict, "", nil},
			{"six stars", func() error {
				return e.svc.Rate(e.Ctx, access.Actor{}, implementing.ID, microproject.PublicRating{Stars: 6})
			}, errs.Invalid, "stars", nil},
			{"settings by a community", func() error {
				_, err := e.svc.SetSettings(e.Ctx, e.comm1, microproject.Longgang(2023))
				return err
			}, errs.NotFound, "", nil},
			{"cap over the fund", func() error {
				s := microproject.Longgang(2023)
				s.CapWorks = s.Fund + 1
				_, err := e.svc.SetSettings(e.Ctx, e.office, s)
				return err
			}, errs.Invalid, "cap_works", nil},
			{"quorum over one", func() error {
				s := microproject.Longgang(2023)
				s.QuorumNum = 4
				_, err := e.svc.SetSettings(e.Ctx, e.office, s)
				return err
			}, errs.Invalid, "quorum_num", nil},
		}
		for _, c := range cases {
			before := e.snapshot()
			err := c.do()
			ee := errs.As(err)
			if err == nil || ee.Code != c.code || (c.field != "" && ee.Fields[c.field] == "") {
				t.Errorf("%s: %v, want %s %s", c.name, err, c.code, c.field)
			}
			msg := strings.ReplaceAll(strings.ReplaceAll(strings.Trim(strings.ReplaceAll(strings.Trim(fmtArgs(ee.Args), "[]"), ",", ""), " "), "  ", " "), "\n", "")
			for _, fig := range c.figures {
				if !strings.Contains(" "+msg+" ", " "+fig+" ") {
					t.Errorf("%s: figures %v lack %s", c.name, ee.Args, fig)
				}
			}
			if after := e.snapshot(); after != before {
				t.Errorf("%s wrote something:\n before %s\n after  %s", c.name, before, after)
			}
		}
	})
}

// TestPublicationMinimum: the minimum days come from the year's settings,
// and a shorter publication is refused with both figures.
func TestPublicationMinimum(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		set := microproject.Longgang(2022)
		set.PublicityDays, set.QuorumNum, set.QuorumDen = 7, 1, 2
		if _, err := e.svc.SetSettings(e.Ctx, e.leader, set); err != nil {
			t.Fatal(err)
		}
		p := e.project(e.comm1, e.C1, microproject.Goods, 10_000)
		e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Review})
		// Half of 15 present is enough under 1/2: 8.
		e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.VoteOn, Vote: microproject.Vote{For: 8, Present: 8, CouncilSize: 15}})
		before := e.snapshot()
		_, err := e.svc.Act(e.Ctx, e.comm1, p.ID, microproject.ActInput{Action: microproject.Publish, Days: 5})
		ee := errs.As(err)
		if ee.Code != errs.Invalid || ee.Fields["days"] == "" || fmtArgs(ee.Args) != "[5 7]" {
			t.Errorf("5 days of 7: %v %v", err, ee.Args)
		}
		if e.snapshot() != before {
			t.Error("a short publication wrote something")
		}
		p = e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Publish, Days: 7})
		e.Clock.Advance(7*24*time.Hour - time.Second)
		if _, err := e.svc.Act(e.Ctx, e.comm1, p.ID, microproject.ActInput{Action: microproject.Confirm}); errs.CodeOf(err) != errs.Conflict {
			t.Errorf("confirmed a second early: %v", err)
		}
		e.Clock.Advance(time.Second)
		if p = e.act(e.comm1, p.ID, microproject.ActInput{Action: microproject.Confirm}); p.Stage != microproject.Confirmed {
			t.Errorf("stage %s", p.Stage)
		}
	})
}

// TestConfirmRechecksMoney: a community's own, lower fund set after the
// vote stops the confirmation.
func TestConfirmRechecksMoney(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		p := e.project(e.comm1, e.C1, microproject.Works, 300_000)
		p = e.to(p.ID, microproject.Published)
		set := microproject.Longgang(2022)
		set.UnitID, set.Fund, set.CapWorks = e.C1.ID, 250_000, 250_000
		if _, err := e.svc.SetSettings(e.Ctx, e.office, set); err != nil {
			t.Fatal(err)
		}
		e.Clock.Advance(6 * 24 * time.Hour)
		before := e.snapshot()
		_, err := e.svc.Act(e.Ctx, e.comm1, p.ID, microproject.ActInput{Action: microproject.Confirm})
		if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields["budget"] == "" {
			t.Errorf("confirmed over the cap: %v", err)
		}
		if e.snapshot() != before {
			t.Error("a refused confirmation wrote something")
		}
		// C2 keeps the default.
		got, err := e.svc.SettingsFor(e.Ctx, e.leader, 2022, e.C2.ID)
		if err != nil || got.Fund != 2_000_000 || got.Stored {
			t.Errorf("C2 settings %+v %v", got, err)
		}
		use, err := e.svc.FundUsage(e.Ctx, e.leader, 2022)
		if err != nil || len(use) != 2 || use[0].Fund != 250_000 || use[0].Remaining != -50_000 || use[1].Fund != 2_000_000 {
			t.Errorf("fund usage with C1's own fund: %+v %v", use, err)
		}
	})
}

func TestScopeAndFigures(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.project(e.comm1, e.C1, microproject.Works, 300_000)
		b := e.project(e.comm2, e.C2, microproject.Goods, 100_000)
		e.to(a.ID, microproject.Implementing)
		e.act(e.comm1, a.ID, microproject.ActInput{Action: microproject.Spend, Amount: 1000, Item: "x"})
		for _, c := range []struct {
			who  access.Actor
			want int
		}{{e.leader, 2}, {e.office, 2}, {e.dept, 2}, {e.comm1, 1}, {e.comm2, 1}, {e.spec, 0}} {
			l, err := e.svc.List(e.Ctx, c.who, microproject.Filter{})
			if err != nil || l.Total != c.want {
				t.Errorf("%s sees %d, want %d (%v)", c.who.Username, l.Total, c.want, err)
			}
			for _, p := range l.Items {
				if p.ProposerMobile != "138****8000" {
					t.Errorf("unmasked mobile %q", p.ProposerMobile)
				}
			}
		}
		if _, err := e.svc.Get(e.Ctx, e.comm2, a.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("comm2 reads comm1's: %v", err)
		}
		from, to := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		f, err := e.svc.CommunityFigures(e.Ctx, e.leader, from, to, 0)
		if err != nil || f.Count != 2 || f.BudgetTotal != 400_000 || f.SpentTotal != 1000 || f.ByStage["implementing"] != 1 || f.ByStage["collected"] != 1 {
			t.Errorf("figures %+v %v", f, err)
		}
		f, err = e.svc.CommunityFigures(e.Ctx, e.leader, from, to, e.C2.ID)
		if err != nil || f.Count != 1 || f.BudgetTotal != 100_000 {
			t.Errorf("C2 figures %+v %v", f, err)
		}
		l, err := e.svc.List(e.Ctx, e.leader, microproject.Filter{From: from, To: to, UnitID: e.C2.ID})
		if err != nil || l.Total != f.Count || l.Items[0].ID != b.ID {
			t.Errorf("list behind the figure: %d %v", l.Total, err)
		}
		f, err = e.svc.CommunityFigures(e.Ctx, e.comm2, from, to, e.C1.ID)
		if err != nil || f.Count != 0 {
			t.Errorf("comm2 counts C1: %+v %v", f, err)
		}
		use, err := e.svc.FundUsage(e.Ctx, e.office, 2022)
		if err != nil || len(use) != 2 || use[0].Committed != 300_000 || use[0].Remaining != 1_700_000 || use[0].Spent != 1000 {
			t.Errorf("fund usage %+v %v", use, err)
		}
		pl, err := e.svc.PublicList(e.Ctx, microproject.PublicFilter{})
		if err != nil || pl.Total != 1 || pl.Items[0].ID != a.ID {
			t.Errorf("public list %+v %v", pl, err)
		}
	})
}
