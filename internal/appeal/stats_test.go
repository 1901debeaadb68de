package appeal_test

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// history is a small fortnight of appeals, on the 2022 calendar (Friday
// 3 June is the Dragon Boat holiday). Deadlines of space_land are 1
// working day to sign for, 3 to resolve; policy is 24 hours for both.
// Times are CST; "end of D" is midnight after D.
//
//	A1 E1/D1 Mon 05-23 10:00  response due end 05-24, resolution due end 05-26
//	   accepted 05-23 15:00 (in time), resolved 05-25 10:00 (on time),
//	   confirmed 05-26 09:00 solved / satisfied
//	A2 E2/D2 Mon 05-23 11:00  response due end 05-24, resolution due end 05-26
//	   accepted 05-25 09:00 (late), started 05-25 10:00, resolved 05-30 10:00
//	   (late), reopened 05-31 10:00 (new resolution due: end of 06-06, as
//	   06-03 is a holiday), resolved again 06-02 10:00
//	A3 E3/D1 Tue 05-24 09:00  response due end 05-25; rejected 05-24 14:00
//	A4 E1/D1 Tue 05-24 10:00  policy: both due 05-25 10:00; accepted 05-24 11:00,
//	   never resolved
//	A5 E2/D2 Wed 05-25 09:00  response due end 05-26, resolution due end 05-30;
//	   nothing ever happens
//	A6 E1/D1 Thu 05-26 10:00  response due end 05-27, resolution due end 05-31;
//	   accepted 11:00, resolved 16:00, confirmed 05-27 10:00 partly / basically
//	A7 E3/D1 Fri 05-27 10:00  response due end 05-30, resolution due end 06-01;
//	   accepted 11:00, resolved 15:00, confirmed 05-30 09:00 not solved / dissatisfied
//	A9 E2    Tue 05-31 20:00  response due end 06-01, resolution due end 06-06;
//	   D2, supervised 06-01 08:00, transferred to D1 09:00, accepted by D1 10:00
//	A8 E1/D1 Mon 06-06 09:00  after the period; accepted 10:00
//
// Visits: E1 on 05-26 and 05-27, E2 on 05-31, E3 on 06-06. The clock ends
// at Monday 06-06 12:00.
type history struct {
	A1, A2, A3, A4, A5, A6, A7, A8, A9 int64
}

