package enterprise

import (
	"context"
	"database/sql"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Service is the use cases of the enterprise service.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
	// Files keeps attachment bytes on disk with SQLite; with PostgreSQL the
	// bytes go in the database and Files may be nil.
	Files *FileStore
	// AppealVisible, set by the appeal module, narrows who may open an
	// appeal's attachments beyond the enterprise scope (a department sees
	// only its department's appeals). Set it once at wiring, before use;
	// unset, no appeal's attachment opens.
	AppealVisible func(ctx context.Context, a access.Actor, appealID int64) error
	// ReportVisible, set by the project module, decides who may open the
	// photos of a project's progress report: those who may see the
	// project. Unset, no report's photo opens.
	ReportVisible func(ctx context.Context, a access.Actor, reportID int64) error
	// ConsultationVisible, set by the think tank, decides who may open
	// the files of an expert's answer: those who see the consultation.
	ConsultationVisible func(ctx context.Context, a access.Actor, consultationID int64) error
}

// now is the injected clock at the stored precision, so that a value
// returned by a use case equals the same value read back.
func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Get returns one enterprise in the actor's scope.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Enterprise, error) {
	return getInScope(ctx, s.DB.R, a, id)
}

// Create registers an enterprise in a community of the actor's scope.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Enterprise, error) {
	if !canManage(a) {
		return Enterprise{}, errs.E(errs.NotFound)
	}
	f := in.validate(true)
	var out Enterprise
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkStored(ctx, tx, a, in, Enterprise{}, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		e := Enterprise{Status: Operating, CreatedAt: s.now()}
		in.apply(&e)
		id, err := insertEnterprise(ctx, tx, e)
		if err != nil {
			return err
		}
		// Read back for the community's name and the stored form.
		if out, err = getByID(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.create", Entity: "enterprise", EntityID: id, After: out})
	})
	return out, err
}

// Update changes the fields present in in on an enterprise in scope.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Enterprise, error) {
	if !canManage(a) {
		return Enterprise{}, errs.E(errs.NotFound)
	}
	f := in.validate(false)
	var out Enterprise
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getForUpdate(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if err := s.checkStored(ctx, tx, a, in, before, f); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		e := before
		in.apply(&e)
		e.UpdatedAt = s.now()
		if err := updateEnterprise(ctx, tx, e); err != nil {
			return err
		}
		if out, err = getByID(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.update", Entity: "enterprise", EntityID: id,
			Before: before, After: out})
	})
	return out, err
}

// checkStored adds to f the problems only the database can tell: a
// community outside the scope or not a community, a credit code another
// enterprise holds. It skips fields that already failed, and a community
// left as it was: an enterprise whose community was deactivated can still
// be edited from a form that sends every field.
func (s *Service) checkStored(ctx context.Context, tx *sql.Tx, a access.Actor, in Input, before Enterprise, f errs.Fields) error {
	if _, bad := f["community_id"]; in.CommunityID != nil && !bad && *in.CommunityID != before.CommunityID {
		ok, err := communityInScope(ctx, tx, a, *in.CommunityID)
		if err != nil {
			return err
		}
		if !ok {
			f.Add("community_id", "err.enterprise_community")
		}
	}
	if _, bad := f["credit_code"]; in.CreditCode != nil && !bad {
		taken, err := codeTakenByOther(ctx, tx, *in.CreditCode, before.ID)
		if err != nil {
			return err
		}
		if taken {
			f.Add("credit_code", "err.enterprise_credit_code_taken")
		}
	}
	return nil
}
