package campaign

import (
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// Service is the use cases on campaigns and activities.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// cst is China Standard Time, in which phases and meetings are dated.
var cst = i18n.Zone

// today is the CST date of the injected clock.
func (s *Service) today() string { return s.now().In(cst).Format(time.DateOnly) }

// parseDate reads a YYYY-MM-DD date as the start of that day in CST.
func parseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, cst)
	return t, err == nil && t.Format(time.DateOnly) == s
}

// AsOfDate is the end of a CST date: the last microsecond of that day, so
// that everything on that day counts and nothing of the next.
func AsOfDate(date string) (time.Time, bool) {
	t, ok := parseDate(date)
	if !ok {
		return time.Time{}, false
	}
	return t.AddDate(0, 0, 1).Add(-time.Microsecond).UTC(), true
}
