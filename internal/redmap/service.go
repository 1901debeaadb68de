package redmap

import (
	"context"
	"database/sql"
	"io"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Service is the use cases of the red map.
type Service struct {
	DB    *db.DB
	Audit *audit.Log
	Now   func() time.Time
	// Limit is the largest boundary file in bytes; zero is DefaultLimit.
	Limit int64
	// Sources are the map's layers, in the legend's order.
	Sources []Source
}

// MaxBytes is the configured limit of a boundary file.
func (s *Service) MaxBytes() int64 {
	if s.Limit <= 0 {
		return DefaultLimit
	}
	return s.Limit
}

// Upload replaces a community's boundary with the file r holds. The file
// is read up to the limit and checked before anything is written; any
// fault is named on its field and nothing is written.
func (s *Service) Upload(ctx context.Context, a access.Actor, communityID int64, r io.Reader) (Boundary, error) {
	if !Uploads(a) {
		return Boundary{}, errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	if communityID <= 0 {
		f.Add("community_id", "err.required")
	}
	var c Checked
	data, err := ReadLimited(r, s.MaxBytes())
	if err == nil {
		c, err = Check(data, s.MaxBytes())
	}
	if err != nil {
		for k, v := range errs.As(err).Fields {
			f.Add(k, v)
		}
	}
	var out Boundary
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var name, path string
		if communityID > 0 {
			err := tx.QueryRowContext(ctx, "SELECT name, path FROM units WHERE id = $1 AND kind = $2 AND active = TRUE",
				communityID, string(org.Community)).Scan(&name, &path)
			if err != nil || !a.Covers(path) {
				f.Add("community_id", "err.unit_unknown")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		at := s.Now().UTC().Truncate(time.Microsecond)
		id, was, err := Replace(ctx, tx, communityID, c, false, a.UserID, at)
		if err != nil {
			return err
		}
		e := audit.Entry{Action: "map.boundary.upload", Entity: "map_boundary", EntityID: id,
			After: viewOf(id, communityID, int64(len(c.Text)), c.Bound, false)}
		if was > 0 {
			size, box, schematic, err := boxOf(ctx, tx, was)
			if err != nil {
				return err
			}
			e.Before = viewOf(was, communityID, size, box, schematic)
		}
		out = Boundary{ID: id, CommunityID: communityID, CommunityName: name, SizeBytes: int64(len(c.Text)), Bound: c.Bound,
			Label: c.Label, Polygons: c.Polygons, UploadedAt: at, communityPath: path}
		return s.Audit.Append(ctx, tx, a, e)
	})
	return out, err
}

// Boundaries are the current boundaries of the communities in the
// actor's scope.
func (s *Service) Boundaries(ctx context.Context, a access.Actor) ([]Boundary, error) {
	if !Sees(a) {
		return nil, errs.E(errs.NotFound)
	}
	return currentBoundaries(ctx, s.DB.R, a)
}

// Communities are the communities the actor uploads boundaries for.
func (s *Service) Communities(ctx context.Context, a access.Actor) ([]Community, error) {
	if !Uploads(a) {
		return nil, errs.E(errs.NotFound)
	}
	sc, err := s.scopeOf(ctx, a)
	return sc.Communities, err
}
