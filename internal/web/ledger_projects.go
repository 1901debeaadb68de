package web

import (
	"net/http"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/project"
	"pinghu/internal/report/ledger"
)

// ledgerProjects exports the projects the list shows for the same URL,
// every page of them, with their computed status.
func (h *Web) ledgerProjects(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesProjects(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "export.projects")
	bad := errs.Fields{}
	f := projectPageFilter(r.URL.Query(), bad)
	if err := bad.Err(); err != nil {
		h.renderError(w, r, err)
		return
	}
	items, err := h.Projects.All(r.Context(), a, f)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	total := len(items)
	if len(items) > maxLedgerRows {
		items = items[:maxLedgerRows]
	}
	dict, err := h.projectDict(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("export.projects.sheet"), Title: ledgerTitle(p, "export.projects", h.Now(), len(items), total)}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.id", ledger.Int}, {"pjw.field.name", ledger.Text}, {"pjw.field.kind", ledger.Text}, {"pjw.field.field", ledger.Text},
		{"pjw.field.lists", ledger.Text}, {"pjw.field.lead_unit", ledger.Text}, {"pjw.field.lead_branch", ledger.Text},
		{"pjw.field.lead_cadre", ledger.Text}, {"pjw.field.departments", ledger.Text}, {"pjw.field.start_date", ledger.Text},
		{"pjw.field.target_date", ledger.Text}, {"pjw.field.closed_date", ledger.Text}, {"pjw.field.progress", ledger.Int},
		{"pjw.field.status", ledger.Text}, {"pjw.field.milestones_overdue", ledger.Int}, {"pjw.field.budget", ledger.Money},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, x := range items {
		var lists, deps []string
		for _, l := range x.Lists {
			lists = append(lists, p.T("project.list."+string(l)))
		}
		for _, d := range x.Departments {
			deps = append(deps, d.Name)
		}
		late := 0
		for _, m := range x.Milestones {
			if project.MilestoneOverdue(m, x.AsOf) {
				late++
			}
		}
		var budget any
		if x.BudgetFen != nil {
			budget = float64(*x.BudgetFen) / 100
		}
		s.Rows = append(s.Rows, []any{x.ID, x.Name, p.T("project.kind." + string(x.Kind)), dict.FieldName(x.Field),
			strings.Join(lists, "、"), x.LeadUnitName, x.LeadBranch, x.LeadCadreName, strings.Join(deps, "、"),
			x.StartDate, x.TargetDate, x.ClosedDate, x.Progress, p.T("project.status." + string(x.Status)), late, budget})
	}
	h.sendLedger(w, r, "projects", p.T("export.projects.file"), s)
}
