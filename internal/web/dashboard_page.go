package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"pinghu/internal/i18n"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// dashboardView is the enterprise service's dashboard: the figures of
// appeal.Stats as cards, the breakdowns as charts, and the ledgers.
type dashboardView struct {
	Page
	Q       dashQuery
	Presets []dashPreset
	// Units are the units a leader or the office may narrow to, by kind;
	// nil for the other roles.
	Units     []unitGroup
	UnitName  string // the unit narrowed to, "" for the whole scope
	HasStats  bool   // false when a parameter was refused
	Stats     appeal.Stats
	Counts    []figureCard
	Rates     []rateCard
	Charts    []dashChart
	Ledgers   []ledgerLink
	CanImport bool
}

// dashPreset is one of the period shortcuts.
type dashPreset struct {
	Key, Href string
	Current   bool
}

// unitGroup is one optgroup of the unit selector.
type unitGroup struct {
	Key   string
	Units []org.Unit
}

// figureCard is one count: its value and where it leads.
type figureCard struct {
	Name, LabelKey, HelpKey string
	Value                   int
	// Href lists the records behind the value; "" when no list can show
	// exactly them (an enterprise figure narrowed to a department).
	Href string
	// NoteKey, when set, says what the link lists if that is not
	// obvious from the label.
	NoteKey string
}

// rateCard is one rate with its two parts, each linked to its appeals.
type rateCard struct {
	Name, LabelKey, HelpKey string
	Rate                    *float64
	Num, Den                figureCard
}

// Percent shows the rate with one decimal, "—" when nothing was due.
func (c rateCard) Percent() string { return i18n.Percent(c.Rate) }

// ledgerLink is one download of the ledger panel.
type ledgerLink struct {
	LabelKey, XLSX, CSV string
}

// appealCounts are the count cards of appeals, in reading order.
var appealCounts = []string{appeal.FigureCollected, appeal.FigureResolved, appeal.FigureInProgress,
	appeal.FigureRejected, appeal.FigureOverdue}

// rateNames are the rate cards, in reading order; appeal.Rates names
// their parts.
var rateNames = []string{"closure_rate", "response_rate", "on_time_rate", "resolution_rate", "satisfaction_rate"}

// figureLabel is the card's label: the appeal module's name of the
// figure, the one the drill-down list shows too. (In progress is
// "推进中", as in the seed's 正在推进解决, not the state "办理中" it
// includes; rejected is "不予受理", the state's own name.)
func figureLabel(name string) string { return "appeal.figure." + name }

func (h *Web) dashboard(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !seesDashboard(a) {
		h.NotFound(w, r)
		return
	}
	ctx := r.Context()
	q := readDashQuery(r.URL.Query(), h.today())
	v := dashboardView{Page: h.page(r, "page.dashboard"), Q: q, CanImport: enterprise.RightsOf(a).Manage}
	v.Presets = h.dashPresets(q, dashboardPath)
	// The unit narrowed to decides which lists can show the enterprise
	// figures' records; its kind is known from the selector's units.
	unit := org.Unit{ID: q.UnitID}
	if picksUnit(a) {
		groups, err := h.dashUnits(ctx, a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Units = groups
		for _, g := range groups {
			for _, u := range g.Units {
				if u.ID == q.UnitID {
					unit, v.UnitName = u, u.Name
				}
			}
		}
	}
	if q.UnitID == a.UnitID {
		unit = org.Unit{} // the actor's own unit is the whole scope
	}
	if len(q.Errs) > 0 {
		v.Q = q
		v.Ledgers = dashLedgers(dashQuery{}, org.Unit{})
		h.render(w, r, http.StatusUnprocessableEntity, "dashboard", v)
		return
	}
	// One moment for the cards and the charts. Without as_of it is now,
	// and the links carry no as_of: followed, they read "now" again.
	sq := q.stats()
	if sq.AsOf.IsZero() {
		sq.AsOf = h.Now()
	}
	st, err := h.Appeals.Stats(ctx, a, sq)
	if err != nil {
		if e := errs.As(err); e.Code == errs.Invalid {
			q.Errs = e.Fields
			v.Q = q
			v.Ledgers = dashLedgers(dashQuery{}, org.Unit{})
			h.render(w, r, http.StatusUnprocessableEntity, "dashboard", v)
			return
		}
		h.renderError(w, r, err)
		return
	}
	v.HasStats, v.Stats = true, st
	v.Ledgers = dashLedgers(q, unit)
	v.Counts = dashCounts(q, st, unit)
	v.Rates = dashRates(q, st)
	if v.Charts, err = h.dashCharts(ctx, a, v.Page, q, sq); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "dashboard", v)
}