func (e *env) history() history {
	e.t.Helper()
	var h history
	raise := func(id *int64, who access.Actor, enterprise int64, category string) func() {
		return func() {
			x := in(enterprise)
			x.Category = category
			if who.Role == access.Enterprise {
				x.Channel = appeal.ChannelOnline
			}
			*id = e.create(who, x).ID
		}
	}
	act := func(id *int64, who access.Actor, action appeal.Action, change ...func(*appeal.ActionInput)) func() {
		return func() {
			x := appeal.ActionInput{Action: action, Note: "说明"}
			for _, c := range change {
				c(&x)
			}
			e.act(who, *id, x)
		}
	}
	rate := func(solved, satisfaction string) func(*appeal.ActionInput) {
		return func(x *appeal.ActionInput) { x.Solved, x.Satisfaction = solved, satisfaction }
	}
	reason := func(r string) func(*appeal.ActionInput) { return func(x *appeal.ActionInput) { x.Reason = r } }
	steps := []struct {
		at string
		do func()
	}{
		{"2022-05-23 10:00", raise(&h.A1, e.spec1, e.E1, "space_land")},
		{"2022-05-23 11:00", raise(&h.A2, e.spec2, e.E2, "space_land")},
		{"2022-05-23 15:00", act(&h.A1, e.dept1, appeal.Accept)},
		{"2022-05-24 09:00", raise(&h.A3, e.spec1, e.E3, "space_land")},
		{"2022-05-24 10:00", raise(&h.A4, e.spec1, e.E1, "policy")},
		{"2022-05-24 11:00", act(&h.A4, e.dept1, appeal.Accept)},
		{"2022-05-24 14:00", act(&h.A3, e.dept1, appeal.Reject, reason("duplicate"))},
		{"2022-05-25 09:00", raise(&h.A5, e.ent2, e.E2, "space_land")},
		{"2022-05-25 09:00", act(&h.A2, e.dept2, appeal.Accept)},
		{"2022-05-25 10:00", act(&h.A2, e.dept2, appeal.Start)},
		{"2022-05-25 10:00", act(&h.A1, e.dept1, appeal.Resolve)},
		{"2022-05-26 09:00", act(&h.A1, e.ent1, appeal.Confirm, rate("solved", "satisfied"))},
		{"2022-05-26 10:00", raise(&h.A6, e.leader, e.E1, "space_land")},
		{"2022-05-26 11:00", act(&h.A6, e.dept1, appeal.Accept)},
		{"2022-05-26 16:00", act(&h.A6, e.dept1, appeal.Resolve)},
		{"2022-05-27 10:00", act(&h.A6, e.spec1, appeal.Confirm, rate("partly", "basically"))},
		{"2022-05-27 10:00", raise(&h.A7, e.comm2, e.E3, "space_land")},
		{"2022-05-27 11:00", act(&h.A7, e.dept1, appeal.Accept)},
		{"2022-05-27 15:00", act(&h.A7, e.dept1, appeal.Resolve)},
		{"2022-05-30 09:00", act(&h.A7, e.spec1, appeal.Confirm, rate("not_solved", "dissatisfied"))},
		{"2022-05-30 10:00", act(&h.A2, e.dept2, appeal.Resolve)},
		{"2022-05-31 10:00", act(&h.A2, e.spec2, appeal.Reopen, reason("没解决"))},
		{"2022-05-31 20:00", raise(&h.A9, e.ent2, e.E2, "space_land")},
		{"2022-06-01 08:00", act(&h.A9, e.leader, appeal.Supervise)},
		{"2022-06-01 09:00", act(&h.A9, e.leader, appeal.Transfer, reason("一科职责"), func(x *appeal.ActionInput) { x.DepartmentID = &e.D1.ID })},
		{"2022-06-01 10:00", act(&h.A9, e.dept1, appeal.Accept)},
		{"2022-06-02 10:00", act(&h.A2, e.dept2, appeal.Resolve)},
		{"2022-06-06 09:00", raise(&h.A8, e.spec1, e.E1, "space_land")},
		{"2022-06-06 10:00", act(&h.A8, e.dept1, appeal.Accept)},
	}
	for _, s := range steps {
		e.at(s.at)
		s.do()
	}
	for _, v := range []struct {
		enterprise int64
		date       string
	}{{e.E1, "2022-05-26"}, {e.E1, "2022-05-27"}, {e.E2, "2022-05-31"}, {e.E3, "2022-06-06"}} {
		e.visit(v.enterprise, v.date)
	}
	e.at("2022-06-06 12:00")
	return h
}

func f(v float64) *float64 { return &v }

// sameStats compares two Stats, rates to within rounding.
func sameStats(a, b appeal.Stats) bool {
	ra := []*float64{a.ClosureRate, a.ResponseRate, a.OnTimeRate, a.ResolutionRate, a.SatisfactionRate}
	rb := []*float64{b.ClosureRate, b.ResponseRate, b.OnTimeRate, b.ResolutionRate, b.SatisfactionRate}
	for i := range ra {
		if (ra[i] == nil) != (rb[i] == nil) || ra[i] != nil && math.Abs(*ra[i]-*rb[i]) > 1e-12 {
			return false
		}
	}
	a.ClosureRate, a.ResponseRate, a.OnTimeRate, a.ResolutionRate, a.SatisfactionRate = nil, nil, nil, nil, nil
	b.ClosureRate, b.ResponseRate, b.OnTimeRate, b.ResolutionRate, b.SatisfactionRate = nil, nil, nil, nil, nil
	return a == b
}

func show(s appeal.Stats) string {
	r := func(p *float64) string {
		if p == nil {
			return "nil"
		}
		return fmt.Sprintf("%.4f", *p)
	}
	return fmt.Sprintf("%+v rates closure %s response %s on-time %s resolution %s satisfaction %s", s, r(s.ClosureRate),
		r(s.ResponseRate), r(s.OnTimeRate), r(s.ResolutionRate), r(s.SatisfactionRate))
}

func asOf(date string) time.Time {
	t, ok := appeal.AsOfDate(date)
	if !ok {
		panic(date)
	}
	return t
}

