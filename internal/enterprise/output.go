package enterprise

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
)

// Output is an enterprise's annual output value (产值), in whole yuan:
// statistics report it in yuan or ten-thousands of yuan, never in fen, and
// an integer keeps sums exact.
type Output struct {
	Year      int   `json:"year"`
	ValueYuan int64 `json:"value_yuan"`
}

// Bounds of an output value. The top is far above any single enterprise's
// output and far below int64's limit, so that sums over a district cannot
// overflow.
const (
	MinOutputYear = 2000
	MaxOutputYear = 2100
	MaxOutputYuan = 1_000_000_000_000_000 // 10^15 yuan
)

// SetOutput records the output value of one year, replacing the year's
// previous value.
func (s *Service) SetOutput(ctx context.Context, a access.Actor, enterpriseID int64, year int, valueYuan int64) error {
	if !canManage(a) {
		return errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	if year < MinOutputYear || year > MaxOutputYear {
		f.Add("year", "err.out_of_range")
	}
	if valueYuan < 0 || valueYuan > MaxOutputYuan {
		f.Add("value_yuan", "err.out_of_range")
	}
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getForUpdate(ctx, tx, a, enterpriseID); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		var before any
		var old int64
		err := tx.QueryRowContext(ctx, "SELECT value_yuan FROM enterprise_outputs WHERE enterprise_id = $1 AND year = $2",
			enterpriseID, year).Scan(&old)
		switch {
		case err == nil:
			before = Output{Year: year, ValueYuan: old}
		case !errors.Is(err, sql.ErrNoRows):
			return errs.Wrap(err, "output get")
		}
		// ON CONFLICT … DO UPDATE with excluded is in both dialects.
		if _, err := tx.ExecContext(ctx, `INSERT INTO enterprise_outputs (enterprise_id, year, value_yuan) VALUES ($1, $2, $3)
			ON CONFLICT (enterprise_id, year) DO UPDATE SET value_yuan = excluded.value_yuan`,
			enterpriseID, year, valueYuan); err != nil {
			return errs.Wrap(err, "output set")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "enterprise.output", Entity: "enterprise", EntityID: enterpriseID,
			Before: before, After: Output{Year: year, ValueYuan: valueYuan}})
	})
}

// Outputs lists an enterprise's output values, the latest year first. An
// enterprise has one row a year, so the list needs no pages.
func (s *Service) Outputs(ctx context.Context, a access.Actor, enterpriseID int64) ([]Output, error) {
	if _, err := getInScope(ctx, s.DB.R, a, enterpriseID); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT year, value_yuan FROM enterprise_outputs WHERE enterprise_id = $1
		ORDER BY year DESC LIMIT $2`, enterpriseID, MaxOutputYear-MinOutputYear+1)
	if err != nil {
		return nil, errs.Wrap(err, "outputs")
	}
	defer rows.Close()
	out := []Output{}
	for rows.Next() {
		var o Output
		if err := rows.Scan(&o.Year, &o.ValueYuan); err != nil {
			return nil, errs.Wrap(err, "outputs scan")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "outputs rows")
}
