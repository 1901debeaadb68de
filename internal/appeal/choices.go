package appeal

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Department is a department that can take an appeal on.
type Department struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// maxDepartments caps a list of candidates; a sub-district has a few dozen.
const maxDepartments = 500

// DepartmentsFor lists the departments that may take the appeal on: the
// active departments serving its enterprise's community (the rule of
// serves), in their order. The appeal must be one the actor may see; any
// other is not found. The list reaches beyond a department user's own
// scope on purpose: a transfer hands the appeal to a peer department,
// whose name is all the user learns.
func (s *Service) DepartmentsFor(ctx context.Context, a access.Actor, appealID int64) ([]Department, error) {
	p, err := getInScope(ctx, s.DB.R, a, appealID)
	if err != nil {
		return nil, err
	}
	return s.departmentsServing(ctx, p.CommunityID)
}

// DepartmentsOf lists the departments that may take a new appeal of an
// enterprise in the actor's enterprise scope, for a leader or the office
// naming one when raising it; an enterprise out of scope is not found.
func (s *Service) DepartmentsOf(ctx context.Context, a access.Actor, enterpriseID int64) ([]Department, error) {
	var w db.Where
	w.And("e.id = ?", enterpriseID)
	enterpriseScope(&w, a)
	var community int64
	err := s.DB.R.QueryRowContext(ctx, "SELECT e.community_id FROM enterprises e JOIN units c ON c.id = e.community_id"+w.SQL(),
		w.Args...).Scan(&community)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errs.E(errs.NotFound)
	}
	if err != nil {
		return nil, errs.Wrap(err, "appeal departments enterprise")
	}
	return s.departmentsServing(ctx, community)
}

// departmentsServing lists the active departments hanging from the
// community's sub-district, district or any other ancestor: the SQL form
// of serves, so that every department offered is one Act accepts.
func (s *Service) departmentsServing(ctx context.Context, communityID int64) ([]Department, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT d.id, d.name FROM units c
		JOIN units u ON c.path LIKE u.path || '%'
		JOIN units d ON d.parent_id = u.id AND d.kind = 'department' AND d.active = TRUE
		WHERE c.id = $1 ORDER BY d.sort_order, d.name, d.id LIMIT $2`, communityID, maxDepartments)
	if err != nil {
		return nil, errs.Wrap(err, "appeal departments")
	}
	defer rows.Close()
	out := []Department{}
	for rows.Next() {
		var d Department
		if err := rows.Scan(&d.ID, &d.Name); err != nil {
			return nil, errs.Wrap(err, "appeal departments scan")
		}
		out = append(out, d)
	}
	return out, errs.Wrap(rows.Err(), "appeal departments rows")
}
