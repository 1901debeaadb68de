package calendar_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/i18n"
)

// An edit reaches every reader at once, though calendars are cached: one
// service edits, another (a second server process) computes deadlines.
func TestCacheFollowsEdits(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) } // frozen: stamps cannot rely on times
		log := &audit.Log{DB: d, Now: now}
		editor := &calendar.Service{DB: d, Audit: log, Now: now}
		reader := &calendar.Service{DB: d, Audit: log, Now: now}
		admin := access.Actor{UserID: 1, Username: "admin", Role: access.Sysadmin, UnitID: 1, ScopePath: "/1/"}
		monday := time.Date(2027, 3, 1, 10, 0, 0, 0, i18n.Zone)
		due := func() time.Time {
			cal, err := reader.Around(ctx, d.R, monday)
			if err != nil {
				t.Fatal(err)
			}
			return cal.AddWorkdays(monday, 1).In(i18n.Zone)
		}
		if got := due(); got.Day() != 3 {
			t.Fatalf("Monday + 1 working day = end of %s", got.Add(-time.Second).Format(time.DateOnly))
		}
		steps := []struct {
			kind string
			day  int // Monday + 1 working day ends at midnight before this day
		}{{calendar.Holiday, 4}, {"remove", 3}, {calendar.Holiday, 4}}
		for _, st := range steps {
			var err error
			if st.kind == "remove" {
				err = editor.Remove(ctx, admin, "2027-03-02")
			} else {
				err = editor.Set(ctx, admin, calendar.Day{Date: "2027-03-02", Kind: st.kind, Name: "测试"})
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := due(); got.Day() != st.day {
				t.Fatalf("after %s: due at %s, want the start of 2027-03-%02d", st.kind, got, st.day)
			}
		}
	})
}
