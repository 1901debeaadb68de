package enterprise_test

import (
	"database/sql"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/enterprise"
)

func TestTimeline(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		f := e.f
		// 26 May 10:00 Pinghu: registered.
		x := e.create("甲公司", f.c1)
		other := e.create("乙公司", f.c1)
		// 26 May 11:00: assigned.
		e.clock.Advance(time.Hour)
		e.assign(x.ID, f.leader.ID, f.d1.ID, f.spec1.ID)
		// 27 May 09:00: a visit is recorded for that day, and an appeal
		// raised on it at 09:30; a second appeal goes to department 2.
		e.clock.Set(time.Date(2022, 5, 27, 1, 0, 0, 0, time.UTC))
		in := e.visit(x.ID)
		in.Date, in.Form, in.Findings = "2022-05-27", enterprise.Meeting, "需要扩大厂房"
		v, err := e.svc.RecordVisit(e.ctx, e.as(f.spec1), in)
		if err != nil {
			t.Fatal(err)
		}
		a1 := e.appeal(x.ID, f.d1.ID, "厂房用地", time.Date(2022, 5, 27, 1, 30, 0, 0, time.UTC))
		e.appealEvent(a1, "submit", "", time.Date(2022, 5, 27, 1, 30, 0, 0, time.UTC))
		e.appealEvent(a1, "accept", "", time.Date(2022, 5, 27, 3, 0, 0, 0, time.UTC))
		e.appealEvent(a1, "resolve", "已协调", time.Date(2022, 5, 30, 8, 0, 0, 0, time.UTC))
		e.appealEvent(a1, "escalate", "", time.Date(2022, 5, 30, 9, 0, 0, 0, time.UTC)) // an action with no title of its own
		a2 := e.appeal(x.ID, f.d2.ID, "贷款", time.Date(2022, 5, 28, 1, 0, 0, 0, time.UTC))
		e.appealEvent(a2, "accept", "", time.Date(2022, 5, 28, 2, 0, 0, 0, time.UTC))
		// Another enterprise's story stays its own.
		e.appeal(other.ID, f.d1.ID, "别家", time.Date(2022, 5, 29, 1, 0, 0, 0, time.UTC))

		type item struct{ kind, title, detail, link string }
		all := []item{
			{"appeal_event", "enterprise.timeline.appeal_event", "厂房用地", "/appeals/1"},
			{"appeal_event", "enterprise.timeline.appeal.resolve", "厂房用地 — 已协调", "/appeals/1"},
			{"appeal_event", "enterprise.timeline.appeal.accept", "贷款", "/appeals/2"},
			{"appeal", "enterprise.timeline.appeal", "贷款", "/appeals/2"},
			{"appeal_event", "enterprise.timeline.appeal.accept", "厂房用地", "/appeals/1"},
			{"appeal", "enterprise.timeline.appeal", "厂房用地", "/appeals/1"},
			{"visit", "enterprise.timeline.visit.meeting", "需要扩大厂房", "/visits/" + itoa(v.ID)},
			{"assignment", "enterprise.timeline.assignment", f.leader.DisplayName + " / " + f.d1.Name + " / " + f.spec1.DisplayName, ""},
			{"created", "enterprise.timeline.created", "甲公司", ""},
		}
		check := func(name string, actor func() []enterprise.TimelineItem, want []item) {
			got := actor()
			if len(got) != len(want) {
				t.Errorf("%s: %d items, want %d: %+v", name, len(got), len(want), got)
				return
			}
			for i, g := range got {
				w := want[i]
				if w.link == "/appeals/1" {
					w.link = "/appeals/" + itoa(a1)
				} else if w.link == "/appeals/2" {
					w.link = "/appeals/" + itoa(a2)
				}
				if g.Kind != w.kind || g.Title != w.title || g.Detail != w.detail || g.Link != w.link {
					t.Errorf("%s: item %d is %+v, want %+v", name, i, g, w)
				}
				if i > 0 && g.At.After(got[i-1].At) {
					t.Errorf("%s: item %d is newer than the one before", name, i)
				}
			}
		}
		check("leader", func() []enterprise.TimelineItem {
			items, err := e.svc.Timeline(e.ctx, e.as(f.leader), x.ID)
			if err != nil {
				t.Fatal(err)
			}
			if !items[len(items)-1].At.Equal(start) {
				t.Errorf("creation at %v", items[len(items)-1].At)
			}
			// The visit stands at the start of its day in Pinghu.
			if !items[6].At.Equal(time.Date(2022, 5, 26, 16, 0, 0, 0, time.UTC)) {
				t.Errorf("visit at %v", items[6].At)
			}
			return items
		}, all)
		// Department 1 sees the enterprise (it is assigned to it) but not
		// department 2's appeal.
		var dept1 []item
		for _, it := range all {
			if it.detail != "贷款" {
				dept1 = append(dept1, it)
			}
		}
		check("department 1", func() []enterprise.TimelineItem {
			items, err := e.svc.Timeline(e.ctx, e.as(f.dept1), x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return items
		}, dept1)
		check("the enterprise itself", func() []enterprise.TimelineItem {
			items, err := e.svc.Timeline(e.ctx, e.asEnterprise(x.ID), x.ID)
			if err != nil {
				t.Fatal(err)
			}
			return items
		}, all)
	})
}

// TestTimelineCap: a long history is cut to the newest items.
func TestTimelineCap(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		x := e.create("甲公司", e.f.c1)
		err := e.inTx(func(tx *sql.Tx) error {
			for i := range enterprise.MaxTimeline + 10 {
				if _, err := tx.ExecContext(e.ctx, `INSERT INTO assignment_history (enterprise_id, changed_at, note) VALUES ($1, $2, '')`,
					x.ID, db.Micros(start.Add(time.Duration(i+1)*time.Minute))); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		items, err := e.svc.Timeline(e.ctx, e.as(e.f.leader), x.ID)
		if err != nil || len(items) != enterprise.MaxTimeline {
			t.Fatalf("%d items, %v", len(items), err)
		}
		if !items[0].At.Equal(start.Add(time.Duration(enterprise.MaxTimeline+10) * time.Minute)) {
			t.Errorf("newest %v", items[0].At)
		}
		for _, it := range items {
			if it.Kind == enterprise.TimelineCreated {
				t.Error("the oldest item survived the cut")
			}
		}
	})
}