func TestStats(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.history()
		period := appeal.StatsQuery{From: "2022-05-23", To: "2022-05-31"}
		at := func(q appeal.StatsQuery, date string) appeal.StatsQuery { q.AsOf = asOf(date); return q }
		unit := func(q appeal.StatsQuery, id int64) appeal.StatsQuery { q.UnitID = id; return q }
		cases := []struct {
			name  string
			actor access.Actor
			q     appeal.StatsQuery
			want  appeal.Stats
		}{
			{
				// Now (06-06 12:00). Collected A1–A7 and A9 (A8 is after the
				// period). Resolved A1 A2 A6 A7; open A4 A5 A9; rejected A3.
				// Overdue: A4 (due 05-25 10:00) and A5 (due end 05-30); A9 is
				// due at the end of 06-06. Due for a response: all 8; in time
				// A1 A4 A6 A7 A9 (A2 was late, A3 and A5 never accepted).
				// First resolutions on time: A1 A6 A7, not A2 (05-30 against
				// end 05-26). Rated A1 A6 A7: solved A1; satisfied A1 A6.
				// Enterprises: above-scale operating E1 E2 E4 (E3 is not, E5
				// moved out, E9 elsewhere); visited in the period E1 E2.
				"leader, now", e.leader, period,
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 3, EnterprisesVisited: 2,
					AppealsCollected: 8, AppealsResolved: 4, AppealsInProgress: 3, AppealsRejected: 1, AppealsOverdue: 2,
					ClosureRate: f(4.0 / 8), ResponseRate: f(5.0 / 8), OnTimeRate: f(3.0 / 4), ResolutionRate: f(1.0 / 3),
					SatisfactionRate: f(2.0 / 3), ResponseDue: 8, RespondedInTime: 5, ResolvedOnTime: 3, Rated: 3,
					RatedSolved: 1, RatedSatisfied: 2},
			},
			{
				// As of the end of Friday 05-27: A9 does not exist yet. A1 and
				// A6 closed, A7 resolved; A2 in progress and overdue against
				// its deadline then (end 05-26) although its current deadline,
				// after the reopening, is 06-06; A4 overdue; A5 open, not yet
				// due. Due for a response A1–A7 (A5's deadline was end 05-26);
				// in time A1 A4 A6 A7. Rated A1 A6. Visited by then: E1 only.
				"leader, as of 05-27", e.leader, at(period, "2022-05-27"),
				appeal.Stats{AsOf: asOf("2022-05-27"), AboveScaleEnterprises: 3, EnterprisesVisited: 1,
					AppealsCollected: 7, AppealsResolved: 3, AppealsInProgress: 3, AppealsRejected: 1, AppealsOverdue: 2,
					ClosureRate: f(3.0 / 7), ResponseRate: f(4.0 / 7), OnTimeRate: f(1), ResolutionRate: f(1.0 / 2),
					SatisfactionRate: f(1), ResponseDue: 7, RespondedInTime: 4, ResolvedOnTime: 3, Rated: 2,
					RatedSolved: 1, RatedSatisfied: 2},
			},
			{
				// As of the end of 05-31: A9 exists (20:00) but is not due for
				// a response until the end of 06-01. A2 was reopened that
				// morning: in progress, due end 06-06, so not overdue. A5 is
				// overdue since the end of 05-30, A4 since 05-25.
				"leader, as of 05-31", e.leader, at(period, "2022-05-31"),
				appeal.Stats{AsOf: asOf("2022-05-31"), AboveScaleEnterprises: 3, EnterprisesVisited: 2,
					AppealsCollected: 8, AppealsResolved: 3, AppealsInProgress: 4, AppealsRejected: 1, AppealsOverdue: 2,
					ClosureRate: f(3.0 / 8), ResponseRate: f(4.0 / 7), OnTimeRate: f(1), ResolutionRate: f(1.0 / 3),
					SatisfactionRate: f(2.0 / 3), ResponseDue: 7, RespondedInTime: 4, ResolvedOnTime: 3, Rated: 3,
					RatedSolved: 1, RatedSatisfied: 2},
			},
			{
				// Department 1 now: its appeals are A1 A3 A4 A6 A7 and A9
				// (transferred in). Its enterprises: E1 and E3 by assignment,
				// E2 through A9; above-scale E1 E2; visited E1 E2.
				"department 1, now", e.dept1, period,
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 2, EnterprisesVisited: 2,
					AppealsCollected: 6, AppealsResolved: 3, AppealsInProgress: 2, AppealsRejected: 1, AppealsOverdue: 1,
					ClosureRate: f(3.0 / 6), ResponseRate: f(5.0 / 6), OnTimeRate: f(1), ResolutionRate: f(1.0 / 3),
					SatisfactionRate: f(2.0 / 3), ResponseDue: 6, RespondedInTime: 5, ResolvedOnTime: 3, Rated: 3,
					RatedSolved: 1, RatedSatisfied: 2},
			},
			{
				// The leader narrowed to community 2: E3's A3 (rejected) and
				// A7 (closed, rated not solved and dissatisfied: rates of 0,
				// not nil). E3 is not above-scale; its visit is after the period.
				"leader, community 2", e.leader, unit(period, e.C2.ID),
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AppealsCollected: 2, AppealsResolved: 1, AppealsRejected: 1,
					ClosureRate: f(0.5), ResponseRate: f(0.5), OnTimeRate: f(1), ResolutionRate: f(0), SatisfactionRate: f(0),
					ResponseDue: 2, RespondedInTime: 1, ResolvedOnTime: 1, Rated: 1},
			},
			{
				// The leader narrowed to department 2: A2 and A5 (A9 left it).
				// Nothing rated: those rates are nil. Its enterprise E2.
				"leader, department 2", e.leader, unit(period, e.D2.ID),
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 1, EnterprisesVisited: 1,
					AppealsCollected: 2, AppealsResolved: 1, AppealsInProgress: 1, AppealsOverdue: 1,
					ClosureRate: f(0.5), ResponseRate: f(0), OnTimeRate: f(0), ResponseDue: 2},
			},
			{
				// An empty period: every rate is nil, the registry still counts.
				"leader, July", e.leader, appeal.StatsQuery{From: "2022-07-01", To: "2022-07-31"},
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 3},
			},
			{
				// No period: everything, A8 included (accepted in time).
				"leader, all time", e.leader, appeal.StatsQuery{},
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 3, EnterprisesVisited: 3,
					AppealsCollected: 9, AppealsResolved: 4, AppealsInProgress: 4, AppealsRejected: 1, AppealsOverdue: 2,
					ClosureRate: f(4.0 / 9), ResponseRate: f(6.0 / 9), OnTimeRate: f(3.0 / 4), ResolutionRate: f(1.0 / 3),
					SatisfactionRate: f(2.0 / 3), ResponseDue: 9, RespondedInTime: 6, ResolvedOnTime: 3, Rated: 3,
					RatedSolved: 1, RatedSatisfied: 2},
			},
			{
				// An enterprise sees its own figures: E2's A2 A5 A9.
				"enterprise 2", e.ent2, period,
				appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 1, EnterprisesVisited: 1,
					AppealsCollected: 3, AppealsResolved: 1, AppealsInProgress: 2, AppealsOverdue: 1,
					ClosureRate: f(1.0 / 3), ResponseRate: f(1.0 / 3), OnTimeRate: f(0), ResponseDue: 3, RespondedInTime: 1},
			},
			{"the sysadmin sees no business data", e.sysadmin, period, appeal.Stats{AsOf: cst("2022-06-06 12:00")}},
			// The other sub-district: its above-scale E9, no appeal in the period.
			{"the other sub-district", e.leader9, period, appeal.Stats{AsOf: cst("2022-06-06 12:00"), AboveScaleEnterprises: 1}},
		}
		for _, c := range cases {
			got, err := e.svc.Stats(e.ctx, c.actor, c.q)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if !sameStats(got, c.want) {
				t.Errorf("%s:\n got  %s\n want %s", c.name, show(got), show(c.want))
			}
			if got.AppealsCollected != got.AppealsResolved+got.AppealsInProgress+got.AppealsRejected {
				t.Errorf("%s: collected is not resolved + in progress + rejected", c.name)
			}
		}
	})
}