// dashPresets are the period shortcuts: this year, the seed's visiting
// week and the first half of 2022, the last two as of 1 July 2022 (the
// date the seed's figures were reported). The unit chosen is kept; each
// leads to the page at path.
func (h *Web) dashPresets(q dashQuery, path string) []dashPreset {
	today := h.today()
	presets := []struct{ key, from, to, asOf string }{
		{"dash.preset.year", today[:4] + "-01-01", today, ""},
		{"dash.preset.visit_week", "2022-05-26", "2022-05-31", "2022-07-01"},
		{"dash.preset.half_2022", "2022-01-01", "2022-06-30", "2022-07-01"},
	}
	out := make([]dashPreset, 0, len(presets))
	for _, p := range presets {
		x := dashQuery{From: p.from, To: p.to, AsOf: p.asOf, UnitID: q.UnitID}
		out = append(out, dashPreset{Key: p.key, Href: x.hrefAt(path),
			Current: q.From == p.from && q.To == p.to && q.AsOf == p.asOf})
	}
	return out
}

// dashUnits are the units of the actor's scope a leader may narrow to:
// sub-districts below its own unit, communities and departments.
func (h *Web) dashUnits(ctx context.Context, a access.Actor) ([]unitGroup, error) {
	tree, err := h.Units.Tree(ctx, a)
	if err != nil {
		return nil, err
	}
	kinds := []org.Kind{org.Subdistrict, org.Community, org.Department}
	byKind := map[org.Kind][]org.Unit{}
	for _, u := range tree {
		if u.Active && u.ID != a.UnitID {
			byKind[u.Kind] = append(byKind[u.Kind], u)
		}
	}
	var out []unitGroup
	for _, k := range kinds {
		if len(byKind[k]) > 0 {
			out = append(out, unitGroup{Key: "kind." + string(k), Units: byKind[k]})
		}
	}
	return out, nil
}

// dashCounts are the count cards: the two enterprise figures, then the
// appeals'.
func dashCounts(q dashQuery, st appeal.Stats, unit org.Unit) []figureCard {
	// The enterprise list and the visit list filter by community; a
	// figure narrowed to another kind of unit has no list showing exactly
	// its records, so its number is not a link rather than a wrong one.
	exact := unit.ID == 0 || unit.Kind == org.Community
	community := ""
	if unit.Kind == org.Community {
		community = strconv.FormatInt(unit.ID, 10)
	}
	above := url.Values{"above_scale": {"true"}, "status": {string(enterprise.Operating)}}
	visits := url.Values{}
	if q.From != "" {
		visits.Set("from", q.From)
	}
	if to := q.visitTo(); to != "" {
		visits.Set("to", to)
	}
	if community != "" {
		above.Set("community_id", community)
		visits.Set("community_id", community)
	}
	out := []figureCard{
		{Name: appeal.FigureAboveScale, Value: st.AboveScaleEnterprises, Href: "/enterprises?" + above.Encode()},
		{Name: appeal.FigureVisited, Value: st.EnterprisesVisited, Href: "/visits?" + visits.Encode(), NoteKey: "dash.note.visits_link"},
	}
	if !exact {
		out[0].Href, out[1].Href = "", ""
		out[0].NoteKey, out[1].NoteKey = "dash.note.no_list", "dash.note.no_list"
	}
	values := map[string]int{appeal.FigureCollected: st.AppealsCollected, appeal.FigureResolved: st.AppealsResolved,
		appeal.FigureInProgress: st.AppealsInProgress, appeal.FigureRejected: st.AppealsRejected, appeal.FigureOverdue: st.AppealsOverdue}
	for _, name := range appealCounts {
		out = append(out, figureCard{Name: name, Value: values[name], Href: q.FigureHref(name)})
	}
	for i := range out {
		out[i].LabelKey, out[i].HelpKey = figureLabel(out[i].Name), "appeal.figure."+out[i].Name+".help"
	}
	return out
}

