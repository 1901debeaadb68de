package proposal

import (
	"context"

	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Place is a community a proposal may concern, for the forms.
type Place struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Communities lists every active community by its order, for the forms:
// the public one too, so the list is not business data.
func (s *Service) Communities(ctx context.Context) ([]Place, error) {
	rows, err := s.DB.R.QueryContext(ctx, "SELECT id, name FROM units WHERE kind = $1 AND active = TRUE ORDER BY sort_order, id", string(org.Community))
	if err != nil {
		return nil, errs.Wrap(err, "proposal communities")
	}
	defer rows.Close()
	var out []Place
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Name); err != nil {
			return nil, errs.Wrap(err, "proposal communities")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "proposal communities")
}
