package thinktank

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
)

// Service is the use cases of the think tank.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
	// Files stores the attachments of answers with every other upload
	// (enterprise.OwnerConsultation).
	Files interface {
		SaveAttachmentsTx(ctx context.Context, tx *sql.Tx, a access.Actor, owner string, ownerID int64, ups []enterprise.Upload) ([]enterprise.Attachment, error)
	}
}

// now is the injected clock at the stored precision.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// today is the calendar day in China Standard Time, against which
// appointments are active.
func (s *Service) today() string { return s.Now().In(i18n.Zone).Format(time.DateOnly) }
