package volunteer

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Place is a community a record may belong to, for the forms.
type Place struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Communities lists the active communities in the actor's scope, for the
// forms and the filters.
func (s *Service) Communities(ctx context.Context, a access.Actor) ([]Place, error) {
	out := []Place{}
	if !staff(a) {
		return out, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, "SELECT id, name FROM units WHERE kind = $1 AND active = TRUE AND path LIKE $2 ORDER BY sort_order, id",
		string(org.Community), a.ScopePattern())
	if err != nil {
		return nil, errs.Wrap(err, "volunteer communities")
	}
	defer rows.Close()
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, errs.Wrap(err, "volunteer communities")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "volunteer communities")
}

// community checks that id is an active community in the actor's scope
// and returns its name; anything else is invalid for the field.
func community(ctx context.Context, q db.Querier, a access.Actor, f errs.Fields, field string, id int64) string {
	if id <= 0 {
		f.Add(field, "err.required")
		return ""
	}
	var name string
	err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE id = $1 AND kind = $2 AND active = TRUE AND path LIKE $3",
		id, string(org.Community), a.ScopePattern()).Scan(&name)
	if err != nil {
		f.Add(field, "err.unit_unknown")
	}
	return name
}

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
