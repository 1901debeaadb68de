package project

import (
	"context"
	"database/sql"
	"errors"

	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// projectFrom joins what a Project shows.
const projectFrom = ` FROM projects p
	JOIN units lu ON lu.id = p.lead_unit_id
	JOIN project_fields f ON f.code = p.field
	LEFT JOIN users lc ON lc.id = p.lead_cadre_id`

const projectColumns = `p.id, p.kind, p.name, p.field, f.name, p.lead_unit_id, lu.name, lu.path, p.lead_branch,
	COALESCE(p.lead_cadre_id, 0), COALESCE(lc.display_name, ''), p.goals, p.start_date, p.target_date, p.location,
	p.budget_fen, COALESCE(p.campaign_id, 0), COALESCE(p.closed_date, ''), p.created_at, p.updated_at`

func scanProject(row interface{ Scan(...any) error }) (Project, error) {
	var p Project
	var created, updated int64
	var budget sql.NullInt64
	err := row.Scan(&p.ID, &p.Kind, &p.Name, &p.Field, &p.FieldName, &p.LeadUnitID, &p.LeadUnitName, &p.leadUnitPath,
		&p.LeadBranch, &p.LeadCadreID, &p.LeadCadreName, &p.Goals, &p.StartDate, &p.TargetDate, &p.Location,
		&budget, &p.CampaignID, &p.ClosedDate, &created, &updated)
	if budget.Valid {
		v := budget.Int64
		p.BudgetFen = &v
	}
	p.CreatedAt, p.UpdatedAt = db.Time(created), db.Time(updated)
	p.Lists, p.Departments, p.Members = []List{}, []Ref{}, []Ref{}
	return p, err
}

// loadWhere reads every project matching w, with its lists, milestones
// and reports (what its status needs), in id order.
func loadWhere(ctx context.Context, q db.Querier, w db.Where) ([]Project, error) {
	rows, err := q.QueryContext(ctx, "SELECT "+projectColumns+projectFrom+w.SQL()+" ORDER BY p.id", w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "project list")
	}
	var out []Project
	index := map[int64]int{}
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "project scan")
		}
		index[p.ID] = len(out)
		out = append(out, p)
	}
	if err := rows.Close(); err != nil {
		return nil, errs.Wrap(err, "project list")
	}
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, errs.Wrap(err, "project list")
	}
	ids := "SELECT p.id" + projectFrom + w.SQL()

	lrows, err := q.QueryContext(ctx, "SELECT project_id, list FROM project_lists WHERE project_id IN ("+ids+") ORDER BY project_id, list", w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "project lists")
	}
	for lrows.Next() {
		var id int64
		var l List
		if err := lrows.Scan(&id, &l); err != nil {
			_ = lrows.Close()
			return nil, errs.Wrap(err, "project lists")
		}
		p := &out[index[id]]
		p.Lists = append(p.Lists, l)
	}
	if err := closeRows(lrows); err != nil {
		return nil, err
	}
	drows, err := q.QueryContext(ctx, `SELECT d.project_id, u.id, u.name FROM project_departments d JOIN units u ON u.id = d.unit_id
		WHERE d.project_id IN (`+ids+`) ORDER BY d.project_id, u.sort_order, u.id`, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "project departments")
	}
	for drows.Next() {
		var id int64
		var r Ref
		if err := drows.Scan(&id, &r.ID, &r.Name); err != nil {
			_ = drows.Close()
			return nil, errs.Wrap(err, "project departments")
		}
		p := &out[index[id]]
		p.Departments = append(p.Departments, r)
	}
	if err := closeRows(drows); err != nil {
		return nil, err
	}
	ms, err := milestonesWhere(ctx, q, "m.project_id IN ("+ids+")", w.Args...)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		p := &out[index[m.ProjectID]]
		p.Milestones = append(p.Milestones, m)
	}
	rs, err := reportsWhere(ctx, q, "r.project_id IN ("+ids+")", w.Args...)
	if err != nil {
		return nil, err
	}
	rids := make([]int64, len(rs))
	for i, r := range rs {
		rids[i] = r.ID
	}
	photos, err := enterprise.AttachmentsOf(ctx, q, enterprise.OwnerProjectReport, rids)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		r.Photos = photos[r.ID]
		if r.Photos == nil {
			r.Photos = []enterprise.Attachment{}
		}
		p := &out[index[r.ProjectID]]
		p.Reports = append(p.Reports, r)
	}
	for i := range out {
		sortLists(out[i].Lists)
	}
	return out, nil
}

