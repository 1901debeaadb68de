package party

import (
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// Service is the use cases on party organisations, their coverage and
// the positions.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the date in China Standard Time, the calendar organisations use.
func (s *Service) today() string { return s.Now().In(i18n.Zone).Format(time.DateOnly) }
