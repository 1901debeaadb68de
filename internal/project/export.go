package project

import (
	"context"
	"strconv"
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

// LookupMilestone names a milestone of a project the actor may see
// ("project — milestone"), its project's lead unit and its owner.
func (s *Service) LookupMilestone(ctx context.Context, a access.Actor, milestoneID int64) (title string, leadUnitID, ownerID int64, err error) {
	var w db.Where
	w.And("m.id = ?", milestoneID)
	readScope(&w, a)
	var project, milestone string
	err = s.DB.R.QueryRowContext(ctx, `SELECT p.name, m.title, p.lead_unit_id, COALESCE(m.owner_id, 0)
		FROM project_milestones m JOIN projects p ON p.id = m.project_id JOIN units lu ON lu.id = p.lead_unit_id`+w.SQL(),
		w.Args...).Scan(&project, &milestone, &leadUnitID, &ownerID)
	if isNoRows(err) {
		return "", 0, 0, errs.E(errs.NotFound)
	}
	return project + " — " + milestone, leadUnitID, ownerID, errs.Wrap(err, "milestone lookup")
}

// CadreYear is one cadre's project figures for a year, for the annual
// assessment: a reference in parts, never one score.
type CadreYear struct {
	UserID int64 `json:"user_id"`
	Year   int   `json:"year"`
	// ProjectsLed counts the projects the cadre leads that ran during the
	// year (started on or before its end, not closed before its start).
	ProjectsLed int `json:"projects_led"`
	// Milestones owned that were due in the year: done on or before the
	// due date, done after it, still open (as of the year's end or today,
	// whichever is earlier).
	MilestonesOnTime int `json:"milestones_on_time"`
	MilestonesLate   int `json:"milestones_late"`
	MilestonesOpen   int `json:"milestones_open"`
}

// CadreYears are the figures of every cadre who led a project or owned
// a milestone in the year, by user id. It reads without scope: the
// assessment module decides who sees which cadre.
func (s *Service) CadreYears(ctx context.Context, year int) (map[int64]*CadreYear, error) {
	first, last := strconv.Itoa(year)+"-01-01", strconv.Itoa(year)+"-12-31"
	asOf := min(last, s.today())
	out := map[int64]*CadreYear{}
	get := func(id int64) *CadreYear {
		if out[id] == nil {
			out[id] = &CadreYear{UserID: id, Year: year}
		}
		return out[id]
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT lead_cadre_id, count(*) FROM projects
		WHERE lead_cadre_id IS NOT NULL AND start_date <= $1 AND (closed_date IS NULL OR closed_date >= $2) GROUP BY lead_cadre_id`, last, first)
	if err != nil {
		return nil, errs.Wrap(err, "cadre projects")
	}
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "cadre projects")
		}
		get(id).ProjectsLed = n
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	ms, err := milestonesWhere(ctx, s.DB.R, "m.owner_id IS NOT NULL AND m.due_date >= $1 AND m.due_date <= $2", first, last)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		c := get(m.OwnerID)
		switch {
		case m.DoneDate == "" || m.DoneDate > asOf:
			c.MilestonesOpen++
		case m.DoneDate <= m.DueDate:
			c.MilestonesOnTime++
		default:
			c.MilestonesLate++
		}
	}
	return out, nil
}

// CadreYear is one cadre's figures for a year.
func (s *Service) CadreYear(ctx context.Context, userID int64, year int) (CadreYear, error) {
	all, err := s.CadreYears(ctx, year)
	if err != nil {
		return CadreYear{}, err
	}
	if c := all[userID]; c != nil {
		return *c, nil
	}
	return CadreYear{UserID: userID, Year: year}, nil
}