// TestDrill: the Filter behind each figure lists exactly the appeals it
// counts, at three moments, and the appeals are the ones worked out by
// hand from the history.
func TestDrill(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		h := e.history()
		all8 := []int64{h.A1, h.A2, h.A3, h.A4, h.A5, h.A6, h.A7, h.A9}
		first7 := []int64{h.A1, h.A2, h.A3, h.A4, h.A5, h.A6, h.A7}
		moments := []struct {
			asOf time.Time
			want map[string][]int64
		}{
			{cst("2022-06-06 12:00"), map[string][]int64{
				appeal.FigureCollected:       all8,
				appeal.FigureResolved:        {h.A1, h.A2, h.A6, h.A7},
				appeal.FigureInProgress:      {h.A4, h.A5, h.A9},
				appeal.FigureRejected:        {h.A3},
				appeal.FigureOverdue:         {h.A4, h.A5},
				appeal.FigureResponseDue:     all8,
				appeal.FigureRespondedInTime: {h.A1, h.A4, h.A6, h.A7, h.A9},
				appeal.FigureResolvedOnTime:  {h.A1, h.A6, h.A7},
				appeal.FigureRated:           {h.A1, h.A6, h.A7},
				appeal.FigureRatedSolved:     {h.A1},
				appeal.FigureRatedSatisfied:  {h.A1, h.A6},
			}},
			{asOf("2022-05-27"), map[string][]int64{
				appeal.FigureCollected:       first7,
				appeal.FigureResolved:        {h.A1, h.A6, h.A7},
				appeal.FigureInProgress:      {h.A2, h.A4, h.A5},
				appeal.FigureRejected:        {h.A3},
				appeal.FigureOverdue:         {h.A2, h.A4},
				appeal.FigureResponseDue:     first7,
				appeal.FigureRespondedInTime: {h.A1, h.A4, h.A6, h.A7},
				appeal.FigureResolvedOnTime:  {h.A1, h.A6, h.A7},
				appeal.FigureRated:           {h.A1, h.A6},
				appeal.FigureRatedSolved:     {h.A1},
				appeal.FigureRatedSatisfied:  {h.A1, h.A6},
			}},
			{asOf("2022-05-31"), map[string][]int64{
				appeal.FigureCollected:       all8,
				appeal.FigureResolved:        {h.A1, h.A6, h.A7},
				appeal.FigureInProgress:      {h.A2, h.A4, h.A5, h.A9},
				appeal.FigureRejected:        {h.A3},
				appeal.FigureOverdue:         {h.A4, h.A5},
				appeal.FigureResponseDue:     first7,
				appeal.FigureRespondedInTime: {h.A1, h.A4, h.A6, h.A7},
				appeal.FigureResolvedOnTime:  {h.A1, h.A6, h.A7},
				appeal.FigureRated:           {h.A1, h.A6, h.A7},
				appeal.FigureRatedSolved:     {h.A1},
				appeal.FigureRatedSatisfied:  {h.A1, h.A6},
			}},
		}
		for _, m := range moments {
			q := appeal.StatsQuery{From: "2022-05-23", To: "2022-05-31", AsOf: m.asOf}
			stats, err := e.svc.Stats(e.ctx, e.leader, q)
			if err != nil {
				t.Fatal(err)
			}
			counted := map[string]int{
				appeal.FigureCollected: stats.AppealsCollected, appeal.FigureResolved: stats.AppealsResolved,
				appeal.FigureInProgress: stats.AppealsInProgress, appeal.FigureRejected: stats.AppealsRejected,
				appeal.FigureOverdue: stats.AppealsOverdue, appeal.FigureResponseDue: stats.ResponseDue,
				appeal.FigureRespondedInTime: stats.RespondedInTime, appeal.FigureResolvedOnTime: stats.ResolvedOnTime,
				appeal.FigureRated: stats.Rated, appeal.FigureRatedSolved: stats.RatedSolved,
				appeal.FigureRatedSatisfied: stats.RatedSatisfied,
			}
			for fig, want := range m.want {
				filter, err := appeal.Drill(q, fig)
				if err != nil {
					t.Fatal(err)
				}
				list, err := e.svc.List(e.ctx, e.leader, filter)
				if err != nil {
					t.Fatalf("%s as of %s: %v", fig, m.asOf, err)
				}
				if got := ids(list.Items); !slices.Equal(got, sorted(want...)) || list.Total != counted[fig] {
					t.Errorf("%s as of %s: lists %v (total %d), counted %d, want %v", fig, m.asOf, got,
						list.Total, counted[fig], want)
				}
			}
			if len(m.want) != len(counted) {
				t.Errorf("%d figures checked of %d", len(m.want), len(counted))
			}
		}
		// Every rate is made of two figures that Drill knows.
		for name, parts := range appeal.Rates {
			for _, fig := range parts {
				if _, err := appeal.Drill(appeal.StatsQuery{}, fig); err != nil {
					t.Errorf("%s: part %s: %v", name, fig, err)
				}
			}
		}
		for _, fig := range []string{appeal.FigureAboveScale, appeal.FigureVisited, "closure_rate", ""} {
			_, err := appeal.Drill(appeal.StatsQuery{}, fig)
			wantCode(t, "drill "+fig, err, errs.Invalid, map[string]string{"figure": "err.appeal_figure"})
		}
	})
}

