package web

import (
	"net/http"
	"net/url"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/proposal"
	"pinghu/internal/report/ledger"
	"pinghu/internal/station"
)

var stationFilters = []string{"q", "kind", "group", "unit_id", "new_employment", "from", "to", "sort"}

type stationListView struct {
	stationDict
	Filter      url.Values
	FilterErrs  map[string]string
	Kinds       []station.Kind
	Groups      []station.Group
	Sorts       []string
	Communities []proposal.Place
	Items       []station.Station
	Pager       Pager
	CanCreate   bool
	LedgerHref  string
}

func (v stationListView) Filtered() bool { return len(v.Filter) > 0 }

// stationPageFilter reads the list's filters from the URL; the ledger
// reads the same.
func stationPageFilter(q url.Values, bad errs.Fields) station.Filter {
	f := station.Filter{Query: strings.TrimSpace(q.Get("q")), Kind: station.Kind(strings.TrimSpace(q.Get("kind"))),
		Group: station.Group(strings.TrimSpace(q.Get("group"))), UnitID: queryID(q, "unit_id"),
		NewEmployment: queryBool(q, "new_employment"), Sort: strings.TrimSpace(q.Get("sort"))}
	for _, d := range []struct {
		name string
		to   *string
	}{{"from", &f.From}, {"to", &f.To}} {
		if !pageDay(q, d.name, false, bad).IsZero() {
			*d.to = strings.TrimSpace(q.Get(d.name))
		}
	}
	return f
}

func (h *Web) stationList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := stationListView{stationDict: stationDict{h.page(r, "stn.page.list")}, Filter: filterValues(q, stationFilters...),
		Kinds: station.Kinds, Groups: station.Groups, Sorts: station.SortKeys, CanCreate: station.Registers(a)}
	v.LedgerHref = ledgerHref("/ledgers/stations.xlsx", v.Filter)
	bad := errs.Fields{}
	f := stationPageFilter(q, bad)
	f.Page = queryPage(r)
	var err error
	if v.Communities, err = h.Proposals.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, listErr := listAfter(bad, func() (db.List[station.Station], error) { return h.Stations.List(r.Context(), a, f) })
	status, fields, ok := h.listStatus(w, r, listErr)
	if !ok {
		return
	}
	v.Items, v.FilterErrs = l.Items, fields
	v.Pager = newPager("/stations", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	h.render(w, r, status, "stations", v)
}

// ledgerStations exports the stations the list shows for the same URL,
// with the people their records count as served between from and to.
func (h *Web) ledgerStations(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesStations(a) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "stn.ledger")
	bad := errs.Fields{}
	f := stationPageFilter(r.URL.Query(), bad)
	if err := bad.Err(); err != nil {
		h.renderError(w, r, err)
		return
	}
	items, total, err := allPages(func(pg db.Page) (db.List[station.Station], error) {
		f.Page = pg
		return h.Stations.List(r.Context(), a, f)
	})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	d := stationDict{p}
	s := ledger.Sheet{Name: p.T("stn.ledger.sheet"), Title: ledgerTitle(p, "stn.ledger", h.Now(), len(items), total)}
	served := p.T("stn.field.served_all")
	if f.From != "" || f.To != "" {
		served = p.T("stn.field.served_range", f.From, f.To)
	}
	for _, c := range []struct {
		head string
		kind ledger.ColumnKind
	}{
		{p.T("export.col.id"), ledger.Int}, {p.T("stn.field.name"), ledger.Text}, {p.T("stn.field.kind"), ledger.Text},
		{p.T("stn.field.community"), ledger.Text}, {p.T("stn.field.address"), ledger.Text}, {p.T("stn.field.lng"), ledger.Text},
		{p.T("stn.field.lat"), ledger.Text}, {p.T("stn.field.area"), ledger.Text}, {p.T("stn.field.hours"), ledger.Text},
		{p.T("stn.field.services"), ledger.Text}, {p.T("stn.field.groups"), ledger.Text}, {p.T("stn.field.new_employment"), ledger.Text},
		{p.T("stn.field.managing_unit"), ledger.Text}, {p.T("stn.field.funding"), ledger.Text}, {p.T("stn.field.opened_on"), ledger.Text},
		{served, ledger.Int},
	} {
		s.Columns = append(s.Columns, ledger.Column{Header: c.head, Kind: c.kind})
	}
	for _, x := range items {
		groups := make([]string, len(x.Groups))
		for i, g := range x.Groups {
			groups[i] = d.GroupName(g)
		}
		s.Rows = append(s.Rows, []any{x.ID, x.Name, d.KindName(x.Kind), x.CommunityName, x.Address, d.Coord(x.Lng), d.Coord(x.Lat),
			d.Area(x.AreaM2), x.Hours, strings.Join(x.Services, p.T("stn.sep")), strings.Join(groups, p.T("stn.sep")), yesNo(p, x.NewEmployment),
			x.ManagingUnitName, x.Funding, x.OpenedOn, x.Served})
	}
	h.sendLedger(w, r, "stations", p.T("stn.ledger.file"), s)
}
