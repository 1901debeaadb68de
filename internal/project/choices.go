package project

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/errs"
)

// Choice is one option of a form's list: a unit or a person.
type Choice struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind"` // a unit's kind, a person's role
}

// Units are the active sub-districts, communities and departments in the
// actor's scope: the lead units and responsible departments a form
// offers.
func (s *Service) Units(ctx context.Context, a access.Actor) ([]Choice, error) {
	return s.choices(ctx, `SELECT id, name, kind FROM units WHERE active = TRUE AND path LIKE $1
		AND kind IN ('subdistrict', 'community', 'department') ORDER BY kind DESC, sort_order, id`, a.ScopePattern())
}

// People are the active staff accounts (leaders, office, departments,
// communities) in the actor's scope: the lead cadres, members and
// milestone owners a form offers.
func (s *Service) People(ctx context.Context, a access.Actor) ([]Choice, error) {
	return s.choices(ctx, `SELECT u.id, u.display_name, u.role FROM users u JOIN units n ON n.id = u.unit_id
		WHERE u.active = TRUE AND n.path LIKE $1 AND u.role IN ('leader', 'office', 'dept', 'community') ORDER BY u.role, u.id`, a.ScopePattern())
}

func (s *Service) choices(ctx context.Context, query string, args ...any) ([]Choice, error) {
	rows, err := s.DB.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "project choices")
	}
	out := []Choice{}
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&c.ID, &c.Name, &c.Kind); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "project choices")
		}
		out = append(out, c)
	}
	return out, closeRows(rows)
}

// MayCreate reports whether the actor creates projects (for the pages).
func MayCreate(a access.Actor) bool { return mayCreate(a) }

// MayEdit reports whether the actor edits p (for the pages).
func MayEdit(a access.Actor, p Project) bool { return mayEdit(a, p) }

// MayMarkDone reports whether the actor marks m of p done (for the pages).
func MayMarkDone(a access.Actor, p Project, m Milestone) bool { return mayMarkDone(a, p, m) }

// MayKeepFields reports whether the actor edits the field dictionary.
func MayKeepFields(a access.Actor) bool { return mayKeepFields(a) }