func TestBreakdown(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.history()
		q := appeal.StatsQuery{From: "2022-05-23", To: "2022-05-31"}
		key := strconvID
		cases := []struct {
			by   string
			want []appeal.Row // Collected, Resolved, InProgress, Rejected, Overdue
		}{
			// C1: A1 A2 A4 A5 A6 A9 (resolved A1 A2 A6; open A4 A5 A9;
			// overdue A4 A5). C2: A3 (rejected), A7 (closed).
			{appeal.ByCommunity, []appeal.Row{
				{Key: key(e.C1.ID), Label: "单位 c1", Collected: 6, Resolved: 3, InProgress: 3, Overdue: 2},
				{Key: key(e.C2.ID), Label: "单位 c2", Collected: 2, Resolved: 1, Rejected: 1}}},
			// D1 now: A1 A3 A4 A6 A7 A9; D2: A2 A5.
			{appeal.ByDepartment, []appeal.Row{
				{Key: key(e.D1.ID), Label: "单位 d1", Collected: 6, Resolved: 3, InProgress: 2, Rejected: 1, Overdue: 1},
				{Key: key(e.D2.ID), Label: "单位 d2", Collected: 2, Resolved: 1, InProgress: 1, Overdue: 1}}},
			// policy (sort 1): A4; space_land (sort 2): the rest.
			{appeal.ByCategory, []appeal.Row{
				{Key: "policy", Label: "政策咨询", Collected: 1, InProgress: 1, Overdue: 1},
				{Key: "space_land", Label: "空间用地", Collected: 7, Resolved: 4, InProgress: 2, Rejected: 1, Overdue: 1}}},
			// The week of Monday 05-23: A1–A7; of Monday 05-30: A9.
			{appeal.ByWeek, []appeal.Row{
				{Key: "2022-05-23", Label: "2022-05-23", Collected: 7, Resolved: 4, InProgress: 2, Rejected: 1, Overdue: 2},
				{Key: "2022-05-30", Label: "2022-05-30", Collected: 1, InProgress: 1}}},
		}
		for _, c := range cases {
			rows, err := e.svc.Breakdown(e.ctx, e.leader, q, c.by)
			if err != nil {
				t.Fatalf("%s: %v", c.by, err)
			}
			if !slices.Equal(rows, c.want) {
				t.Errorf("by %s:\n got  %+v\n want %+v", c.by, rows, c.want)
			}
			e.checkDrillRows(t, q, c.by, rows)
		}
		_, err := e.svc.Breakdown(e.ctx, e.leader, q, "month")
		wantCode(t, "by month", err, errs.Invalid, map[string]string{"by": "err.appeal_breakdown"})
	})
}

