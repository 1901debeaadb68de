package web

import (
	"net/http"
	"net/url"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/party"
	"pinghu/internal/report/ledger"
)

var partyOrgFilters = []string{"q", "level", "sector", "formation", "status", "unit_id", "standing_on", "founded_from", "founded_to", "new_kind", "sort"}

type partyOrgListView struct {
	partyDict
	Filter     url.Values
	FilterErrs map[string]string
	Levels     []party.Level
	Sectors    []party.Sector
	Formations []party.Formation
	Statuses   []party.Status
	Sorts      []string
	NewKinds   []string
	Units      []party.Choice
	Items      []party.Org
	Pager      Pager
	CanCreate  bool
	LedgerHref string
}

func (v partyOrgListView) Filtered() bool { return len(v.Filter) > 0 }

// partyOrgPageFilter reads the list's filters from the URL; the ledger
// reads the same, and the service names what is wrong with them.
func partyOrgPageFilter(q url.Values) party.OrgFilter {
	get := func(n string) string { return strings.TrimSpace(q.Get(n)) }
	return party.OrgFilter{Query: get("q"), Level: party.Level(get("level")), Sector: party.Sector(get("sector")),
		Formation: party.Formation(get("formation")), Status: party.Status(get("status")), UnitID: queryID(q, "unit_id"),
		StandingOn: get("standing_on"), FoundedFrom: get("founded_from"), FoundedTo: get("founded_to"), NewKind: get("new_kind"),
		Sort: get("sort")}
}

func (h *Web) partyOrgList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !party.Sees(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	v := partyOrgListView{partyDict: partyDict{h.page(r, "pty.page.orgs")}, Filter: filterValues(q, partyOrgFilters...),
		Levels: party.Levels, Sectors: party.Sectors, Formations: party.Formations, Statuses: party.Statuses,
		Sorts: party.OrgSortKeys, NewKinds: party.NewKinds, CanCreate: party.Writes(a)}
	v.LedgerHref = ledgerHref("/ledgers/party-organisations.xlsx", v.Filter)
	var err error
	if v.Units, err = h.Party.Units(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	f := partyOrgPageFilter(q)
	f.Page = queryPage(r)
	l, err := h.Party.ListOrgs(r.Context(), a, f)
	var status int
	if v.FilterErrs, status, err = h.filterErrors(w, r, err); err != nil {
		return
	}
	v.Items = l.Items
	v.Pager = newPager(partyOrgsPath, v.Filter, f.Page.Number, db.NewPage(f.Page.Number, f.Page.Size).Size, l.Total)
	h.render(w, r, status, "party_orgs", v)
}

// ledgerPartyOrgs exports the organisations the list shows for the same
// URL: the organisation ledger (党组织台账).
func (h *Web) ledgerPartyOrgs(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !party.Sees(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "pty.ledger")
	f := partyOrgPageFilter(r.URL.Query())
	items, total, err := allPages(func(pg db.Page) (db.List[party.Org], error) {
		f.Page = pg
		return h.Party.ListOrgs(r.Context(), a, f)
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := partyDict{p}
	s := ledger.Sheet{Name: p.T("pty.ledger.sheet"), Title: ledgerTitle(p, "pty.ledger", h.Now(), len(items), total)}
	for _, c := range []struct {
		head string
		kind ledger.ColumnKind
	}{
		{p.T("export.col.id"), ledger.Int}, {p.T("pty.field.name"), ledger.Text}, {p.T("pty.field.unit"), ledger.Text},
		{p.T("pty.field.parent"), ledger.Text}, {p.T("pty.field.level"), ledger.Text}, {p.T("pty.field.sector"), ledger.Text},
		{p.T("pty.field.formation"), ledger.Text}, {p.T("pty.field.founded_on"), ledger.Text}, {p.T("pty.field.secretary"), ledger.Text},
		{p.T("pty.field.member_count"), ledger.Int}, {p.T("pty.field.status"), ledger.Text}, {p.T("pty.field.ended_on"), ledger.Text},
		{p.T("pty.field.covers"), ledger.Int},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: c.head, Kind: c.kind})
	}
	for _, o := range items {
		s.Rows = append(s.Rows, []any{o.ID, o.Name, o.UnitName, o.ParentName, d.LevelName(o.Level), d.SectorName(o.Sector),
			d.FormationName(o.Formation), o.FoundedOn, o.Secretary, o.MemberCount, d.StatusName(o.Status), o.EndedOn, o.Covers})
	}
	h.sendLedger(w, r, "party-organisations", p.T("pty.ledger.file"), s)
}

// filterErrors splits a list's error: bad filters are shown on the page
// with 422, anything else gets the error page (and is returned).
func (h *Web) filterErrors(w http.ResponseWriter, r *http.Request, err error) (map[string]string, int, error) {
	if err == nil {
		return nil, http.StatusOK, nil
	}
	e := errs.As(err)
	if e.Code != errs.Invalid {
		h.renderError(w, r, err)
		return nil, 0, err
	}
	return e.Fields, http.StatusUnprocessableEntity, nil
}
