package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/report/ledger"
)

// appealLedgerFilter reads the appeal list's filters from the URL with
// the list's own reader (appealPageFilter), the drill-down contract
// included: figure=<appeal figure>&from&to[&as_of][&unit_id][&by&key]
// selects exactly the appeals counted by that figure, the list's other
// filters narrowing it further, as the list does (appeal.DrillFilter).
// So a ledger taken from a list's URL holds exactly that list's appeals.
func appealLedgerFilter(q url.Values) (appeal.Filter, error) {
	bad := errs.Fields{}
	f := appealPageFilter(q, bad)
	if err := bad.Err(); err != nil {
		return f, err
	}
	if figure := strings.TrimSpace(q.Get("figure")); figure != "" {
		return appeal.DrillFilter(f, figure, strings.TrimSpace(q.Get("by")), strings.TrimSpace(q.Get("key")))
	}
	return f, nil
}

// ledgerAppeals exports the appeals the list would show for the same
// URL, every page of them up to maxLedgerRows.
func (h *Web) ledgerAppeals(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesDashboard(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "export.appeals")
	f, err := appealLedgerFilter(r.URL.Query())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if f.Sort == "" {
		// Oldest first: a ledger reads in order of registration, and new
		// appeals arriving while it is written land after the last page
		// instead of shifting the pages already read.
		f.Sort = "submitted_at"
	}
	ctx := r.Context()
	categories, err := h.categoryNames(ctx, p.Lang)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	items, total, err := allPages(func(page db.Page) (db.List[appeal.Appeal], error) {
		f.Page = page
		return h.Appeals.List(ctx, a, f)
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	ids := make([]int64, 0, len(items))
	seen := map[int64]bool{}
	for _, x := range items {
		if !seen[x.EnterpriseID] {
			seen[x.EnterpriseID] = true
			ids = append(ids, x.EnterpriseID)
		}
	}
	ents, err := h.Enterprises.ByIDs(ctx, a, ids)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	now := h.Now()
	s := ledger.Sheet{Name: p.T("export.appeals.sheet"), Title: ledgerTitle(p, "export.appeals", now, len(items), total)}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.id", ledger.Int}, {"export.col.enterprise", ledger.Text}, {"export.col.credit_code", ledger.Text},
		{"export.col.community", ledger.Text}, {"export.col.category", ledger.Text}, {"export.col.channel", ledger.Text},
		{"export.col.title", ledger.Text}, {"export.col.state", ledger.Text}, {"export.col.department", ledger.Text},
		{"export.col.submitted_at", ledger.DateTime}, {"export.col.response_due_at", ledger.DateTime},
		{"export.col.resolution_due_at", ledger.DateTime}, {"export.col.accepted_at", ledger.DateTime},
		{"export.col.resolved_at", ledger.DateTime}, {"export.col.overdue", ledger.Text}, {"export.col.supervised", ledger.Text},
		{"export.col.solved", ledger.Text}, {"export.col.satisfaction", ledger.Text},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, x := range items {
		category := categories[x.Category]
		if category == "" {
			category = x.Category
		}
		var solved, satisfaction string
		if x.Solved != "" {
			solved = p.T("appeal.solved." + string(x.Solved))
		}
		if x.Satisfaction != "" {
			satisfaction = p.T("appeal.satisfaction." + string(x.Satisfaction))
		}
		s.Rows = append(s.Rows, []any{x.ID, x.EnterpriseName, ents[x.EnterpriseID].CreditCode, x.CommunityName, category,
			p.T("appeal.channel." + string(x.Channel)), x.Title, p.T("appeal.state." + string(x.State)),
			x.DepartmentName, x.SubmittedAt, x.ResponseDueAt, x.ResolutionDueAt, x.AcceptedAt, x.ResolvedAt,
			yesNo(p, appealLate(x, now)), yesNo(p, x.Supervised), solved, satisfaction})
	}
	h.sendLedger(w, r, "appeals", p.T("export.appeals.file"), s)
}

// appealLate is the ledger's 是否超期: open past its resolution deadline
// now, or resolved after the deadline then in force (the latest one: a
// reopened appeal is judged by its new deadline).
func appealLate(x appeal.Appeal, now time.Time) bool {
	if x.Overdue(now) {
		return true
	}
	return !x.ResolvedAt.IsZero() && x.ResolvedAt.After(x.ResolutionDueAt)
}
