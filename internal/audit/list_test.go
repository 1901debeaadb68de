package audit_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
)

// auditor is an auditor with the whole installation in scope.
var auditor = access.Actor{UserID: 900, Username: "auditor", Role: access.Auditor, UnitID: 1, ScopePath: "/1/"}

// sample writes six records an hour apart, seq 1..6.
func sample(t *testing.T, l *audit.Log, c *clock) {
	t.Helper()
	type rec struct {
		actor, ip string
		e         audit.Entry
	}
	for _, r := range []rec{
		{"zhang", "10.0.0.1", audit.Entry{Action: "login", Entity: "user", EntityID: 1, Result: audit.Failure}},
		{"zhang", "10.0.0.1", audit.Entry{Action: "login", Entity: "user", EntityID: 1, Result: audit.OK}},
		{"li", "10.0.0.3", audit.Entry{Action: "unit.create", Entity: "unit", EntityID: 5, After: map[string]string{"name": "平湖社区"}}},
		{"li", "10.0.0.3", audit.Entry{Action: "unit.update", Entity: "unit", EntityID: 5, Before: map[string]string{"name": "平湖社区"}, After: map[string]string{"name": "新平湖社区"}}},
		{"wang", "10.0.0.2", audit.Entry{Action: "login", Entity: "user", Result: audit.Failure}},
		{"zhang", "10.0.0.1", audit.Entry{Action: "user.update", Entity: "user", EntityID: 9, Result: audit.Denied}},
	} {
		appendOne(t, l, access.Actor{Username: r.actor, Role: access.Sysadmin, IP: r.ip}, r.e)
		c.Advance(time.Hour)
	}
}

func seqs(rs []audit.Record) []int64 {
	out := []int64{}
	for _, r := range rs {
		out = append(out, r.Seq)
	}
	return out
}

func TestListFilters(t *testing.T) {
	hour := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
	all := db.NewPage(1, 50)
	cases := []struct {
		name  string
		f     audit.Filter
		want  []int64
		total int
	}{
		{"everything, newest first", audit.Filter{Page: all}, []int64{6, 5, 4, 3, 2, 1}, 6},
		{"from is inclusive", audit.Filter{From: hour(2), Page: all}, []int64{6, 5, 4, 3}, 4},
		{"to is exclusive", audit.Filter{To: hour(2), Page: all}, []int64{2, 1}, 2},
		{"from and to", audit.Filter{From: hour(1), To: hour(4), Page: all}, []int64{4, 3, 2}, 3},
		{"an empty range", audit.Filter{From: hour(3), To: hour(3), Page: all}, []int64{}, 0},
		{"actor", audit.Filter{Actor: "zhang", Page: all}, []int64{6, 2, 1}, 3},
		{"actor is matched exactly", audit.Filter{Actor: "zhan", Page: all}, []int64{}, 0},
		{"action", audit.Filter{Action: "login", Page: all}, []int64{5, 2, 1}, 3},
		{"result", audit.Filter{Result: audit.Failure, Page: all}, []int64{5, 1}, 2},
		{"action and result", audit.Filter{Action: "login", Result: audit.OK, Page: all}, []int64{2}, 1},
		{"entity and id", audit.Filter{Entity: "unit", EntityID: "5", Page: all}, []int64{4, 3}, 2},
		{"actor and range", audit.Filter{Actor: "zhang", From: hour(1), Page: all}, []int64{6, 2}, 2},
		{"first page", audit.Filter{Page: db.NewPage(1, 4)}, []int64{6, 5, 4, 3}, 6},
		{"second page", audit.Filter{Page: db.NewPage(2, 4)}, []int64{2, 1}, 6},
		{"a page of two in the middle", audit.Filter{Page: db.NewPage(2, 2)}, []int64{4, 3}, 6},
		{"past the last page", audit.Filter{Page: db.NewPage(4, 2)}, []int64{}, 6},
		{"paged filter", audit.Filter{Action: "login", Page: db.NewPage(2, 2)}, []int64{1}, 3},
	}
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, c := newLog(d)
		sample(t, l, c)
		for _, tc := range cases {
			got, err := l.List(ctx, auditor, tc.f)
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
				continue
			}
			if !slices.Equal(seqs(got.Items), tc.want) || got.Total != tc.total {
				t.Errorf("%s: seqs %v total %d, want %v total %d", tc.name, seqs(got.Items), got.Total, tc.want, tc.total)
			}
			if got.Page != tc.f.Page.Number || got.PageSize != tc.f.Page.Size {
				t.Errorf("%s: page %d size %d, want %d, %d", tc.name, got.Page, got.PageSize, tc.f.Page.Number, tc.f.Page.Size)
			}
		}

		// A listed record is the stored record, hash and all.
		got, err := l.List(ctx, auditor, audit.Filter{Action: "unit.update", Page: all})
		if err != nil || len(got.Items) != 1 {
			t.Fatalf("unit.update: %v, %v", got, err)
		}
		r := got.Items[0]
		if r.Actor != "li" || r.IP != "10.0.0.3" || r.EntityID != "5" || r.Before != `{"name":"平湖社区"}` ||
			r.After != `{"name":"新平湖社区"}` || !r.At.Equal(hour(3)) || r.Hash != r.ComputeHash() || r.PrevHash != record(t, d, 3).Hash {
			t.Errorf("listed record %+v", r)
		}
	})
}