func closeRows(rows *sql.Rows) error {
	if err := rows.Close(); err != nil {
		return errs.Wrap(err, "project rows")
	}
	return errs.Wrap(rows.Err(), "project rows")
}

// sortLists puts lists in the order of Lists.
func sortLists(ls []List) {
	rank := func(l List) int {
		for i, x := range Lists {
			if x == l {
				return i
			}
		}
		return len(Lists)
	}
	for i := 1; i < len(ls); i++ {
		for j := i; j > 0 && rank(ls[j]) < rank(ls[j-1]); j-- {
			ls[j], ls[j-1] = ls[j-1], ls[j]
		}
	}
}

const milestoneSelect = `SELECT m.id, m.project_id, m.title, COALESCE(m.owner_id, 0), COALESCE(o.display_name, ''), m.due_date,
	COALESCE(m.done_date, ''), m.evidence FROM project_milestones m LEFT JOIN users o ON o.id = m.owner_id WHERE `

func milestonesWhere(ctx context.Context, q db.Querier, cond string, args ...any) ([]Milestone, error) {
	rows, err := q.QueryContext(ctx, milestoneSelect+cond+" ORDER BY m.project_id, m.due_date, m.id", args...)
	if err != nil {
		return nil, errs.Wrap(err, "milestones")
	}
	var out []Milestone
	for rows.Next() {
		var m Milestone
		if err := rows.Scan(&m.ID, &m.ProjectID, &m.Title, &m.OwnerID, &m.OwnerName, &m.DueDate, &m.DoneDate, &m.Evidence); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "milestones")
		}
		out = append(out, m)
	}
	return out, closeRows(rows)
}

const reportSelect = `SELECT r.id, r.project_id, r.report_date, r.percent, r.narrative, r.problems, r.help_needed,
	COALESCE(r.created_by, 0), r.created_at FROM project_reports r WHERE `

func reportsWhere(ctx context.Context, q db.Querier, cond string, args ...any) ([]Report, error) {
	rows, err := q.QueryContext(ctx, reportSelect+cond+" ORDER BY r.project_id, r.report_date, r.id", args...)
	if err != nil {
		return nil, errs.Wrap(err, "reports")
	}
	var out []Report
	for rows.Next() {
		var r Report
		var created int64
		if err := rows.Scan(&r.ID, &r.ProjectID, &r.ReportDate, &r.Percent, &r.Narrative, &r.Problems, &r.HelpNeeded, &r.CreatedBy, &created); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "reports")
		}
		r.CreatedAt = db.Time(created)
		out = append(out, r)
	}
	return out, closeRows(rows)
}

// getWhere reads one project with everything a detail shows.
func getWhere(ctx context.Context, q db.Querier, w db.Where) (Project, error) {
	ps, err := loadWhere(ctx, q, w)
	if err != nil {
		return Project{}, err
	}
	if len(ps) == 0 {
		return Project{}, errs.E(errs.NotFound)
	}
	p := ps[0]
	if p.Members, err = refs(ctx, q, `SELECT u.id, u.display_name FROM project_members m JOIN users u ON u.id = m.user_id
		WHERE m.project_id = $1 ORDER BY u.id`, p.ID); err != nil {
		return p, err
	}
	if p.AppealIDs, err = appealIDs(ctx, q, p.ID); err != nil {
		return p, err
	}
	return p, nil
}

