package enterprise

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/errs"
)

// Choice is one candidate of an assignment form: an account or a
// department, with the unit it belongs to as a note.
type Choice struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Note string `json:"note"`
}

// AssignmentChoices are the candidates for the 四个一: every active
// leader, department and specialist, which is exactly what an assignment
// accepts (members are not limited to the actor's scope, see
// Assignment.validate). Those in the actor's scope come first.
type AssignmentChoices struct {
	Leaders     []Choice `json:"leaders"`
	Departments []Choice `json:"departments"`
	Specialists []Choice `json:"specialists"`
}

// MaxChoices caps each list of candidates; a district has a few hundred.
const MaxChoices = 2000

// Choices returns the candidates of an assignment, for those who may
// assign.
func (s *Service) Choices(ctx context.Context, a access.Actor) (AssignmentChoices, error) {
	var out AssignmentChoices
	if !canManage(a) {
		return out, errs.E(errs.NotFound)
	}
	users := `SELECT u.id, u.display_name, COALESCE(n.name, '') FROM users u LEFT JOIN units n ON n.id = u.unit_id
		WHERE u.role = $1 AND u.active = TRUE
		ORDER BY CASE WHEN n.path LIKE $2 THEN 0 ELSE 1 END, u.display_name, u.id LIMIT $3`
	var err error
	if out.Leaders, err = s.choices(ctx, users, access.Leader, a.ScopePattern(), MaxChoices); err != nil {
		return out, err
	}
	if out.Specialists, err = s.choices(ctx, users, access.Specialist, a.ScopePattern(), MaxChoices); err != nil {
		return out, err
	}
	out.Departments, err = s.choices(ctx, `SELECT d.id, d.name, COALESCE(p.name, '') FROM units d LEFT JOIN units p ON p.id = d.parent_id
		WHERE d.kind = 'department' AND d.active = TRUE
		ORDER BY CASE WHEN d.path LIKE $1 THEN 0 ELSE 1 END, d.sort_order, d.name, d.id LIMIT $2`, a.ScopePattern(), MaxChoices)
	return out, err
}

func (s *Service) choices(ctx context.Context, query string, args ...any) ([]Choice, error) {
	rows, err := s.DB.R.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "assignment choices")
	}
	defer rows.Close()
	out := []Choice{}
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&c.ID, &c.Name, &c.Note); err != nil {
			return nil, errs.Wrap(err, "assignment choices scan")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "assignment choices rows")
}