func strconvID(id int64) string { return fmt.Sprint(id) }

// checkDrillRows checks that every cell of a breakdown lists as many
// appeals as it counts.
func (e *env) checkDrillRows(t *testing.T, q appeal.StatsQuery, by string, rows []appeal.Row) {
	t.Helper()
	if q.AsOf.IsZero() {
		q.AsOf = e.clock.Now()
	}
	for _, r := range rows {
		for fig, n := range map[string]int{appeal.FigureCollected: r.Collected, appeal.FigureResolved: r.Resolved,
			appeal.FigureInProgress: r.InProgress, appeal.FigureRejected: r.Rejected, appeal.FigureOverdue: r.Overdue} {
			filter, err := appeal.DrillRow(q, by, r.Key, fig)
			if err != nil {
				t.Fatalf("%s %s %s: %v", by, r.Key, fig, err)
			}
			list, err := e.svc.List(e.ctx, e.leader, filter)
			if err != nil {
				t.Fatalf("%s %s %s: %v", by, r.Key, fig, err)
			}
			if list.Total != n {
				t.Errorf("by %s, row %s, %s: counted %d, lists %d", by, r.Key, fig, n, list.Total)
			}
		}
	}
}

// TestBreakdownGaps: weeks without appeals are filled in, appeals without
// a department have their own row, and both drill down.
func TestBreakdownGaps(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.at("2022-05-02 10:00") // a Monday holiday
		e.create(e.leader, in(e.E4))
		e.at("2022-05-22 23:30") // a Sunday night: still the week of 05-16
		e.create(e.leader, in(e.E1))
		e.at("2022-05-23 00:30") // Monday: the next week
		e.create(e.leader, in(e.E4))
		e.at("2022-06-01 12:00")
		q := appeal.StatsQuery{From: "2022-05-01", To: "2022-05-31"}
		rows, err := e.svc.Breakdown(e.ctx, e.leader, q, appeal.ByWeek)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, r := range rows {
			got = append(got, fmt.Sprintf("%s:%d", r.Key, r.Collected))
		}
		// 05-02 is a Monday; 05-09 has nothing; 05-16 holds the Sunday
		// night; 05-23 the Monday after midnight.
		if want := "2022-05-02:1 2022-05-09:0 2022-05-16:1 2022-05-23:1"; strings.Join(got, " ") != want {
			t.Errorf("weeks %v, want %s", got, want)
		}
		e.checkDrillRows(t, q, appeal.ByWeek, rows)

		rows, err = e.svc.Breakdown(e.ctx, e.leader, q, appeal.ByDepartment)
		if err != nil {
			t.Fatal(err)
		}
		sort.Slice(rows, func(i, j int) bool { return rows[i].Key < rows[j].Key })
		if len(rows) != 2 || rows[1].Key != "none" || rows[1].Collected != 2 || rows[1].Label != "" {
			t.Errorf("departments %+v", rows)
		}
		e.checkDrillRows(t, q, appeal.ByDepartment, rows)

		for _, c := range []struct{ by, key string }{{appeal.ByWeek, "2022-05-03"}, {appeal.ByWeek, "May"},
			{appeal.ByCommunity, "none"}, {appeal.ByCommunity, "-1"}, {appeal.ByCategory, ""}} {
			_, err := appeal.DrillRow(q, c.by, c.key, appeal.FigureCollected)
			wantCode(t, c.by+" "+c.key, err, errs.Invalid, map[string]string{"key": "err.appeal_breakdown_key"})
		}
	})
}

