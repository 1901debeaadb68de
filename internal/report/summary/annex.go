package summary

import (
	"context"
	"io"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
	"pinghu/internal/report/ledger"
)

// maxAnnexRows caps each sheet of records: a sub-district's period holds
// hundreds of appeals; a district's year a few tens of thousands.
const maxAnnexRows = 50000

// Appeals lists appeals by a Filter, as appeal.Service does.
type Appeals interface {
	List(ctx context.Context, a access.Actor, f appeal.Filter) (db.List[appeal.Appeal], error)
}

// annexFigures are the appeal figures whose records the annex lists, each
// on a sheet of its own, in the report's order.
var annexFigures = []string{appeal.FigureCollected, appeal.FigureResolved, appeal.FigureInProgress}

// WriteAnnex writes the ledger annex: a sheet of the report's figures,
// then for each appeal figure of the report the appeals it counts, found
// by the appeal module's own drill-down (appeal.Drill) for the report's
// period, as-of date and unit, so that each sheet's rows add up to its
// figure. No column holds personal information.
func (r Report) WriteAnnex(ctx context.Context, w io.Writer, a access.Actor, src Appeals, t T) error {
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
			list, err := src.List(ctx, a, filter)
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
	return ledger.WriteXLSX(w, sheets...)
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
