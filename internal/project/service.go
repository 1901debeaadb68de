package project

import (
	"context"
	"pinghu/internal/enterprise"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// Service is the use cases on projects and their figures.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
	// SupervisionOpen counts the open supervision notices the actor sees
	// as of a date, for the project figures; nil counts none. The
	// supervision module provides it.
	SupervisionOpen func(ctx context.Context, a access.Actor, asOf time.Time) (int, error)
	// Files stores the photos of progress reports with every other upload.
	Files *enterprise.Service
	// AppealVisible answers nil if the actor may see appeal id, not found
	// if not; nil links no appeal. The appeal module provides it.
	AppealVisible func(ctx context.Context, a access.Actor, id int64) error
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the current date in China Standard Time, YYYY-MM-DD.
func (s *Service) today() string { return s.Now().In(i18n.Zone).Format(time.DateOnly) }

// validDate reports whether s is a YYYY-MM-DD date.
func validDate(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil && len(s) == 10
}