func TestStatsRefused(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cases := []struct {
			name  string
			actor access.Actor
			q     appeal.StatsQuery
			want  map[string]string
		}{
			{"bad dates", e.leader, appeal.StatsQuery{From: "2022-5-1", To: "2022-05-32"},
				map[string]string{"from": "err.bad_date", "to": "err.bad_date"}},
			{"dates reversed", e.leader, appeal.StatsQuery{From: "2022-06-01", To: "2022-05-31"},
				map[string]string{"to": "err.appeal_date_order"}},
			{"a unit outside the scope", e.leader, appeal.StatsQuery{UnitID: e.C9.ID}, map[string]string{"unit_id": "err.unit_unknown"}},
			{"a unit for a department user", e.dept1, appeal.StatsQuery{UnitID: e.C1.ID}, map[string]string{"unit_id": "err.unit_unknown"}},
			{"a missing unit", e.leader, appeal.StatsQuery{UnitID: 99999}, map[string]string{"unit_id": "err.unit_unknown"}},
		}
		for _, c := range cases {
			_, err := e.svc.Stats(e.ctx, c.actor, c.q)
			wantCode(t, c.name, err, errs.Invalid, c.want)
			_, err = e.svc.Breakdown(e.ctx, c.actor, c.q, appeal.ByCategory)
			wantCode(t, c.name+" (breakdown)", err, errs.Invalid, c.want)
		}
	})
}

func TestAsOfDate(t *testing.T) {
	got, ok := appeal.AsOfDate("2022-07-01")
	if want := cst("2022-07-02 00:00").Add(-time.Microsecond); !ok || !got.Equal(want) {
		t.Errorf("AsOfDate(2022-07-01) = %s, %v; want %s", got, ok, want)
	}
	for _, s := range []string{"", "2022-7-1", "2022-02-30", "today"} {
		if _, ok := appeal.AsOfDate(s); ok {
			t.Errorf("AsOfDate(%q) accepted", s)
		}
	}
}

