package appeal

import (
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
)

// Service is the use cases on appeals and their figures.
type Service struct {
	DB       *db.DB
	Audit    *audit.Log
	Now      func() time.Time
	Calendar *calendar.Service
}

// now is the injected clock at the stored precision, so that what a call
// returns equals what a later read returns.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
