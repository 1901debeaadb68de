package microproject

import (
	"time"

	"pinghu/internal/audit"
	"pinghu/internal/db"
)

// Service is the use cases on micro-projects.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// zone is China Standard Time, in which a project's year and a
// publication's days are counted.
var zone = time.FixedZone("CST", 8*3600)

// YearOf is the year a moment falls in, in China.
func YearOf(t time.Time) int { return t.In(zone).Year() }
