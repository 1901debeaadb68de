package station

import (
	"context"
	"database/sql"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// AddRecord enters a service record of a station: a day's count for one
// of its services, or, without a count, one entry with a note. A day in
// the future or before the station opened, a service it does not offer
// and a negative count are refused with the field named, and nothing is
// written.
func (s *Service) AddRecord(ctx context.Context, a access.Actor, id int64, in RecordInput) (Record, error) {
	var out Record
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		st, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !records(a, st.communityPath) {
			return errs.E(errs.NotFound)
		}
		n, f := in.validate(st, s.today())
		if err := f.Err(); err != nil {
			return err
		}
		r := Record{StationID: id, Day: in.Day, Service: in.Service, Count: n, Note: in.Note, RecordedAt: s.now()}
		if err := tx.QueryRowContext(ctx, `INSERT INTO station_records (station_id, day, service, served, note, recorded_by, recorded_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, r.Day, r.Service, r.Count, r.Note, nullID(a.UserID),
			db.Micros(r.RecordedAt)).Scan(&r.ID); err != nil {
			return errs.Wrap(err, "station record insert")
		}
		out = r
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "station.record", Entity: "station", EntityID: id,
			After: map[string]any{"record_id": r.ID, "day": r.Day, "service": r.Service, "count": r.Count}})
	})
	return out, err
}

// Records returns one page of a station's records, the latest day first.
func (s *Service) Records(ctx context.Context, a access.Actor, id int64, page db.Page) (db.List[Record], error) {
	out := db.List[Record]{Items: []Record{}}
	if _, err := getInScope(ctx, s.DB.R, a, id); err != nil {
		return out, err
	}
	page = db.NewPage(page.Number, page.Size)
	out.Page, out.PageSize = page.Number, page.Size
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*) FROM station_records WHERE station_id = $1", id).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "station records count")
	}
	var w db.Where
	w.And("station_id = ?", id)
	// #nosec G202 -- constants and placeholders only
	q := "SELECT id, station_id, day, service, served, note, recorded_at FROM station_records" + w.SQL() +
		" ORDER BY day DESC, id DESC" + page.LimitOffset(&w)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "station records")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var r Record
		var at int64
		if err := rows.Scan(&r.ID, &r.StationID, &r.Day, &r.Service, &r.Count, &r.Note, &at); err != nil {
			return out, errs.Wrap(err, "station records scan")
		}
		r.RecordedAt = db.Time(at)
		out.Items = append(out.Items, r)
	}
	return out, errs.Wrap(rows.Err(), "station records")
}

// Months returns a station's served totals by month and service, the
// latest month first: the monthly report of a station.
func (s *Service) Months(ctx context.Context, a access.Actor, id int64) ([]Month, error) {
	if _, err := getInScope(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT substr(day, 1, 7), service, COALESCE(sum(served), 0) FROM station_records
		WHERE station_id = $1 GROUP BY substr(day, 1, 7), service ORDER BY substr(day, 1, 7) DESC, service`, id)
	if err != nil {
		return nil, errs.Wrap(err, "station months")
	}
	defer func() { _ = rows.Close() }()
	out := []Month{}
	for rows.Next() {
		var m Month
		if err := rows.Scan(&m.Month, &m.Service, &m.Count); err != nil {
			return nil, errs.Wrap(err, "station months scan")
		}
		out = append(out, m)
	}
	return out, errs.Wrap(rows.Err(), "station months")
}