func TestListIsForTheAuditorOnly(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, c := newLog(d)
		sample(t, l, c)
		page := db.NewPage(1, 20)
		others := append([]access.Role{"system", ""}, access.Roles...)
		for _, role := range others {
			if role == access.Auditor {
				continue
			}
			a := access.Actor{UserID: 1, Username: "x", Role: role, UnitID: 1, ScopePath: "/1/"}
			got, err := l.List(ctx, a, audit.Filter{Page: page})
			if errs.CodeOf(err) != errs.NotFound || len(got.Items) != 0 || got.Total != 0 {
				t.Errorf("%q: %d items, total %d, %v; want not_found and nothing", role, len(got.Items), got.Total, err)
			}
		}
		for _, a := range []access.Actor{
			{UserID: 900, Username: "auditor", Role: access.Auditor},
			{UserID: 900, Username: "auditor", Role: access.Auditor, UnitID: 1},
			{UserID: 900, Username: "auditor", Role: access.Auditor, ScopePath: "/1/"},
			{UserID: 900, Username: "auditor", Role: access.Auditor, UnitID: 1, ScopePath: "/"},
		} {
			got, err := l.List(ctx, a, audit.Filter{Page: page})
			if err != nil || len(got.Items) != 0 || got.Total != 0 {
				t.Errorf("auditor without a scope %+v: %d items, total %d, %v; want an empty list", a, len(got.Items), got.Total, err)
			}
		}
		if got, err := l.List(ctx, auditor, audit.Filter{Page: page}); err != nil || got.Total != 6 {
			t.Errorf("auditor with a scope: total %d, %v", got.Total, err)
		}
	})
}

func TestCountSince(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, c := newLog(d)
		sample(t, l, c)
		// A second failure from 10.0.0.1 at hour 6.
		appendOne(t, l, access.Actor{Username: "nobody", IP: "10.0.0.1"}, audit.Entry{Action: "login", Entity: "user", Result: audit.Failure})
		hour := func(h int) time.Time { return start.Add(time.Duration(h) * time.Hour) }
		cases := []struct {
			ip, action, result string
			since              time.Time
			want               int
		}{
			{"10.0.0.1", "login", audit.Failure, hour(0), 2},
			{"10.0.0.1", "login", audit.Failure, hour(0).Add(time.Microsecond), 1},
			{"10.0.0.1", "login", audit.Failure, hour(6), 1},
			{"10.0.0.1", "login", audit.Failure, hour(7), 0},
			{"10.0.0.1", "login", audit.OK, hour(0), 1},
			{"10.0.0.1", "user.update", audit.Denied, hour(0), 1},
			{"10.0.0.2", "login", audit.Failure, hour(0), 1},
			{"10.0.0.3", "login", audit.Failure, hour(0), 0},
			{"10.0.0.1", "unit.create", audit.OK, hour(0), 0},
			{"", "login", audit.Failure, hour(0), 0},
		}
		for _, tc := range cases {
			got, err := l.CountSince(ctx, tc.ip, tc.action, tc.result, tc.since)
			if err != nil || got != tc.want {
				t.Errorf("CountSince(%q, %q, %q, %v) = %d, %v; want %d", tc.ip, tc.action, tc.result, tc.since, got, err, tc.want)
			}
		}
	})
}

// wallNow is the only wall-clock read in these tests: the retention trigger
// compares against the database's own clock, so Purge must be run with a
// clock close to it.
func wallNow() time.Time { return time.Now().UTC() }

