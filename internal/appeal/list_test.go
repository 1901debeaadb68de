package appeal_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// listWorld is five appeals around a CST midnight, seen at Thursday
// 26 May 2022 12:00 CST:
//
//	p1 E1 D1 space_land hotline  submitted 05-23 23:59, due end of 05-26: due soon (12 h left)
//	p2 E2 D2 policy     online   submitted 05-24 00:00, due 05-25 00:00: overdue
//	p3 E3 D1 financing  visit    submitted 05-24 09:00, due end of 05-27: neither; supervised
//	p4 E4 —  permits    hotline  submitted 05-25 09:00, due end of 05-30
//	p5 E1 D1 other      hotline  submitted 05-25 10:00, due end of 05-30; closed (partly, basically)
type listWorld struct {
	p1, p2, p3, p4, p5 appeal.Appeal
}

func (e *env) listWorld() listWorld {
	e.t.Helper()
	var w listWorld
	e.at("2022-05-23 23:59")
	w.p1 = e.create(e.spec1, appeal.Input{EnterpriseID: e.E1, Category: "space_land", Channel: appeal.ChannelHotline, Title: "厂房屋顶漏水"})
	e.at("2022-05-24 00:00")
	w.p2 = e.create(e.ent2, appeal.Input{EnterpriseID: e.E2, Category: "policy", Channel: appeal.ChannelOnline, Title: "政策咨询：技改补贴"})
	e.at("2022-05-24 09:00")
	visit := e.visit(e.E3, "2022-05-24")
	w.p3 = e.create(e.spec1, appeal.Input{EnterpriseID: e.E3, Category: "financing", Channel: appeal.ChannelVisit, Title: "贷款贴息",
		VisitID: &visit})
	e.act(e.leader, w.p3.ID, appeal.ActionInput{Action: appeal.Supervise})
	e.at("2022-05-25 09:00")
	w.p4 = e.create(e.comm1, appeal.Input{EnterpriseID: e.E4, Category: "permits", Channel: appeal.ChannelHotline, Title: "LED 路灯不亮"})
	e.at("2022-05-25 10:00")
	w.p5 = e.create(e.leader, appeal.Input{EnterpriseID: e.E1, Category: "other", Channel: appeal.ChannelHotline, Title: "其他事项"})
	e.act(e.dept1, w.p5.ID, appeal.ActionInput{Action: appeal.Accept})
	e.act(e.dept1, w.p5.ID, appeal.ActionInput{Action: appeal.Resolve, Note: "已答复"})
	e.act(e.ent1, w.p5.ID, appeal.ActionInput{Action: appeal.Confirm, Solved: "partly", Satisfaction: "basically"})
	e.at("2022-05-26 12:00")
	return w
}

