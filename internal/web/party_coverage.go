package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/party"
)

// partyCoverageView is 两个覆盖 by community: every count opens the
// enterprises behind it.
type partyCoverageView struct {
	partyDict
	Filter     url.Values
	FilterErrs map[string]string
	Units      []party.Choice
	F          party.Figures
	Rows       []party.UnitRow
}

// Rate is n of the row's enterprises, as a percentage.
func (v partyCoverageView) Rate(n, of int) string {
	if of == 0 {
		return "—"
	}
	r := float64(n) / float64(of)
	return v.Percent(&r)
}

// Href is the list of the enterprises behind a figure of a unit (0: the
// whole selection).
func (v partyCoverageView) Href(fig string, unitID int64) string {
	q := url.Values{"figure": {fig}, "as_of": {v.F.AsOf}}
	if unitID == 0 {
		unitID = v.F.UnitID
	}
	if unitID > 0 {
		q.Set("unit_id", strconv.FormatInt(unitID, 10))
	}
	return partyCoveragePath + "/enterprises?" + q.Encode()
}

// partyQuery reads from, to, as_of and unit_id of a party page.
func partyQuery(q url.Values, bad errs.Fields) party.Query {
	pq := party.Query{From: pageDay(q, "from", false, bad), To: pageDay(q, "to", false, bad), UnitID: queryID(q, "unit_id")}
	pq.AsOf = pageDay(q, "as_of", false, bad)
	return pq
}

func (h *Web) partyCoverage(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !party.Sees(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	v := partyCoverageView{partyDict: partyDict{h.page(r, "pty.page.coverage")}, Filter: filterValues(q, "from", "to", "as_of", "unit_id")}
	var err error
	if v.Units, err = h.Party.Units(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	bad := errs.Fields{}
	pq := partyQuery(q, bad)
	err = bad.Err()
	if err == nil {
		v.F, err = h.Party.Figures(r.Context(), a, pq)
	}
	var status int
	if v.FilterErrs, status, err = h.filterErrors(w, r, err); err != nil {
		return
	}
	if v.FilterErrs != nil {
		v.F.AsOf = h.Now().In(i18n.Zone).Format(time.DateOnly)
	}
	for _, row := range v.F.ByCommunity {
		if row.Enterprises > 0 || row.Organisations > 0 {
			v.Rows = append(v.Rows, row)
		}
	}
	h.render(w, r, status, "party_coverage", v)
}

// partyDrillView lists the enterprises behind one coverage figure.
type partyDrillView struct {
	partyDict
	Figure party.Figure
	AsOf   string
	Items  []party.CoveredEnterprise
	Pager  Pager
	Back   string
}

// MayWork reports whether the reader records enterprises' party work.
func (v partyDrillView) MayWork() bool { return party.Writes(v.Actor) }

func (h *Web) partyCoverageEnterprises(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !party.Sees(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	bad := errs.Fields{}
	asOf := pageDay(q, "as_of", false, bad)
	dq := party.DrillQuery{Figure: party.Figure(q.Get("figure")), AsOf: asOf, UnitID: queryID(q, "unit_id"), Page: queryPage(r)}
	if err := bad.Err(); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, err := h.Party.Enterprises(r.Context(), a, dq)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := partyDrillView{partyDict: partyDict{h.page(r, "pty.page.drill")}, Figure: dq.Figure, Items: l.Items,
		Back: partyCoveragePath + "?" + filterValues(q, "as_of", "unit_id").Encode()}
	v.AsOf = h.Now().In(i18n.Zone).Format(time.DateOnly)
	if !asOf.IsZero() {
		v.AsOf = asOf.In(i18n.Zone).Format(time.DateOnly)
	}
	v.Title = v.T("pty.page.drill") + " · " + v.T("pty.figure."+string(dq.Figure))
	v.Pager = newPager(partyCoveragePath+"/enterprises", filterValues(q, "figure", "as_of", "unit_id"), l.Page, l.PageSize, l.Total)
	h.render(w, r, http.StatusOK, "party_coverage_enterprises", v)
}
