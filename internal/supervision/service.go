package supervision

import (
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/db"
)

// Service is the use cases on supervision notices and their figures.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
	// Targets resolves each kind of target. A kind without an entry
	// cannot be supervised (yet): issuing on it is refused.
	Targets map[Kind]Target
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
