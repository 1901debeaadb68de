package calendar

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Service reads and edits the calendar.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time

	mu    sync.Mutex
	cache map[int]cachedCalendar // by year
}

// cachedCalendar is a calendar with the stamp of the table it was read
// from: the number of listed days and the version every edit renews.
type cachedCalendar struct {
	cal   Calendar
	stamp stamp
}

type stamp struct {
	days    int64
	version string
}

const versionKey = "calendar.version"

// bumpVersion renews the version inside an edit's transaction, so that
// every server process reads the calendar again.
func bumpVersion(ctx context.Context, tx *sql.Tx) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	if _, err := tx.ExecContext(ctx, "DELETE FROM settings WHERE key = $1", versionKey); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "INSERT INTO settings (key, value) VALUES ($1, $2)", versionKey, hex.EncodeToString(b))
	return err
}

// Around returns the calendar for the years around t: deadlines reach at
// most weeks ahead, so the year before and the year after are enough. The
// calendar is kept between calls and read again whenever the table's
// stamp changes, which another server process's edit also does.
func (s *Service) Around(ctx context.Context, q db.Querier, t time.Time) (Calendar, error) {
	y := t.In(i18n.Zone).Year()
	var st stamp
	if err := q.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM calendar_days),
		COALESCE((SELECT value FROM settings WHERE key = $1), '')`, versionKey).Scan(&st.days, &st.version); err != nil {
		return Calendar{}, errs.Wrap(err, "calendar stamp")
	}
	s.mu.Lock()
	c, ok := s.cache[y]
	s.mu.Unlock()
	if ok && c.stamp == st {
		return c.cal, nil
	}
	days, err := s.list(ctx, q, fmt.Sprintf("%d-01-01", y-1), fmt.Sprintf("%d-12-31", y+1))
	if err != nil {
		return Calendar{}, err
	}
	cal := New(days)
	s.mu.Lock()
	if s.cache == nil {
		s.cache = map[int]cachedCalendar{}
	}
	s.cache[y] = cachedCalendar{cal: cal, stamp: st}
	s.mu.Unlock()
	return cal, nil
}

// Year lists the listed days of a year, for the calendar page.
func (s *Service) Year(ctx context.Context, year int) ([]Day, error) {
	return s.list(ctx, s.DB.R, fmt.Sprintf("%d-01-01", year), fmt.Sprintf("%d-12-31", year))
}

func (s *Service) list(ctx context.Context, q db.Querier, from, to string) ([]Day, error) {
	rows, err := q.QueryContext(ctx, "SELECT day, kind, name FROM calendar_days WHERE day >= $1 AND day <= $2 ORDER BY day", from, to)
	if err != nil {
		return nil, errs.Wrap(err, "calendar list")
	}
	defer rows.Close()
	out := []Day{}
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Date, &d.Kind, &d.Name); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Set lists a day as a holiday or a make-up working day, replacing what
// was listed for it. Only the sysadmin edits the calendar.
func (s *Service) Set(ctx context.Context, a access.Actor, d Day) error {
	if !a.Can(access.ManageHoliday) {
		return errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	d.Date, d.Name = strings.TrimSpace(d.Date), strings.TrimSpace(d.Name)
	day, err := time.ParseInLocation(time.DateOnly, d.Date, i18n.Zone)
	if err != nil {
		f.Add("date", "err.bad_date")
	}
	if d.Kind != Holiday && d.Kind != Workday {
		f.Add("kind", "err.calendar_kind")
	}
	if utf8.RuneCountInString(d.Name) > 40 {
		f.Add("name", "err.too_long")
	}
	if err == nil {
		weekend := day.Weekday() == time.Saturday || day.Weekday() == time.Sunday
		// Listing a weekend as a holiday or a weekday as a working day
		// changes nothing; it is almost certainly a slip of the finger.
		if d.Kind == Holiday && weekend {
			f.Add("kind", "err.calendar_weekend_holiday")
		}
		if d.Kind == Workday && !weekend {
			f.Add("kind", "err.calendar_weekday_workday")
		}
	}
	if err := f.Err(); err != nil {
		return err
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, _ := s.list(ctx, tx, d.Date, d.Date)
		if _, err := tx.ExecContext(ctx, "DELETE FROM calendar_days WHERE day = $1", d.Date); err != nil {
			return errs.Wrap(err, "calendar set")
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO calendar_days (day, kind, name, updated_at) VALUES ($1, $2, $3, $4)",
			d.Date, d.Kind, d.Name, db.Micros(s.Now())); err != nil {
			return errs.Wrap(err, "calendar set")
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return errs.Wrap(err, "calendar version")
		}
		var b any
		if len(before) > 0 {
			b = before[0]
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "calendar.set", Entity: "calendar_day", EntityID: d.Date, Before: b, After: d})
	})
}

// Remove returns a day to the weekly rule.
func (s *Service) Remove(ctx context.Context, a access.Actor, date string) error {
	if !a.Can(access.ManageHoliday) {
		return errs.E(errs.NotFound)
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.list(ctx, tx, date, date)
		if err != nil {
			return err
		}
		if len(before) == 0 {
			return errs.E(errs.NotFound)
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM calendar_days WHERE day = $1", date); err != nil {
			return errs.Wrap(err, "calendar remove")
		}
		if err := bumpVersion(ctx, tx); err != nil {
			return errs.Wrap(err, "calendar version")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "calendar.remove", Entity: "calendar_day", EntityID: date, Before: before[0]})
	})
}
