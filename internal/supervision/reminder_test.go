package supervision_test

import (
	"slices"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/reminder"
	"pinghu/internal/supervision"
)

// TestReminderSource: who is reminded of which notice, and when.
//
//	a  to D1, due 06-08     b  to D1, due 06-20, for dept1b only
//	c  to D2, due 06-07     d  to D1, due 06-09, answered
func TestReminderSource(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.issue(e.office, in(1, "2022-06-08"))
		x := in(1, "2022-06-20")
		x.ReceiverUserID = ptr(e.dept1b.UserID)
		b := e.issue(e.office, x)
		c := e.issue(e.office, in(2, "2022-06-07"))
		dd := e.issue(e.office, in(1, "2022-06-09"))
		e.reply(e.dept1, dd.ID)
		r := &reminder.Service{Now: e.Clock.Now, Sources: []reminder.Source{supervision.Source{Service: e.svc}}}
		uids := func(items []reminder.Item) (out []string) {
			for _, it := range items {
				out = append(out, it.UID)
			}
			return out
		}
		uid := func(n supervision.Notice) string { return "supervision-" + itoa(n.ID) + "@pinghu" }
		cases := []struct {
			at       string
			who      access.Actor
			overdue  []string
			dueSoon  []string
			feedFrom string
		}{
			{"2022-06-06 09:00", e.dept1, nil, []string{uid(a)}, ""},
			{"2022-06-06 09:00", e.dept1b, nil, []string{uid(a)}, ""},
			{"2022-06-14 09:00", e.dept1b, []string{uid(a)}, []string{uid(b)}, ""},
			{"2022-06-14 09:00", e.dept2, []string{uid(c)}, nil, ""},
			{"2022-06-06 09:00", e.office, nil, nil, ""},
			{"2022-06-09 09:00", e.office, []string{uid(c), uid(a)}, nil, ""},
			{"2022-06-10 09:00", e.leader, nil, nil, ""},
			{"2022-06-11 09:00", e.leader, []string{uid(c)}, nil, ""},
			{"2022-06-14 09:00", e.comm1, nil, nil, ""},
			{"2022-06-14 09:00", e.spec, nil, nil, ""},
		}
		for _, cs := range cases {
			e.at(cs.at)
			l, err := r.Lists(e.Ctx, cs.who)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(uids(l.Overdue), cs.overdue) || !slices.Equal(uids(l.DueSoon), cs.dueSoon) {
				t.Errorf("%s %s: overdue %v due soon %v, want %v %v", cs.at, cs.who.Username, uids(l.Overdue),
					uids(l.DueSoon), cs.overdue, cs.dueSoon)
			}
		}
		e.at("2022-06-06 09:00")
		items, err := supervision.Source{Service: e.svc}.Items(e.Ctx, e.dept1b, time.Time{}, cst("2022-12-31 00:00"))
		if err != nil || len(items) != 2 || items[0].Title != "加快征拆进度" || items[0].Path != "/supervisions/"+itoa(a.ID) ||
			items[0].Due.Format(time.DateOnly) != "2022-06-08" || items[0].Done {
			t.Errorf("items %+v %v", items, err)
		}
	})
}

func itoa(n int64) string { return fmtInt(n) }
