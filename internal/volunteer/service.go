package volunteer

import (
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/db"
)

// Service is the use cases of the joint volunteer services.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }
