package project

import (
	"context"
	"database/sql"
	"errors"
	"pinghu/internal/enterprise"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Create stores a new project. Leaders and the office create projects
// led by a unit in their scope; anyone else gets not found, as for a page
// they may not see.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Project, error) {
	return s.CreateLinked(ctx, a, in, nil)
}

// CreateLinked is Create that also runs link, in the same transaction,
// with the new project's id: a proposal becoming the project records it
// there, so both are written or neither.
func (s *Service) CreateLinked(ctx context.Context, a access.Actor, in Input, link func(tx *sql.Tx, projectID int64) error) (Project, error) {
	if !mayCreate(a) {
		return Project{}, errs.E(errs.NotFound)
	}
	p := Project{Kind: KindKey, Lists: []List{}, Departments: []Ref{}, Members: []Ref{}, AppealIDs: []int64{}}
	in.apply(&p)
	p.CreatedAt, p.UpdatedAt = s.now(), s.now()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := validate(ctx, tx, a, p, Project{}); err != nil {
			return err
		}
		if err := checkCampaign(ctx, tx, a, p, Project{}); err != nil {
			return err
		}
		if err := insertProject(ctx, tx, &p, a.UserID); err != nil {
			return err
		}
		if in.AppealIDs != nil {
			if err := s.setAppeals(ctx, tx, a, p, nil, p.AppealIDs); err != nil {
				return err
			}
		}
		if link != nil {
			if err := link(tx, p.ID); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "project.create", Entity: "project", EntityID: p.ID, After: auditView(p)})
	})
	if err != nil {
		return Project{}, err
	}
	return s.Get(ctx, a, p.ID)
}

// Update changes the fields present in in. Leaders and the office edit
// any project they see, department and community staff those their unit
// leads. A project the actor may not edit is not found, whether it sees
// it or not (DESIGN §2: no permission answers as no object).
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Project, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := s.editable(ctx, tx, a, id)
		if err != nil {
			return err
		}
		p := was
		in.apply(&p)
		p.UpdatedAt = s.now()
		if !p.UpdatedAt.After(was.UpdatedAt) {
			p.UpdatedAt = was.UpdatedAt.Add(1)
		}
		if err := validate(ctx, tx, a, p, was); err != nil {
			return err
		}
		if err := checkCampaign(ctx, tx, a, p, was); err != nil {
			return err
		}
		if err := updateProject(ctx, tx, p, was); err != nil {
			return err
		}
		if in.AppealIDs != nil {
			if err := s.setAppeals(ctx, tx, a, p, was.AppealIDs, p.AppealIDs); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "project.update", Entity: "project", EntityID: p.ID,
			Before: auditView(was), After: auditView(p)})
	})
	if err != nil {
		return Project{}, err
	}
	return s.Get(ctx, a, id)
}

// visible reads a project the actor may see; any other is not found.
func (s *Service) visible(ctx context.Context, q db.Querier, a access.Actor, id int64) (Project, error) {
	var w db.Where
	w.And("p.id = ?", id)
	readScope(&w, a)
	return getWhere(ctx, q, w)
}

// editable reads a project the actor may edit.
func (s *Service) editable(ctx context.Context, q db.Querier, a access.Actor, id int64) (Project, error) {
	p, err := s.visible(ctx, q, a, id)
	if err != nil {
		return p, err
	}
	if !mayEdit(a, p) {
		return p, errs.E(errs.NotFound)
	}
	return p, nil
}

// MilestoneInput is a new milestone.
type MilestoneInput struct {
	Title   string `json:"title"`
	OwnerID int64  `json:"owner_id"`
	DueDate string `json:"due_date"`
}

