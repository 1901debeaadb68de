package project

import (
	"context"
	"slices"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// OverdueMilestone is one milestone behind the milestones_overdue figure,
// with the project it belongs to.
type OverdueMilestone struct {
	ProjectID   int64  `json:"project_id"`
	ProjectName string `json:"project_name"`
	Milestone
}

// overdueOf are the milestones of p (decorated as of asOf) overdue on that
// date. A project closed by then has none: closing it settles its
// milestones.
func overdueOf(p Project, asOf string) []Milestone {
	if p.Status == Done {
		return nil
	}
	var out []Milestone
	for _, m := range p.Milestones {
		if MilestoneOverdue(m, asOf) {
			out = append(out, m)
		}
	}
	return out
}

// OverdueMilestones lists the milestones the milestones_overdue figure of
// Stats counts as of asOf (YYYY-MM-DD; empty: today), by due date: the
// same projects, the same rule, so the list's length is the figure.
func (s *Service) OverdueMilestones(ctx context.Context, a access.Actor, asOf string) ([]OverdueMilestone, error) {
	if asOf == "" {
		asOf = s.today()
	}
	if !validDate(asOf) {
		return nil, errs.InvalidField("as_of", "err.bad_date")
	}
	var w db.Where
	readScope(&w, a)
	recordedBy(&w, asOf)
	ps, err := loadWhere(ctx, s.DB.R, w)
	if err != nil {
		return nil, err
	}
	out := []OverdueMilestone{}
	for _, p := range ps {
		p = decorate(p, asOf)
		for _, m := range overdueOf(p, asOf) {
			out = append(out, OverdueMilestone{ProjectID: p.ID, ProjectName: p.Name, Milestone: m})
		}
	}
	sortOverdue(out)
	return out, nil
}

func sortOverdue(ms []OverdueMilestone) {
	slices.SortStableFunc(ms, func(x, y OverdueMilestone) int {
		if c := strings.Compare(x.DueDate, y.DueDate); c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	})
}