func TestPurge(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	const day = 24 * time.Hour
	cases := []struct {
		retention time.Duration
		deleted   int64
	}{
		{-time.Hour, 4},
		{0, 4},
		{time.Hour, 4},
		{30 * day, 4},
		{183 * day, 4},
		{audit.MinRetention, 4},
		{365 * day, 3},
		{10 * 365 * day, 0},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("retention %v", tc.retention), func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				ctx := context.Background()
				l, c := newLog(d)
				now := wallNow()
				// Oldest first, as the chain is written: two in 2020, then
				// 400, 190, 183, 100 days and one hour ago.
				ats := []time.Time{
					time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC),
					now.Add(-400 * day), now.Add(-190 * day), now.Add(-183 * day), now.Add(-100 * day), now.Add(-time.Hour),
				}
				for _, at := range ats {
					c.Set(at)
					appendN(t, l, c, 1)
				}
				c.Set(now)
				n, err := l.Purge(ctx, tc.retention)
				if err != nil || n != tc.deleted {
					t.Fatalf("Purge(%v) = %d, %v; want %d", tc.retention, n, err, tc.deleted)
				}
				keep := max(tc.retention, audit.MinRetention)
				rs := records(t, d)
				// A purge that deleted anything records itself, continuing the chain.
				purgeRecord := 0
				if tc.deleted > 0 {
					purgeRecord = 1
					if tail := rs[len(rs)-1]; tail.Action != "audit.purge" {
						t.Errorf("the last record is %q, want the purge's own", tail.Action)
					}
				}
				if want := len(ats) - int(tc.deleted) + purgeRecord; len(rs) != want {
					t.Fatalf("%d records left, want %d", len(rs), want)
				}
				for _, r := range rs {
					if r.At.Before(now.Add(-keep)) {
						t.Errorf("record %d at %v outlived the retention of %v", r.Seq, r.At, keep)
					}
				}
				if rs[0].Seq != tc.deleted+1 {
					t.Errorf("oldest left is %d, want %d: purge must take the oldest", rs[0].Seq, tc.deleted+1)
				}
				// What is left still verifies, and the chain goes on.
				if got, err := l.Verify(ctx); err != nil || got != int64(len(rs)) {
					t.Fatalf("Verify after purge = %d, %v; want %d", got, err, len(rs))
				}
				appendN(t, l, c, 1)
				last := records(t, d)
				if tail := last[len(last)-1]; tail.Seq != int64(len(ats)+1+purgeRecord) || tail.PrevHash != rs[len(rs)-1].Hash {
					t.Errorf("the record after a purge is %d linking %q, want %d linking the last one", tail.Seq, tail.PrevHash, len(ats)+1+purgeRecord)
				}
			})
		})
	}
}

// TestPurgeAnchorsTheChain: records removed by retention are not a gap,
// but records removed before the oldest one that retention kept are.
func TestPurgeAnchorsTheChain(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, c := newLog(d)
		c.Set(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		appendN(t, l, c, 4) // 1..4, old
		c.Set(wallNow().Add(-time.Hour))
		appendN(t, l, c, 3) // 5..7, young
		c.Set(wallNow())
		if n, err := l.Purge(ctx, audit.MinRetention); err != nil || n != 4 {
			t.Fatalf("Purge = %d, %v; want 4", n, err)
		}
		// 5..7 and the purge's own record, 8.
		if got, err := l.Verify(ctx); err != nil || got != 4 {
			t.Fatalf("Verify after purge = %d, %v; want 4, nil", got, err)
		}
		// A second purge with nothing to do keeps the anchor and writes nothing.
		if n, err := l.Purge(ctx, audit.MinRetention); err != nil || n != 0 {
			t.Fatalf("second Purge = %d, %v; want 0", n, err)
		}
		if got, err := l.Verify(ctx); err != nil || got != 4 {
			t.Fatalf("Verify after an empty purge = %d, %v; want 4, nil", got, err)
		}
		// Removing the oldest record retention kept is caught.
		disableGuards(t, d)
		exec(t, d, "DELETE FROM audit_log WHERE seq = 5")
		_, err := l.Verify(ctx)
		if e := brokenAt(err, 6); e != nil {
			t.Fatal(e)
		}
		if !strings.Contains(err.Error(), "records 5 to 5 are missing") {
			t.Errorf("reason %q", err)
		}
	})
}

// TestPurgeOfEverythingKeepsTheChain: when every record is past its
// retention (an installation idle for longer than the retention), Purge
// empties the table and anchors the chain at the last record; its own
// record and every later one continue from the anchor.
func TestPurgeOfEverythingKeepsTheChain(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, c := newLog(d)
		c.Set(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
		appendN(t, l, c, 3)
		last := record(t, d, 3)
		c.Set(wallNow())
		if n, err := l.Purge(ctx, audit.MinRetention); err != nil || n != 3 {
			t.Fatalf("Purge = %d, %v; want 3", n, err)
		}
		rs := records(t, d)
		if len(rs) != 1 || rs[0].Seq != 4 || rs[0].PrevHash != last.Hash || rs[0].Action != "audit.purge" {
			t.Fatalf("after purging everything: %+v; want only the purge's record, seq 4, linking record 3", rs)
		}
		appendN(t, l, c, 1)
		rs = records(t, d)
		if tail := rs[len(rs)-1]; tail.Seq != 5 || tail.PrevHash != rs[0].Hash {
			t.Errorf("the next record is seq %d linking %q; want seq 5 linking the purge's record", tail.Seq, tail.PrevHash)
		}
		if got, err := l.Verify(ctx); err != nil || got != 2 {
			t.Errorf("Verify after purging everything and appending one = %d, %v; want 2, nil", got, err)
		}
	})
}