// AddMilestone adds a milestone to a project the actor edits. Its due
// date may not fall before the project starts.
func (s *Service) AddMilestone(ctx context.Context, a access.Actor, projectID int64, in MilestoneInput) (Milestone, error) {
	var m Milestone
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.editable(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		f := errs.Fields{}
		in.Title = strings.TrimSpace(in.Title)
		switch {
		case in.Title == "":
			f.Add("title", "err.required")
		case utf8.RuneCountInString(in.Title) > maxName:
			f.Add("title", "err.too_long")
		}
		if in.OwnerID != 0 {
			if ok, err := exists(ctx, tx, "SELECT 1 FROM users WHERE id = $1 AND active = TRUE", in.OwnerID); err != nil {
				return err
			} else if !ok {
				f.Add("owner_id", "err.project_person")
			}
		}
		switch {
		case !validDate(in.DueDate):
			f.Add("due_date", ifEmpty(in.DueDate, "err.required", "err.bad_date"))
		case in.DueDate < p.StartDate:
			f.Add("due_date", "err.milestone_before_start")
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := db.Micros(s.now())
		err = tx.QueryRowContext(ctx, `INSERT INTO project_milestones (project_id, title, owner_id, due_date, evidence, created_at, updated_at)
			VALUES ($1, $2, $3, $4, '', $5, $5) RETURNING id`, p.ID, in.Title, nullID(in.OwnerID), in.DueDate, now).Scan(&m.ID)
		if err != nil {
			return errs.Wrap(err, "milestone insert")
		}
		if m, err = milestoneByID(ctx, tx, p.ID, m.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "project.milestone_add", Entity: "project", EntityID: p.ID, After: m})
	})
	return withStatus(m, s.today()), err
}

// DoneInput marks a milestone done.
type DoneInput struct {
	DoneDate string `json:"done_date"` // empty: today
	Evidence string `json:"evidence"`
}

