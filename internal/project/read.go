package project

import (
	"context"
	"slices"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Get reads one project the actor may see, with its status as of today.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Project, error) {
	p, err := s.visible(ctx, s.DB.R, a, id)
	if err != nil {
		return p, err
	}
	if p.AppealIDs, err = s.seenAppeals(ctx, a, p.AppealIDs); err != nil {
		return p, err
	}
	return decorate(p, s.today()), nil
}

// decorate fills the status of p and its milestones as of asOf.
func decorate(p Project, asOf string) Project {
	p.AsOf = asOf
	p.Status = Compute(Facts{StartDate: p.StartDate, TargetDate: p.TargetDate, ClosedDate: p.ClosedDate,
		Milestones: p.Milestones, Reports: p.Reports}, asOf)
	for i := range p.Milestones {
		p.Milestones[i] = withStatus(p.Milestones[i], asOf)
	}
	p.Progress = 0
	for _, r := range p.Reports {
		if r.ReportDate <= asOf {
			p.Progress = r.Percent // reports are in date order
		}
	}
	if p.Milestones == nil {
		p.Milestones = []Milestone{}
	}
	if p.Reports == nil {
		p.Reports = []Report{}
	}
	if p.AppealIDs == nil {
		p.AppealIDs = []int64{} // a list reads no links
	}
	return p
}

// Filter narrows the project list; every field is optional.
type Filter struct {
	Field      string
	List       List
	Kind       Kind
	Status     Status
	LeadUnitID int64
	Query      string
	Sort       string
	AsOf       string // YYYY-MM-DD; empty: today
	Page       db.Page
}

// SortKeys are the list's orders.
var SortKeys = []string{"target", "-target", "start", "name", "status", "-updated"}

func (f Filter) validate() error {
	e := errs.Fields{}
	if f.List != "" && !f.List.Valid() {
		e.Add("list", "err.project_list")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		e.Add("kind", "err.project_kind")
	}
	if f.Status != "" && !f.Status.Valid() {
		e.Add("status", "err.project_status")
	}
	if f.Sort != "" && !slices.Contains(SortKeys, f.Sort) {
		e.Add("sort", "err.project_sort")
	}
	if f.AsOf != "" && !validDate(f.AsOf) {
		e.Add("as_of", "err.bad_date")
	}
	return e.Err()
}

// where builds the SQL part of the filter: everything but the status.
func (f Filter) where(a access.Actor) db.Where {
	var w db.Where
	readScope(&w, a)
	if f.Field != "" {
		w.And("p.field = ?", f.Field)
	}
	if f.List != "" {
		w.And("EXISTS (SELECT 1 FROM project_lists fl WHERE fl.project_id = p.id AND fl.list = ?)", string(f.List))
	}
	if f.Kind != "" {
		w.And("p.kind = ?", string(f.Kind))
	}
	if f.LeadUnitID > 0 {
		w.And("lu.path LIKE (SELECT path FROM units WHERE id = ?) || '%'", f.LeadUnitID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(q) + "%"
		w.And(`(p.name LIKE ? ESCAPE '\' OR p.lead_branch LIKE ? ESCAPE '\' OR p.location LIKE ? ESCAPE '\')`, like, like, like)
	}
	return w
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// All reads every project matching the filter (status included), in the
// filter's order, without paging: for the ledger, the chart and the
// figures.
func (s *Service) All(ctx context.Context, a access.Actor, f Filter) ([]Project, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	if f.AsOf == "" {
		f.AsOf = s.today()
	}
	w := f.where(a)
	recordedBy(&w, f.AsOf)
	ps, err := loadWhere(ctx, s.DB.R, w)
	if err != nil {
		return nil, err
	}
	out := ps[:0]
	for _, p := range ps {
		p = decorate(p, f.AsOf)
		if f.Status == "" || p.Status == f.Status {
			out = append(out, p)
		}
	}
	sortProjects(out, f.Sort)
	return out, nil
}

// List is one page of the projects matching the filter.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Project], error) {
	if f.Page.Size == 0 {
		f.Page = db.NewPage(1, 0)
	}
	out := db.List[Project]{Items: []Project{}, Page: f.Page.Number, PageSize: f.Page.Size}
	all, err := s.All(ctx, a, f)
	if err != nil {
		return out, err
	}
	out.Total = len(all)
	lo := min(f.Page.Offset(), len(all))
	hi := min(lo+f.Page.Size, len(all))
	for _, p := range all[lo:hi] {
		// The list carries the milestones (for the chart) but not every
		// report: Progress holds the latest.
		p.Reports = []Report{}
		out.Items = append(out.Items, p)
	}
	return out, nil
}

var statusRank = map[Status]int{Overdue: 0, AtRisk: 1, OnTrack: 2, Done: 3}

func sortProjects(ps []Project, key string) {
	slices.SortStableFunc(ps, func(x, y Project) int {
		var c int
		switch key {
		case "", "target":
			c = strings.Compare(x.TargetDate, y.TargetDate)
		case "-target":
			c = strings.Compare(y.TargetDate, x.TargetDate)
		case "start":
			c = strings.Compare(x.StartDate, y.StartDate)
		case "name":
			c = strings.Compare(x.Name, y.Name)
		case "status":
			c = statusRank[x.Status] - statusRank[y.Status]
		case "-updated":
			c = y.UpdatedAt.Compare(x.UpdatedAt)
		}
		if c != 0 {
			return c
		}
		return int(x.ID - y.ID)
	})
}

// ReportVisible says whether the actor may see a progress report: when
// they may see its project. It decides who opens the report's photos.
func (s *Service) ReportVisible(ctx context.Context, a access.Actor, reportID int64) error {
	var pid int64
	err := s.DB.R.QueryRowContext(ctx, "SELECT project_id FROM project_reports WHERE id = $1", reportID).Scan(&pid)
	if isNoRows(err) {
		return errs.E(errs.NotFound)
	}
	if err != nil {
		return errs.Wrap(err, "report project")
	}
	_, err = s.Get(ctx, a, pid)
	return err
}