func TestListFilters(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.listWorld()
		p1, p2, p3, p4, p5 := w.p1.ID, w.p2.ID, w.p3.ID, w.p4.ID, w.p5.ID
		yes, no := true, false
		cases := []struct {
			name string
			f    appeal.Filter
			want []int64
		}{
			{"everything", appeal.Filter{}, []int64{p1, p2, p3, p4, p5}},
			{"title", appeal.Filter{Query: " 漏水 "}, []int64{p1}},
			{"title, ignoring ASCII case", appeal.Filter{Query: "led"}, []int64{p4}},
			{"a percent sign is not a wildcard", appeal.Filter{Query: "%"}, nil},
			{"an underscore is not a wildcard", appeal.Filter{Query: "_"}, nil},
			{"current state", appeal.Filter{State: appeal.Closed}, []int64{p5}},
			{"current states", appeal.Filter{States: []appeal.State{appeal.Submitted, appeal.Accepted}}, []int64{p1, p2, p3, p4}},
			{"category", appeal.Filter{Category: "policy"}, []int64{p2}},
			{"channel", appeal.Filter{Channel: appeal.ChannelVisit}, []int64{p3}},
			{"enterprise", appeal.Filter{EnterpriseID: e.E1}, []int64{p1, p5}},
			{"community", appeal.Filter{CommunityID: e.C2.ID}, []int64{p3}},
			{"department", appeal.Filter{DepartmentID: e.D2.ID}, []int64{p2}},
			{"no department", appeal.Filter{Unassigned: true}, []int64{p4}},
			{"a community's subtree", appeal.Filter{UnitID: e.C1.ID}, []int64{p1, p2, p4, p5}},
			{"a department's subtree", appeal.Filter{UnitID: e.D1.ID}, []int64{p1, p3, p5}},
			{"the whole sub-district", appeal.Filter{UnitID: e.S.ID}, []int64{p1, p2, p3, p4, p5}},
			{"one day, from CST midnight", appeal.Filter{From: "2022-05-24", To: "2022-05-24"}, []int64{p2, p3}},
			{"up to a day, to CST midnight", appeal.Filter{To: "2022-05-23"}, []int64{p1}},
			{"from a day on", appeal.Filter{From: "2022-05-25"}, []int64{p4, p5}},
			{"supervised", appeal.Filter{Supervised: &yes}, []int64{p3}},
			{"not supervised", appeal.Filter{Supervised: &no}, []int64{p1, p2, p4, p5}},
			{"overdue", appeal.Filter{Overdue: true}, []int64{p2}},
			{"due soon", appeal.Filter{DueSoon: true}, []int64{p1}},
			{"rated partly solved", appeal.Filter{Solved: []appeal.Solved{appeal.SolvedPartly}}, []int64{p5}},
			{"rated satisfied", appeal.Filter{Satisfactions: []appeal.Satisfaction{appeal.Satisfied}}, nil},
			{"overdue, recomputed from the events now", appeal.Filter{Overdue: true, AsOf: e.clock.Now()}, []int64{p2}},
			{"due soon, recomputed from the events now", appeal.Filter{DueSoon: true, AsOf: e.clock.Now()}, []int64{p1}},
			{"state as of now", appeal.Filter{AsOfStates: []appeal.State{appeal.Submitted}}, []int64{p1, p2, p3, p4}},
			{"rated as of now", appeal.Filter{AsOfStates: []appeal.State{appeal.Closed},
				Satisfactions: []appeal.Satisfaction{appeal.Basically}}, []int64{p5}},
			{"several at once", appeal.Filter{EnterpriseID: e.E1, State: appeal.Submitted, From: "2022-05-23"}, []int64{p1}},
		}
		for _, c := range cases {
			list, err := e.svc.List(e.ctx, e.leader, c.f)
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if got := ids(list.Items); !slices.Equal(got, sorted(c.want...)) || list.Total != len(c.want) {
				t.Errorf("%s: %v (total %d), want %v", c.name, got, list.Total, c.want)
			}
		}
		// The helpers on Appeal agree with the SQL.
		now := e.clock.Now()
		list, _ := e.svc.List(e.ctx, e.leader, appeal.Filter{})
		for _, p := range list.Items {
			if p.Overdue(now) != (p.ID == p2) || p.DueSoon(now) != (p.ID == p1) {
				t.Errorf("appeal %d: Overdue %v DueSoon %v", p.ID, p.Overdue(now), p.DueSoon(now))
			}
		}
	})
}

func TestListOrderAndPages(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.listWorld()
		p1, p2, p3, p4, p5 := w.p1.ID, w.p2.ID, w.p3.ID, w.p4.ID, w.p5.ID
		cases := []struct {
			sort string
			page db.Page
			want []int64
		}{
			{"", db.Page{}, []int64{p5, p4, p3, p2, p1}},
			{"-submitted_at", db.Page{}, []int64{p5, p4, p3, p2, p1}},
			{"submitted_at", db.Page{}, []int64{p1, p2, p3, p4, p5}},
			// p4 and p5 fall due at the same midnight; the id breaks the tie.
			{"resolution_due_at", db.Page{}, []int64{p2, p1, p3, p4, p5}},
			{"-resolution_due_at", db.Page{}, []int64{p5, p4, p3, p1, p2}},
			{"-updated_at", db.Page{}, []int64{p5, p4, p3, p2, p1}},
			{"submitted_at", db.Page{Number: 2, Size: 2}, []int64{p3, p4}},
			{"submitted_at", db.Page{Number: 3, Size: 2}, []int64{p5}},
			{"submitted_at", db.Page{Number: 4, Size: 2}, nil},
		}
		// The same pages from the current state and from the history as
		// of now, which counts and pages in one statement.
		for _, asOf := range []time.Time{{}, e.clock.Now()} {
			for _, c := range cases {
				list, err := e.svc.List(e.ctx, e.leader, appeal.Filter{Sort: c.sort, Page: c.page, AsOf: asOf})
				if err != nil {
					t.Fatal(err)
				}
				got := []int64{}
				for _, p := range list.Items {
					got = append(got, p.ID)
				}
				if !slices.Equal(got, append([]int64{}, c.want...)) || list.Total != 5 {
					t.Errorf("as of %v, sort %q page %+v: %v (total %d), want %v", asOf, c.sort, c.page, got, list.Total, c.want)
				}
				wantPage := db.NewPage(c.page.Number, c.page.Size)
				if list.Page != wantPage.Number || list.PageSize != wantPage.Size {
					t.Errorf("sort %q page %+v: answered page %d size %d", c.sort, c.page, list.Page, list.PageSize)
				}
			}
		}
	})
}