func refs(ctx context.Context, q db.Querier, query string, args ...any) ([]Ref, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "project refs")
	}
	out := []Ref{}
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "project refs")
		}
		out = append(out, r)
	}
	return out, closeRows(rows)
}

// milestoneByID reads one milestone of a project.
func milestoneByID(ctx context.Context, q db.Querier, projectID, id int64) (Milestone, error) {
	ms, err := milestonesWhere(ctx, q, "m.project_id = $1 AND m.id = $2", projectID, id)
	if err != nil {
		return Milestone{}, err
	}
	if len(ms) == 0 {
		return Milestone{}, errs.E(errs.NotFound)
	}
	return ms[0], nil
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}

// nullText stores "" as NULL.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// writeSets replaces a project's lists, departments and members.
func writeSets(ctx context.Context, q db.Querier, p Project) error {
	for _, del := range []string{"project_lists", "project_departments", "project_members"} {
		if _, err := q.ExecContext(ctx, "DELETE FROM "+del+" WHERE project_id = $1", p.ID); err != nil {
			return errs.Wrap(err, "project sets")
		}
	}
	for _, l := range p.Lists {
		if _, err := q.ExecContext(ctx, "INSERT INTO project_lists (project_id, list) VALUES ($1, $2)", p.ID, string(l)); err != nil {
			return errs.Wrap(err, "project lists")
		}
	}
	for _, d := range p.Departments {
		if _, err := q.ExecContext(ctx, "INSERT INTO project_departments (project_id, unit_id) VALUES ($1, $2)", p.ID, d.ID); err != nil {
			return errs.Wrap(err, "project departments")
		}
	}
	for _, m := range p.Members {
		if _, err := q.ExecContext(ctx, "INSERT INTO project_members (project_id, user_id) VALUES ($1, $2)", p.ID, m.ID); err != nil {
			return errs.Wrap(err, "project members")
		}
	}
	return nil
}

func insertProject(ctx context.Context, q db.Querier, p *Project, createdBy int64) error {
	err := q.QueryRowContext(ctx, `INSERT INTO projects (kind, name, field, lead_unit_id, lead_branch, lead_cadre_id, goals,
		start_date, target_date, location, budget_fen, campaign_id, closed_date, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
		string(p.Kind), p.Name, p.Field, p.LeadUnitID, p.LeadBranch, nullID(p.LeadCadreID), p.Goals, p.StartDate, p.TargetDate,
		p.Location, budgetArg(p.BudgetFen), nullID(p.CampaignID), nullText(p.ClosedDate), nullID(createdBy), db.Micros(p.CreatedAt)).Scan(&p.ID)
	if err != nil {
		return errs.Wrap(err, "project insert")
	}
	return writeSets(ctx, q, *p)
}

func updateProject(ctx context.Context, q db.Querier, p Project, was Project) error {
	res, err := q.ExecContext(ctx, `UPDATE projects SET kind = $1, name = $2, field = $3, lead_unit_id = $4, lead_branch = $5,
		lead_cadre_id = $6, goals = $7, start_date = $8, target_date = $9, location = $10, budget_fen = $11, campaign_id = $12,
		closed_date = $13, updated_at = $14 WHERE id = $15 AND updated_at = $16`,
		string(p.Kind), p.Name, p.Field, p.LeadUnitID, p.LeadBranch, nullID(p.LeadCadreID), p.Goals, p.StartDate, p.TargetDate,
		p.Location, budgetArg(p.BudgetFen), nullID(p.CampaignID), nullText(p.ClosedDate), db.Micros(p.UpdatedAt),
		p.ID, db.Micros(was.UpdatedAt))
	if err != nil {
		return errs.Wrap(err, "project update")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "err.project_changed")
	}
	return writeSets(ctx, q, p)
}

func budgetArg(b *int64) any {
	if b == nil {
		return nil
	}
	return *b
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
