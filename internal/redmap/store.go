package redmap

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/paulmach/orb"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

const boundaryColumns = `b.id, b.community_id, c.name, c.path, b.geojson, b.size_bytes, b.min_lng, b.min_lat, b.max_lng,
	b.max_lat, b.label_lng, b.label_lat, b.schematic, COALESCE(u.display_name, ''), b.uploaded_at`

func scanBoundary(row interface{ Scan(...any) error }) (Boundary, error) {
	var b Boundary
	var text string
	var at int64
	err := row.Scan(&b.ID, &b.CommunityID, &b.CommunityName, &b.communityPath, &text, &b.SizeBytes, &b.Bound.Min[0],
		&b.Bound.Min[1], &b.Bound.Max[0], &b.Bound.Max[1], &b.Label[0], &b.Label[1], &b.Schematic, &b.UploadedBy, &at)
	if err != nil {
		return b, err
	}
	b.UploadedAt = db.Time(at)
	// The text was checked when it was stored; parsing it again cannot
	// fail unless the row was edited by hand, and then the map should
	// say so rather than draw nothing.
	b.Polygons, err = ParseBoundary([]byte(text), int64(len(text)))
	return b, err
}

// currentBoundaries reads the current boundary of every community in the
// actor's scope, in the communities' order.
func currentBoundaries(ctx context.Context, q db.Querier, a access.Actor) ([]Boundary, error) {
	var w db.Where
	w.And("b.replaced_at IS NULL")
	scope(&w, a)
	// #nosec G202 -- columns and FROM are constants, the conditions placeholders
	rows, err := q.QueryContext(ctx, "SELECT "+boundaryColumns+boundaryFrom+w.SQL()+" ORDER BY c.sort_order, c.id", w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "map boundaries")
	}
	defer func() { _ = rows.Close() }()
	var out []Boundary
	for rows.Next() {
		b, err := scanBoundary(rows)
		if err != nil {
			return nil, errs.Wrap(err, "map boundary scan")
		}
		out = append(out, b)
	}
	return out, errs.Wrap(rows.Err(), "map boundaries")
}

// Replace stores c as the community's current boundary, marking the one
// before it replaced; it returns the new row's id and the one it
// replaced (0 for none). The caller checks the community and writes the
// audit record in the same transaction.
func Replace(ctx context.Context, tx *sql.Tx, communityID int64, c Checked, schematic bool, by int64, at time.Time) (id, was int64, err error) {
	err = tx.QueryRowContext(ctx, "SELECT id FROM map_boundaries WHERE community_id = $1 AND replaced_at IS NULL", communityID).Scan(&was)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		was = 0
	case err != nil:
		return 0, 0, errs.Wrap(err, "map boundary current")
	default:
		if _, err := tx.ExecContext(ctx, "UPDATE map_boundaries SET replaced_at = $1 WHERE id = $2", db.Micros(at), was); err != nil {
			return 0, 0, errs.Wrap(err, "map boundary replace")
		}
	}
	var uploader any
	if by > 0 {
		uploader = by
	}
	err = tx.QueryRowContext(ctx, `INSERT INTO map_boundaries (community_id, geojson, size_bytes, min_lng, min_lat, max_lng, max_lat,
		label_lng, label_lat, schematic, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		communityID, c.Text, len(c.Text), c.Bound.Min[0], c.Bound.Min[1], c.Bound.Max[0], c.Bound.Max[1], c.Label[0], c.Label[1],
		schematic, uploader, db.Micros(at)).Scan(&id)
	return id, was, errs.Wrap(err, "map boundary insert")
}

// boxOf is the box of the boundary with the given id, for the audit
// record of what was replaced.
func boxOf(ctx context.Context, q db.Querier, id int64) (size int64, b orb.Bound, schematic bool, err error) {
	err = q.QueryRowContext(ctx, "SELECT size_bytes, min_lng, min_lat, max_lng, max_lat, schematic FROM map_boundaries WHERE id = $1", id).
		Scan(&size, &b.Min[0], &b.Min[1], &b.Max[0], &b.Max[1], &schematic)
	return size, b, schematic, errs.Wrap(err, "map boundary box")
}

// collect calls scan for each row and closes rows, reporting the first
// error of the scan, the iteration or the close.
func collect(rows *sql.Rows, scan func() error) (err error) {
	defer func() {
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
	}()
	for rows.Next() {
		if err := scan(); err != nil {
			return err
		}
	}
	return rows.Err()
}