// MarkDone marks a milestone done, by its owner or by whoever edits the
// project. A done date in the future is refused: the record says what
// happened.
func (s *Service) MarkDone(ctx context.Context, a access.Actor, projectID, milestoneID int64, in DoneInput) (Milestone, error) {
	var m Milestone
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.visible(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		was, err := milestoneByID(ctx, tx, p.ID, milestoneID)
		if err != nil {
			return err
		}
		if !mayMarkDone(a, p, was) {
			return errs.E(errs.NotFound)
		}
		if was.DoneDate != "" {
			return errs.New(errs.Conflict, "err.milestone_done")
		}
		f := errs.Fields{}
		if in.DoneDate == "" {
			in.DoneDate = s.today()
		}
		switch {
		case !validDate(in.DoneDate):
			f.Add("done_date", "err.bad_date")
		case in.DoneDate > s.today():
			f.Add("done_date", "err.date_future")
		}
		if utf8.RuneCountInString(in.Evidence) > maxText {
			f.Add("evidence", "err.too_long")
		}
		if err := f.Err(); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE project_milestones SET done_date = $1, evidence = $2, updated_at = $3
			WHERE id = $4 AND done_date IS NULL`, in.DoneDate, strings.TrimSpace(in.Evidence), db.Micros(s.now()), was.ID)
		if err != nil {
			return errs.Wrap(err, "milestone done")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.New(errs.Conflict, "err.milestone_done")
		}
		if m, err = milestoneByID(ctx, tx, p.ID, was.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "project.milestone_done", Entity: "project", EntityID: p.ID, Before: was, After: m})
	})
	return withStatus(m, s.today()), err
}

// ReportInput is a progress report.
type ReportInput struct {
	ReportDate string `json:"report_date"` // empty: today
	Percent    *int   `json:"percent"`
	Narrative  string `json:"narrative"`
	Problems   string `json:"problems"`
	HelpNeeded string `json:"help_needed"`
	// Photos are uploaded with the report's form; the JSON API takes none.
	Photos []enterprise.Upload `json:"-"`
}

// AddReport records a progress report on a project the actor edits. A
// closed project takes no more reports.
func (s *Service) AddReport(ctx context.Context, a access.Actor, projectID int64, in ReportInput) (Report, error) {
	var r Report
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.editable(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		if p.ClosedDate != "" {
			return errs.New(errs.Conflict, "err.project_closed")
		}
		f := errs.Fields{}
		if in.ReportDate == "" {
			in.ReportDate = s.today()
		}
		switch {
		case !validDate(in.ReportDate):
			f.Add("report_date", "err.bad_date")
		case in.ReportDate > s.today():
			f.Add("report_date", "err.date_future")
		case in.ReportDate < p.StartDate:
			f.Add("report_date", "err.report_before_start")
		}
		switch {
		case in.Percent == nil:
			f.Add("percent", "err.required")
		case *in.Percent < 0 || *in.Percent > 100:
			f.Add("percent", "err.percent_range")
		}
		for name, v := range map[string]string{"narrative": in.Narrative, "problems": in.Problems, "help_needed": in.HelpNeeded} {
			if utf8.RuneCountInString(v) > maxText {
				f.Add(name, "err.too_long")
			}
		}
		if err := enterprise.CheckUploads("photos", in.Photos); err != nil {
			if e := errs.As(err); e != nil {
				for k, v := range e.Fields {
					f.Add(k, v)
				}
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		r = Report{ProjectID: p.ID, ReportDate: in.ReportDate, Percent: *in.Percent, Narrative: strings.TrimSpace(in.Narrative),
			Problems: strings.TrimSpace(in.Problems), HelpNeeded: strings.TrimSpace(in.HelpNeeded), CreatedBy: a.UserID, CreatedAt: s.now()}
		err = tx.QueryRowContext(ctx, `INSERT INTO project_reports (project_id, report_date, percent, narrative, problems, help_needed,
			created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, r.ProjectID, r.ReportDate, r.Percent,
			r.Narrative, r.Problems, r.HelpNeeded, nullID(r.CreatedBy), db.Micros(r.CreatedAt)).Scan(&r.ID)
		if err != nil {
			return errs.Wrap(err, "report insert")
		}
		r.Photos = []enterprise.Attachment{}
		if len(in.Photos) > 0 {
			if s.Files == nil {
				return errs.Wrap(errors.New("no file store wired for report photos"), "report photos")
			}
			if r.Photos, err = s.Files.SaveAttachmentsTx(ctx, tx, a, enterprise.OwnerProjectReport, r.ID, in.Photos); err != nil {
				return err
			}
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "project.report", Entity: "project", EntityID: p.ID,
			After: map[string]any{"report_id": r.ID, "report_date": r.ReportDate, "percent": r.Percent, "photos": len(r.Photos)}})
	})
	return r, err
}

// auditView is what the audit log keeps of a project: no personal data
// beyond account ids.
func auditView(p Project) map[string]any {
	deps, members := []int64{}, []int64{}
	for _, d := range p.Departments {
		deps = append(deps, d.ID)
	}
	for _, m := range p.Members {
		members = append(members, m.ID)
	}
	return map[string]any{"kind": p.Kind, "name": p.Name, "field": p.Field, "lists": p.Lists, "lead_unit_id": p.LeadUnitID,
		"lead_branch": p.LeadBranch, "lead_cadre_id": p.LeadCadreID, "department_ids": deps, "member_ids": members,
		"start_date": p.StartDate, "target_date": p.TargetDate, "closed_date": p.ClosedDate, "budget_fen": p.BudgetFen,
		"campaign_id": p.CampaignID, "appeal_ids": p.AppealIDs}
}

// withStatus fills a milestone's status and lateness as of asOf.
func withStatus(m Milestone, asOf string) Milestone {
	if m.ID == 0 {
		return m
	}
	m.Status = "open"
	if m.DoneDate != "" && m.DoneDate <= asOf {
		m.Status = "done"
		m.Late = m.DoneDate > m.DueDate
	} else {
		m.Late = MilestoneOverdue(m, asOf)
	}
	return m
}
