package project

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// What other modules read of projects: reminders and the calendar feed
// (MilestonesFor), supervision notices (Lookup, LookupMilestone) and the
// cadre assessment (CadreYear).

// DueMilestone is an open milestone of a user with its project.
type DueMilestone struct {
	Milestone
	ProjectName string `json:"project_name"`
}

// MilestonesFor lists the open milestones owned by a user that fall due
// in the window [from, to), by CST date, together with those due before
// from and still open: an overdue milestone stays on its owner's list
// until it is done. Milestones of closed projects are left out. Late is
// set on those overdue today.
func (s *Service) MilestonesFor(ctx context.Context, ownerUserID int64, from, to time.Time) ([]DueMilestone, error) {
	until := to.In(i18n.Zone).Format(time.DateOnly)
	rows, err := s.DB.R.QueryContext(ctx, `SELECT m.id, m.project_id, m.title, COALESCE(m.owner_id, 0), m.due_date, p.name
		FROM project_milestones m JOIN projects p ON p.id = m.project_id
		WHERE m.owner_id = $1 AND m.done_date IS NULL AND p.closed_date IS NULL AND m.due_date < $2
		ORDER BY m.due_date, m.id`, ownerUserID, until)
	if err != nil {
		return nil, errs.Wrap(err, "milestones for")
	}
	today := s.today()
	out := []DueMilestone{}
	for rows.Next() {
		var d DueMilestone
		if err := rows.Scan(&d.ID, &d.ProjectID, &d.Title, &d.OwnerID, &d.DueDate, &d.ProjectName); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "milestones for")
		}
		d.Milestone = withStatus(d.Milestone, today)
		out = append(out, d)
	}
	return out, closeRows(rows)
}

// Lookup names a project the actor may see and its lead unit; any other
// is not found.
func (s *Service) Lookup(ctx context.Context, a access.Actor, projectID int64) (title string, leadUnitID int64, err error) {
	var w db.Where
	w.And("p.id = ?", projectID)
	readScope(&w, a)
	err = s.DB.R.QueryRowContext(ctx, "SELECT p.name, p.lead_unit_id"+projectFrom+w.SQL(), w.Args...).Scan(&title, &leadUnitID)
	if isNoRows(err) {
		return "", 0, errs.E(errs.NotFound)
	}
	return title, leadUnitID, errs.Wrap(err, "project lookup")
}

// MilestoneRef is what a supervision notice needs of a milestone.
type MilestoneRef struct {
	Title      string // "project — milestone"
	ProjectID  int64
	LeadUnitID int64 // the project's lead unit
	OwnerID    int64 // 0 when nobody owns it
}

// LookupMilestone names a milestone of a project the actor may see, its
// project, the project's lead unit and the milestone's owner.
func (s *Service) LookupMilestone(ctx context.Context, a access.Actor, milestoneID int64) (MilestoneRef, error) {
	var w db.Where
	w.And("m.id = ?", milestoneID)
	readScope(&w, a)
	var ref MilestoneRef
	var project, milestone string
	err := s.DB.R.QueryRowContext(ctx, `SELECT p.name, m.title, p.id, p.lead_unit_id, COALESCE(m.owner_id, 0)
		FROM project_milestones m JOIN projects p ON p.id = m.project_id JOIN units lu ON lu.id = p.lead_unit_id`+w.SQL(),
		w.Args...).Scan(&project, &milestone, &ref.ProjectID, &ref.LeadUnitID, &ref.OwnerID)
	if isNoRows(err) {
		return MilestoneRef{}, errs.E(errs.NotFound)
	}
	ref.Title = project + " — " + milestone
	return ref, errs.Wrap(err, "milestone lookup")
}
