package summary

import (
	"context"
	"io"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
	"pinghu/internal/project"
	"pinghu/internal/report/ledger"
)

// maxAnnexRows caps each sheet of records: a sub-district's period holds
// hundreds of appeals; a district's year a few tens of thousands.
const maxAnnexRows = 50000

// Appeals lists appeals by a Filter, as appeal.Service does.
type Appeals interface {
	List(ctx context.Context, a access.Actor, f appeal.Filter) (db.List[appeal.Appeal], error)
}

// Projects reads every project of a Filter, as project.Service does.
type Projects interface {
	All(ctx context.Context, a access.Actor, f project.Filter) ([]project.Project, error)
}

// Records are where the annex reads the records behind the figures, and
// as whom: the appeals as the reader (the report's unit narrows them),
// the projects as the reader of the report's unit (overview's Reader),
// as their figures were counted.
type Records struct {
	Appeals        Appeals
	Projects       Projects
	Reader         access.Actor
	ProjectsReader access.Actor
}

// annexFigures are the appeal figures whose records the annex lists, each
// on a sheet of its own, in the report's order.
var annexFigures = []string{appeal.FigureCollected, appeal.FigureResolved, appeal.FigureInProgress}

// WriteAnnex writes the ledger annex: a sheet of the report's figures;
// for each appeal figure of the report the appeals it counts, found by
// the appeal module's own drill-down (appeal.Drill) for the report's
// period, as-of date and unit; and the key projects as of the date, so
// that each sheet's rows add up to its figure. No column holds personal
// information.
func (r Report) WriteAnnex(ctx context.Context, w io.Writer, src Records, t T) error {
	a := src.Reader
	sheets := []ledger.Sheet{r.figureSheet(t)}
	f := r.Figures
	at, ok := appeal.AsOfDate(f.AsOf)
	if !ok {
		return errs.InvalidField("as_of", "err.bad_date")
	}
	q := appeal.StatsQuery{From: f.From, To: f.To, AsOf: at, UnitID: f.UnitID}
	for _, fig := range annexFigures {
		filter, err := appeal.Drill(q, fig)
		if err != nil {
			return err
		}
		filter.Sort = "submitted_at"
		s := ledger.Sheet{Name: t("appeal.figure." + fig), Title: t("rpt.annex.appeals", t("appeal.figure."+fig), f.From, f.To, f.AsOf)}
		for _, key := range []string{"export.col.id", "export.col.enterprise", "export.col.community", "export.col.category",
			"export.col.title", "export.col.department", "export.col.submitted_at"} {
			s.Columns = append(s.Columns, ledger.Column{Header: t(key)})
		}
		s.Columns[0].Kind, s.Columns[6].Kind = ledger.Int, ledger.DateTime
		for page := 1; len(s.Rows) < maxAnnexRows; page++ {
			filter.Page = db.NewPage(page, db.MaxPageSize)
			list, err := src.Appeals.List(ctx, a, filter)
			if err != nil {
				return err
			}
			for _, x := range list.Items {
				// An appeal's title is free text: a number written into it
				// leaves masked, as in every other export.
				s.Rows = append(s.Rows, []any{x.ID, x.EnterpriseName, x.CommunityName, x.Category, pii.MaskText(x.Title),
					x.DepartmentName, x.SubmittedAt})
			}
			if len(list.Items) < db.MaxPageSize || len(s.Rows) >= list.Total {
				break
			}
		}
		sheets = append(sheets, s)
	}
	projects, err := r.projectSheet(ctx, src, t)
	if err != nil {
		return err
	}
	return ledger.WriteXLSX(w, append(sheets, projects)...)
}

// projectSheet is the key projects counted by the report's project total,
// with their status as of the date.
func (r Report) projectSheet(ctx context.Context, src Records, t T) (ledger.Sheet, error) {
	f := r.Figures
	ps, err := src.Projects.All(ctx, src.ProjectsReader, project.Filter{AsOf: f.AsOf})
	if err != nil {
		return ledger.Sheet{}, err
	}
	s := ledger.Sheet{Name: t("rpt.pj.total"), Title: t("rpt.annex.projects", f.AsOf)}
	for _, key := range []string{"export.col.id", "rpt.annex.project", "rpt.annex.lead_unit", "rpt.annex.status", "rpt.annex.target_date"} {
		s.Columns = append(s.Columns, ledger.Column{Header: t(key)})
	}
	s.Columns[0].Kind = ledger.Int
	for _, p := range ps {
		s.Rows = append(s.Rows, []any{p.ID, p.Name, p.LeadUnitName, t("project.status." + string(p.Status)), p.TargetDate})
	}
	return s, nil
}

// figureSheet is every figure of the report, section by section.
func (r Report) figureSheet(t T) ledger.Sheet {
	s := ledger.Sheet{Name: t("rpt.annex.figures"), Title: r.Title + " " + r.Period,
		Columns: []ledger.Column{{Header: t("rpt.annex.section")}, {Header: t("rpt.annex.figure")}, {Header: t("rpt.annex.value")}}}
	for _, sec := range r.Sections {
		for _, row := range sec.Rows {
			s.Rows = append(s.Rows, []any{sec.Title, row.Label, row.Value})
		}
	}
	return s
}
