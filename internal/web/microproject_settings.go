package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/microproject"
	"pinghu/internal/report/ledger"
)

type microprojectSettingsView struct {
	mpDict
	Year        int
	UnitID      int64
	S           microproject.Settings
	Communities []microproject.Place
	Form        Form
}

// settingsYear is the year a settings or funds page shows: the URL's, or
// this year.
func (h *Web) settingsYear(r *http.Request) int {
	if y := queryInt(r.URL.Query(), "year"); y >= 2000 && y <= 2100 {
		return y
	}
	return h.Now().In(i18n.Zone).Year()
}

func (h *Web) microprojectSettings(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !microproject.MaySetSettings(a) {
		h.NotFound(w, r)
		return
	}
	year, unit := h.settingsYear(r), queryID(r.URL.Query(), "unit_id")
	s, err := h.Microprojects.SettingsFor(r.Context(), a, year, unit)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.settingsPage(w, r, http.StatusOK, microprojectSettingsView{Year: year, UnitID: unit, S: s, Form: Form{Values: settingsValues(s)}})
}

func settingsValues(s microproject.Settings) map[string]string {
	i := func(n int64) string { return strconv.FormatInt(n, 10) }
	return map[string]string{"fund": i(s.Fund), "cap_works": i(s.CapWorks), "cap_services": i(s.CapServices), "cap_goods": i(s.CapGoods),
		"quorum_num": strconv.Itoa(s.QuorumNum), "quorum_den": strconv.Itoa(s.QuorumDen), "publicity_days": strconv.Itoa(s.PublicityDays)}
}

func (h *Web) settingsPage(w http.ResponseWriter, r *http.Request, status int, v microprojectSettingsView) {
	v.mpDict = mpDict{h.page(r, "mp.page.settings")}
	all, err := h.Microprojects.Communities(r.Context())
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Communities = microproject.Managed(edge.Actor(r), all)
	h.render(w, r, status, "microproject_settings", v)
}

func (h *Web) microprojectSettingsSave(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "year", "unit_id", "fund", "cap_works", "cap_services", "cap_goods", "quorum_num", "quorum_den", "publicity_days")
	in := microproject.Settings{Year: formInt(vals["year"]), UnitID: formID(vals["unit_id"]), Fund: formMoney(vals["fund"]),
		CapWorks: formMoney(vals["cap_works"]), CapServices: formMoney(vals["cap_services"]), CapGoods: formMoney(vals["cap_goods"]),
		QuorumNum: formInt(vals["quorum_num"]), QuorumDen: formInt(vals["quorum_den"]), PublicityDays: formInt(vals["publicity_days"])}
	if _, err := h.Microprojects.SetSettings(r.Context(), edge.Actor(r), in); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.settingsPage(w, r, http.StatusUnprocessableEntity, microprojectSettingsView{Year: in.Year, UnitID: in.UnitID, S: in,
				Form: Form{Values: vals, Errors: f}})
		})
		return
	}
	// #nosec G710 -- a path built here from numbers
	http.Redirect(w, r, "/microprojects/settings?year="+strconv.Itoa(in.Year)+"&unit_id="+strconv.FormatInt(in.UnitID, 10)+"&ok=saved", http.StatusSeeOther)
}

type microprojectFundsView struct {
	mpDict
	Year  int
	Items []microproject.FundUse
}

func (h *Web) microprojectFunds(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesMicroprojects(a) {
		h.NotFound(w, r)
		return
	}
	v := microprojectFundsView{mpDict: mpDict{h.page(r, "mp.page.funds")}, Year: h.settingsYear(r)}
	var err error
	if v.Items, err = h.Microprojects.FundUsage(r.Context(), a, v.Year); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "microproject_funds", v)
}

// ledgerMicroprojects exports the projects the list shows for the same
// URL, every page of them, with their money.
func (h *Web) ledgerMicroprojects(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesMicroprojects(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "mp.export")
	d := mpDict{p}
	bad := errs.Fields{}
	f := microprojectPageFilter(r.URL.Query(), bad)
	if err := bad.Err(); err != nil {
		h.renderError(w, r, err)
		return
	}
	items, total, err := allPages(func(pg db.Page) (db.List[microproject.Project], error) {
		f.Page = pg
		return h.Microprojects.List(r.Context(), a, f)
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	s := ledger.Sheet{Name: p.T("mp.export.sheet"), Title: ledgerTitle(p, "mp.export", h.Now(), len(items), total)}
	for _, c := range []struct {
		key  string
		kind ledger.ColumnKind
	}{
		{"export.col.id", ledger.Int}, {"mp.field.receipt", ledger.Text}, {"mp.field.year", ledger.Int}, {"mp.field.community", ledger.Text},
		{"mp.field.title", ledger.Text}, {"mp.field.kind", ledger.Text}, {"mp.field.category", ledger.Text}, {"mp.field.source", ledger.Text},
		{"mp.field.stage", ledger.Text}, {"mp.field.budget", ledger.Money}, {"mp.field.spent", ledger.Money}, {"mp.field.progress", ledger.Int},
		{"mp.field.created_at", ledger.Text},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: p.T(c.key), Kind: c.kind})
	}
	for _, x := range items {
		s.Rows = append(s.Rows, []any{x.ID, x.Receipt, x.Year, x.CommunityName, x.Title, d.Kind(x.Kind), d.Category(x.Category),
			d.Source(x.Source), d.Stage(x.Stage), float64(x.Budget), float64(x.Spent), x.Progress, d.Day(x.CreatedAt)})
	}
	h.sendLedger(w, r, "microprojects", p.T("mp.export.file"), s)
}

// Fields are the settings' inputs, in the form's order.
func (microprojectSettingsView) Fields() []string {
	return []string{"fund", "cap_works", "cap_services", "cap_goods", "quorum_num", "quorum_den", "publicity_days"}
}
