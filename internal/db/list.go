package db

import (
	"context"
	"slices"

	"pinghu/internal/errs"
)

// Sorts maps the sort keys a list accepts ("title", "-created_at": a
// leading minus for the newest or largest first) to their ORDER BY
// clauses, so that a user's key never reaches the SQL itself.
type Sorts map[string]string

// Valid reports whether key is accepted; "" is, and means the default.
func (s Sorts) Valid(key string) bool {
	_, ok := s[key]
	return ok || key == ""
}

// Order is the clause of key, or of def when key is "" or unknown.
func (s Sorts) Order(key, def string) string {
	if o, ok := s[key]; ok {
		return o
	}
	return s[def]
}

// Select is a list query without its page: the columns, the FROM clause
// with its joins, the conditions and the order. Columns, From and Order
// are constants of the calling store; the conditions carry placeholders.
type Select struct {
	Columns, From string
	Where         Where
	Order         string
}

// SelectPage counts the rows s selects and reads one page of them, so
// that every list answers with its total the same way. name labels the
// errors.
func SelectPage[T any](ctx context.Context, q Querier, name string, s Select, page Page, scan func(Row) (T, error)) (List[T], error) {
	page = NewPage(page.Number, page.Size)
	out := List[T]{Items: []T{}, Page: page.Number, PageSize: page.Size}
	// #nosec G202 -- FROM is the store's constant, the conditions placeholders
	if err := q.QueryRowContext(ctx, "SELECT count(*)"+s.From+s.Where.SQL(), s.Where.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, name+" count")
	}
	items, err := SelectAll(ctx, q, name, s, page.LimitOffset, scan)
	if err != nil {
		return out, err
	}
	out.Items = items
	return out, nil
}

// SelectAll reads the rows s selects within the limit that limit appends
// (a page's LIMIT and OFFSET, or a ledger's cap).
func SelectAll[T any](ctx context.Context, q Querier, name string, s Select, limit func(*Where) string, scan func(Row) (T, error)) ([]T, error) {
	w := s.Where
	// The limit's arguments must not land in the caller's backing array.
	w.Args = slices.Clip(w.Args)
	// #nosec G202 -- columns, FROM and order are the store's constants, the conditions placeholders
	query := "SELECT " + s.Columns + s.From + w.SQL() + " ORDER BY " + s.Order + limit(&w)
	rows, err := q.QueryContext(ctx, query, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, name+" list")
	}
	defer func() { _ = rows.Close() }()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, errs.Wrap(err, name+" scan")
		}
		out = append(out, v)
	}
	return out, errs.Wrap(rows.Err(), name+" list")
}

// Row is one row being scanned: *sql.Row or *sql.Rows.
type Row = interface{ Scan(...any) error }

// Limit is a fixed cap on the rows, for ledgers.
func Limit(n int) func(*Where) string {
	return func(w *Where) string { return " LIMIT " + w.Next(n) }
}