func TestListRefused(t *testing.T) {
	type fields = map[string]string
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		cases := []struct {
			name  string
			actor access.Actor
			f     appeal.Filter
			want  fields
		}{
			{"bad dates", e.leader, appeal.Filter{From: "2022-13-01", To: "yesterday"},
				fields{"from": "err.bad_date", "to": "err.bad_date"}},
			{"dates the wrong way round", e.leader, appeal.Filter{From: "2022-05-02", To: "2022-05-01"},
				fields{"to": "err.appeal_date_order"}},
			{"unknown values", e.leader, appeal.Filter{State: "open", Channel: "fax", Sort: "title", Response: "soon",
				Resolution: "early", Solved: []appeal.Solved{"yes"}, Satisfactions: []appeal.Satisfaction{"happy"}},
				fields{"state": "err.appeal_state", "channel": "err.appeal_channel", "sort": "err.appeal_sort",
					"response": "err.appeal_figure_value", "resolution": "err.appeal_figure_value", "solved": "err.appeal_solved",
					"satisfaction": "err.appeal_satisfaction"}},
			{"an unknown state in a list", e.leader, appeal.Filter{AsOfStates: []appeal.State{"done"}}, fields{"state": "err.appeal_state"}},
			{"a long search", e.leader, appeal.Filter{Query: strings.Repeat("查", appeal.MaxTitle+1)}, fields{"q": "err.too_long"}},
			{"a unit of another sub-district", e.leader, appeal.Filter{UnitID: e.C9.ID}, fields{"unit_id": "err.unit_unknown"}},
			{"a unit above the actor's scope", e.dept1, appeal.Filter{UnitID: e.S.ID}, fields{"unit_id": "err.unit_unknown"}},
			{"another department", e.dept1, appeal.Filter{UnitID: e.D2.ID}, fields{"unit_id": "err.unit_unknown"}},
		}
		for _, c := range cases {
			_, err := e.svc.List(e.ctx, c.actor, c.f)
			wantCode(t, c.name, err, errs.Invalid, c.want)
		}
	})
}

func TestMyQueue(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		w := e.listWorld()
		cases := []struct {
			name             string
			actor            access.Actor
			overdue, dueSoon []int64
		}{
			{"department 1: its own", e.dept1, nil, []int64{w.p1.ID}},
			{"department 2: its own", e.dept2, []int64{w.p2.ID}, nil},
			{"specialist 1: its enterprises'", e.spec1, nil, []int64{w.p1.ID}},
			{"specialist 2: its enterprises'", e.spec2, []int64{w.p2.ID}, nil},
			{"leader: all in scope", e.leader, []int64{w.p2.ID}, []int64{w.p1.ID}},
			{"office: all in scope", e.office, []int64{w.p2.ID}, []int64{w.p1.ID}},
			{"the other sub-district's leader", e.leader9, nil, nil},
			{"a community has no queue", e.comm1, nil, nil},
			{"an enterprise has no queue", e.ent2, nil, nil},
			{"the sysadmin has no queue", e.sysadmin, nil, nil},
		}
		for _, c := range cases {
			q, err := e.svc.MyQueue(e.ctx, c.actor)
			if err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			if got := ids(q.Overdue.Items); !slices.Equal(got, sorted(c.overdue...)) || q.Overdue.Total != len(c.overdue) {
				t.Errorf("%s: overdue %v, want %v", c.name, got, c.overdue)
			}
			if got := ids(q.DueSoon.Items); !slices.Equal(got, sorted(c.dueSoon...)) || q.DueSoon.Total != len(c.dueSoon) {
				t.Errorf("%s: due soon %v, want %v", c.name, got, c.dueSoon)
			}
		}
		// A day later p1 is overdue too, and the leader's overdue list is
		// ordered by deadline.
		e.clock.Advance(24 * time.Hour)
		q, _ := e.svc.MyQueue(e.ctx, e.leader)
		if got := []int64{q.Overdue.Items[0].ID, q.Overdue.Items[1].ID}; !slices.Equal(got, []int64{w.p2.ID, w.p1.ID}) {
			t.Errorf("overdue a day later: %v", got)
		}
	})
}