// TestFiguresWithoutScope: an actor without a usable scope (no unit, an
// unknown unit, a malformed path, no user or enterprise behind the role,
// a role the scope rules do not know) counts nothing in any figure, any
// breakdown row or the list behind any figure, while the same history
// gives the leader non-zero figures; and may not narrow to a unit.
func TestFiguresWithoutScope(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.history()
		q := appeal.StatsQuery{From: "2022-05-23", To: "2022-06-06"}
		if s, err := e.svc.Stats(e.ctx, e.leader, q); err != nil || s.AppealsCollected == 0 || s.EnterprisesVisited == 0 {
			t.Fatalf("the leader's figures are empty, the test proves nothing: %+v, %v", s, err)
		}
		edit := func(a access.Actor, fn func(*access.Actor)) access.Actor { fn(&a); return a }
		actors := []struct {
			name  string
			actor access.Actor
		}{
			{"a leader without a unit", edit(e.leader, func(a *access.Actor) { a.UnitID, a.ScopePath = 0, "" })},
			{"a leader of an unknown unit", edit(e.leader, func(a *access.Actor) { a.UnitID, a.ScopePath = 99999, "" })},
			{"a leader of unit zero with a path", edit(e.leader, func(a *access.Actor) { a.UnitID = 0 })},
			{"a community with a malformed path", edit(e.comm1, func(a *access.Actor) { a.ScopePath = "/" })},
			{"a department without a unit", edit(e.dept1, func(a *access.Actor) { a.UnitID, a.ScopePath = 0, "" })},
			{"a specialist without a user", edit(e.spec1, func(a *access.Actor) { a.UserID = 0 })},
			{"an enterprise account without an enterprise", edit(e.ent1, func(a *access.Actor) { a.EnterpriseID = 0 })},
			{"an unknown role with the leader's scope", edit(e.leader, func(a *access.Actor) { a.Role = "boss" })},
			{"the zero actor", access.Actor{}},
		}
		for _, c := range actors {
			s, err := e.svc.Stats(e.ctx, c.actor, q)
			if err != nil || s != (appeal.Stats{AsOf: s.AsOf}) {
				t.Errorf("%s: Stats = %+v, %v; want all zero", c.name, s, err)
			}
			for _, by := range []string{appeal.ByCommunity, appeal.ByDepartment, appeal.ByCategory, appeal.ByWeek} {
				rows, err := e.svc.Breakdown(e.ctx, c.actor, q, by)
				if err != nil {
					t.Errorf("%s: Breakdown by %s: %v", c.name, by, err)
				}
				for _, r := range rows {
					if r.Collected+r.Resolved+r.InProgress+r.Rejected+r.Overdue != 0 {
						t.Errorf("%s: Breakdown by %s counts %+v", c.name, by, r)
					}
				}
			}
			for _, fig := range []string{appeal.FigureCollected, appeal.FigureResolved, appeal.FigureInProgress, appeal.FigureRejected,
				appeal.FigureOverdue, appeal.FigureResponseDue, appeal.FigureRated} {
				f, err := appeal.Drill(q, fig)
				if err != nil {
					t.Fatal(err)
				}
				list, err := e.svc.List(e.ctx, c.actor, f)
				if err != nil || list.Total != 0 || len(list.Items) != 0 {
					t.Errorf("%s: the list behind %s: %d, %v", c.name, fig, list.Total, err)
				}
			}
			// Narrowing to a unit never opens one: without a scope the
			// unit is unknown; with a unit but no one behind the role,
			// the figures stay zero.
			s, err = e.svc.Stats(e.ctx, c.actor, appeal.StatsQuery{UnitID: e.C1.ID})
			if c.actor.HasScope() {
				if err != nil || s != (appeal.Stats{AsOf: s.AsOf}) {
					t.Errorf("%s: Stats of C1 = %+v, %v; want all zero", c.name, s, err)
				}
			} else {
				wantCode(t, c.name+": a unit", err, errs.Invalid, map[string]string{"unit_id": "err.unit_unknown"})
			}
		}
	})
}