// partValue is the value of a part of a rate, by figure name.
func partValue(st appeal.Stats, name string) int {
	switch name {
	case appeal.FigureCollected:
		return st.AppealsCollected
	case appeal.FigureResolved:
		return st.AppealsResolved
	case appeal.FigureResponseDue:
		return st.ResponseDue
	case appeal.FigureRespondedInTime:
		return st.RespondedInTime
	case appeal.FigureResolvedOnTime:
		return st.ResolvedOnTime
	case appeal.FigureRated:
		return st.Rated
	case appeal.FigureRatedSolved:
		return st.RatedSolved
	case appeal.FigureRatedSatisfied:
		return st.RatedSatisfied
	}
	return 0
}

// dashRates are the rate cards, each with its numerator and denominator
// linked to their appeals.
func dashRates(q dashQuery, st appeal.Stats) []rateCard {
	rates := map[string]*float64{"closure_rate": st.ClosureRate, "response_rate": st.ResponseRate,
		"on_time_rate": st.OnTimeRate, "resolution_rate": st.ResolutionRate, "satisfaction_rate": st.SatisfactionRate}
	out := make([]rateCard, 0, len(rateNames))
	for _, name := range rateNames {
		parts := appeal.Rates[name]
		part := func(fig string) figureCard {
			return figureCard{Name: fig, LabelKey: "appeal.figure." + fig, HelpKey: "appeal.figure." + fig + ".help",
				Value: partValue(st, fig), Href: q.FigureHref(fig)}
		}
		out = append(out, rateCard{Name: name, LabelKey: figureLabel(name), HelpKey: "appeal.figure." + name + ".help",
			Rate: rates[name], Num: part(parts[0]), Den: part(parts[1])})
	}
	return out
}

// dashLedgers are the ledgers of the page's period and unit: the appeals
// as the figures count them, the above-scale registry and the period's
// visits, of the community narrowed to if it is one.
func dashLedgers(q dashQuery, unit org.Unit) []ledgerLink {
	visits := url.Values{}
	if q.From != "" {
		visits.Set("from", q.From)
	}
	if to := q.visitTo(); to != "" {
		visits.Set("to", to)
	}
	enterprises := url.Values{"above_scale": {"true"}}
	if unit.Kind == org.Community {
		id := strconv.FormatInt(unit.ID, 10)
		visits.Set("community_id", id)
		enterprises.Set("community_id", id)
	}
	return []ledgerLink{
		{LabelKey: "dash.ledger.appeals", XLSX: q.LedgerHref("/ledgers/appeals.xlsx"), CSV: q.LedgerHref("/ledgers/appeals.csv")},
		{LabelKey: "dash.ledger.enterprises", XLSX: "/ledgers/enterprises.xlsx?" + enterprises.Encode(),
			CSV: "/ledgers/enterprises.csv?" + enterprises.Encode()},
		{LabelKey: "dash.ledger.visits", XLSX: "/ledgers/visits.xlsx?" + visits.Encode(), CSV: "/ledgers/visits.csv?" + visits.Encode()},
	}
}

// chartHTML keeps the type of a rendered chart explicit in the view.
type chartHTML = template.HTML
