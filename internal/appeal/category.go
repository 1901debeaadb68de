package appeal

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Category is an entry of the appeal category dictionary with its two time
// limits: to sign for an appeal (response) and to resolve it (resolution).
// A change of a limit applies to appeals submitted afterwards; deadlines
// already set stay as they were announced.
type Category struct {
	Code       string         `json:"code"`
	Name       string         `json:"name"`
	NameEn     string         `json:"name_en"`
	Response   calendar.Limit `json:"response"`
	Resolution calendar.Limit `json:"resolution"`
	SortOrder  int            `json:"sort_order"`
	Active     bool           `json:"active"`
}

const categoryColumns = "code, name, name_en, response_n, response_unit, resolution_n, resolution_unit, sort_order, active"

func scanCategory(row interface{ Scan(...any) error }) (Category, error) {
	var c Category
	err := row.Scan(&c.Code, &c.Name, &c.NameEn, &c.Response.N, &c.Response.Unit, &c.Resolution.N, &c.Resolution.Unit,
		&c.SortOrder, &c.Active)
	return c, err
}

// Categories lists the whole dictionary, inactive entries included (old
// appeals still name them), in display order. It is not business data:
// every form that raises an appeal needs it.
func (s *Service) Categories(ctx context.Context) ([]Category, error) {
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+categoryColumns+" FROM appeal_categories ORDER BY sort_order, code")
	if err != nil {
		return nil, errs.Wrap(err, "appeal categories")
	}
	defer rows.Close()
	out := []Category{}
	for rows.Next() {
		c, err := scanCategory(rows)
		if err != nil {
			return nil, errs.Wrap(err, "appeal category scan")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "appeal categories")
}

// getCategory reads one entry; an unknown code is not found.
func getCategory(ctx context.Context, q db.Querier, code string) (Category, error) {
	c, err := scanCategory(q.QueryRowContext(ctx, "SELECT "+categoryColumns+" FROM appeal_categories WHERE code = $1", code))
	if errors.Is(err, sql.ErrNoRows) {
		return c, errs.E(errs.NotFound)
	}
	return c, errs.Wrap(err, "appeal category")
}

// CategoryInput is what may change in a dictionary entry; nil keeps the
// stored value. The code never changes: appeals refer to it.
type CategoryInput struct {
	Name       *string         `json:"name"`
	NameEn     *string         `json:"name_en"`
	Response   *calendar.Limit `json:"response"`
	Resolution *calendar.Limit `json:"resolution"`
	SortOrder  *int            `json:"sort_order"`
	Active     *bool           `json:"active"`
}

// validate trims and checks the fields present.
func (in *CategoryInput) validate() error {
	f := errs.Fields{}
	for _, t := range []struct {
		field string
		value *string
		max   int
	}{{"name", in.Name, 20}, {"name_en", in.NameEn, 60}} {
		if t.value == nil {
			continue
		}
		*t.value = strings.TrimSpace(*t.value)
		if *t.value == "" {
			f.Add(t.field, "err.required")
		} else if utf8.RuneCountInString(*t.value) > t.max {
			f.Add(t.field, "err.too_long")
		}
	}
	if in.Response != nil && !in.Response.Valid() {
		f.Add("response", "err.appeal_limit")
	}
	if in.Resolution != nil && !in.Resolution.Valid() {
		f.Add("resolution", "err.appeal_limit")
	}
	if in.SortOrder != nil && (*in.SortOrder < -100000 || *in.SortOrder > 100000) {
		f.Add("sort_order", "err.out_of_range")
	}
	return f.Err()
}

// UpdateCategory changes a dictionary entry. The dictionary is the
// sub-district's rule book, so it is kept by a leader or the supervision
// office; anyone else finds nothing to change.
func (s *Service) UpdateCategory(ctx context.Context, a access.Actor, code string, in CategoryInput) (Category, error) {
	if (a.Role != access.Leader && a.Role != access.Office) || !a.HasScope() {
		return Category{}, errs.E(errs.NotFound)
	}
	if err := in.validate(); err != nil {
		return Category{}, err
	}
	var c Category
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := getCategory(ctx, tx, code)
		if err != nil {
			return err
		}
		c = before
		if in.Name != nil {
			c.Name = *in.Name
		}
		if in.NameEn != nil {
			c.NameEn = *in.NameEn
		}
		if in.Response != nil {
			c.Response = *in.Response
		}
		if in.Resolution != nil {
			c.Resolution = *in.Resolution
		}
		if in.SortOrder != nil {
			c.SortOrder = *in.SortOrder
		}
		if in.Active != nil {
			c.Active = *in.Active
		}
		// Signing for an appeal cannot take longer than resolving it. The
		// two can be compared only in the same unit: 24 hours and one
		// working day do not convert into each other.
		if c.Response.Unit == c.Resolution.Unit && c.Response.N > c.Resolution.N {
			return errs.InvalidField("response", "err.appeal_limit_order")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE appeal_categories SET name = $1, name_en = $2, response_n = $3, response_unit = $4,
			resolution_n = $5, resolution_unit = $6, sort_order = $7, active = $8 WHERE code = $9`,
			c.Name, c.NameEn, c.Response.N, c.Response.Unit, c.Resolution.N, c.Resolution.Unit, c.SortOrder, c.Active, c.Code); err != nil {
			return errs.Wrap(err, "appeal category update")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "appeal_category.update", Entity: "appeal_category",
			EntityID: c.Code, Before: before, After: c})
	})
	if err != nil {
		return Category{}, err
	}
	return c, nil
}
