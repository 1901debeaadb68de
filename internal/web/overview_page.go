package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/overview"
	"pinghu/internal/party"
	"pinghu/internal/project"
	"pinghu/internal/supervision"
)

// overviewView is the overview: every module's figures of a period, as
// of a date, for the reader's scope or a unit of it, each figure a link
// to the list of its records; for a reader of several sub-districts, the
// sub-districts side by side.
type overviewView struct {
	Page
	Q        dashQuery
	Units    []unitGroup
	Presets  []dashPreset
	UnitName string
	Sections []dashSection
	// NoParty: the party figures are not kept in this installation.
	NoParty bool
	Compare []compareRow
}

// compareRow is one sub-district of the comparison.
type compareRow struct {
	overview.Subdistrict
	Href    string
	Closure string
}

// href is the overview with other values of its parameters.
func (q dashQuery) overviewHref(unitID int64) string {
	v := q.values()
	v.Del("unit_id")
	if unitID > 0 {
		v.Set("unit_id", strconv.FormatInt(unitID, 10))
	}
	return overviewPath + "?" + v.Encode()
}

func (h *Web) overviewPage(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, overview.Sees(a)) {
		return
	}
	ctx := r.Context()
	q := readDashQuery(r.URL.Query(), h.today())
	presets := h.dashPresets(q, overviewPath)
	if q.AsOf == "" {
		// The figures are as of a date, and the links carry it, so that
		// a figure and its list describe the same moment.
		q.AsOf = h.today()
	}
	v := overviewView{Page: h.page(r, "page.overview"), Q: q, Presets: presets}
	groups, err := h.overviewUnits(ctx, a)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Units = groups
	if len(q.Errs) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "overview", v)
		return
	}
	oq := overview.Query{From: q.From, To: q.To, AsOf: q.AsOf, UnitID: q.UnitID}
	f, err := h.Overview.Overview(ctx, a, oq)
	if err != nil {
		if e := errs.As(err); e.Code == errs.Invalid {
			v.Q.Errs = e.Fields
			h.render(w, r, http.StatusUnprocessableEntity, "overview", v)
			return
		}
		h.renderError(w, r, err)
		return
	}
	v.UnitName = f.UnitName
	unit := org.Unit{ID: f.UnitID}
	for _, g := range groups {
		for _, u := range g.Units {
			if u.ID == f.UnitID {
				unit = u
			}
		}
	}
	q.UnitID = f.UnitID
	v.Q = q
	v.Sections = overviewSections(v.Page, q, f, unit)
	v.NoParty = f.Party == nil
	if len(groups) > 0 && len(groups[0].Units) > 1 && groups[0].Key == "kind."+string(org.Subdistrict) {
		c, err := h.Overview.Subdistricts(ctx, a, oq)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, s := range c.Subdistricts {
			v.Compare = append(v.Compare, compareRow{Subdistrict: s, Href: q.overviewHref(s.UnitID), Closure: rateText(s.ClosureRate)})
		}
	}
	h.render(w, r, http.StatusOK, "overview", v)
}

// overviewUnits are the units a leader or the office may narrow the
// overview to: the sub-districts and communities of the scope (a
// department's figures are on the enterprise-service dashboard).
func (h *Web) overviewUnits(ctx context.Context, a access.Actor) ([]unitGroup, error) {
	if !picksUnit(a) {
		return nil, nil
	}
	groups, err := h.dashUnits(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []unitGroup
	for _, g := range groups {
		if g.Key == "kind."+string(org.Subdistrict) || g.Key == "kind."+string(org.Community) {
			out = append(out, g)
		}
	}
	return out, nil
}

// rateText writes a rate with one decimal, "—" when nothing was due.
func rateText(r *float64) string { return rateCard{Rate: r}.Percent() }

// overviewSections lays the figures out, module by module. Every figure
// links to its list with the filters the module's own dashboard uses; a
// project or notice figure narrowed to a unit has no list showing exactly
// its records (those lists do not narrow by unit), so it is no link.
func overviewSections(p Page, q dashQuery, f overview.Figures, unit org.Unit) []dashSection {
	es := dashSection{ID: "enterprise_service", TitleKey: "ov.section.enterprise_service", NoteKey: "ov.note.enterprise_service"}
	// The registry's operating enterprises and the period's visits, each
	// linked to the list that counts it, where a list can show exactly
	// its records (as the dashboard's enterprise cards).
	entHref := ""
	if unit.ID == 0 || unit.Kind == org.Community {
		ents := url.Values{"status": {string(enterprise.Operating)}}
		if unit.Kind == org.Community {
			ents.Set("community_id", strconv.FormatInt(unit.ID, 10))
		}
		entHref = "/enterprises?" + ents.Encode()
	}
	es.Figures = append(es.Figures, dashFigure{Name: "enterprise_service.enterprises", Label: p.T("ov.es.enterprises"),
		Value: f.EnterpriseService.Enterprises, Href: entHref})
	for _, c := range dashCounts(q, f.EnterpriseService.Stats, unit) {
		es.Figures = append(es.Figures, dashFigure{Name: "enterprise_service." + c.Name, Label: p.T(c.LabelKey), Value: c.Value, Href: c.Href})
		if c.Name == appeal.FigureVisited {
			// The visit list behind "enterprises visited" counts visits.
			es.Figures = append(es.Figures, dashFigure{Name: "enterprise_service.visits", Label: p.T("ov.es.visits"),
				Value: f.EnterpriseService.Visits, Href: c.Href})
		}
	}
	for _, rc := range dashRates(q, f.EnterpriseService.Stats) {
		es.Figures = append(es.Figures, dashFigure{Name: "enterprise_service." + rc.Name, Label: p.T(rc.LabelKey),
			Display: rc.Percent(), Href: rc.Num.Href})
	}

	st, asOf := f.Projects, f.AsOf
	exact := f.UnitID == 0
	link := func(href string) string {
		if exact {
			return href
		}
		return ""
	}
	pj := dashSection{ID: "projects", TitleKey: "ov.section.projects", Figures: []dashFigure{
		{Name: "projects.total", Label: p.T("cdash.projects.total"), Value: st.Total, Href: link(projectsHref(asOf, "", ""))},
	}}
	for _, s := range project.Statuses {
		pj.Figures = append(pj.Figures, dashFigure{Name: "projects.status." + string(s), Label: p.T("project.status." + string(s)),
			Value: st.ByStatus[s], Href: link(projectsHref(asOf, "status", string(s)))})
	}
	pj.Figures = append(pj.Figures,
		dashFigure{Name: "projects.milestones_overdue", Label: p.T("cdash.projects.milestones_overdue"), Value: st.MilestonesOverdue,
			Href: link(milestonesOverdueHref(asOf))},
		dashFigure{Name: "projects.supervision.open", Label: p.T("sup.figure.open"), Value: st.Supervision.Open,
			Href: link(supervisionsHref(asOf, supervision.FigureOpen))},
		dashFigure{Name: "projects.supervision.overdue", Label: p.T("sup.figure.overdue"), Value: st.Supervision.Overdue,
			Href: link(supervisionsHref(asOf, supervision.FigureOverdue))})
	if !exact {
		pj.NoteKey = "ov.note.no_list"
	}

	out := []dashSection{es, pj}
	for _, s := range communitySections(p, f.Community) {
		switch s.ID {
		case "microprojects", "thinktank", "stations", "volunteers":
			out = append(out, s)
		}
	}
	if f.Party != nil {
		out = append(out, partySection(p, f))
	}
	return out
}

// summaryHref is the summary report's form for the overview's query.
func (v overviewView) SummaryHref() string {
	return summaryPath + "?" + v.Q.values().Encode()
}

// periodForm is the form of the overview and of the summary report: the
// period, the as-of date and, for those who narrow, the unit.
type periodForm struct {
	Page
	Q                 dashQuery
	Action, ButtonKey string
	Units             []unitGroup
	Presets           []dashPreset
}

// Form is the overview's form.
func (v overviewView) Form() periodForm {
	return periodForm{Page: v.Page, Q: v.Q, Action: overviewPath, ButtonKey: "action.filter", Units: v.Units, Presets: v.Presets}
}

// Form is the summary report's form.
func (v summaryView) Form() periodForm {
	return periodForm{Page: v.Page, Q: v.Q, Action: summaryPath, ButtonKey: "rpt.action.preview", Units: v.Units, Presets: v.Presets}
}

// partySection is the party figures, each linked to the list behind it:
// the organisations standing on the as-of day, those set up in the
// period, and for each rate the enterprises it counts (its numerator).
func partySection(p Page, f overview.Figures) dashSection {
	pt := f.Party
	in := func(v url.Values) url.Values {
		if f.UnitID > 0 {
			v.Set("unit_id", strconv.FormatInt(f.UnitID, 10))
		}
		return v
	}
	orgs := func(v url.Values) string { return "/party/organisations?" + in(v).Encode() }
	covered := func(fig party.Figure) string {
		return "/party/coverage/enterprises?" + in(url.Values{"figure": {string(fig)}, "as_of": {f.AsOf}}).Encode()
	}
	return dashSection{ID: "party", TitleKey: "ov.section.party", NoteKey: "ov.note.party", Figures: []dashFigure{
		{Name: "party.organisations", Label: p.T("rpt.pt.organisations"), Value: pt.Organisations,
			Href: orgs(url.Values{"standing_on": {f.AsOf}})},
		{Name: "party.new_organisations", Label: p.T("rpt.pt.new_organisations"), Value: pt.NewOrganisations,
			Href: orgs(url.Values{"founded_from": {f.From}, "founded_to": {f.To}})},
		{Name: "party.org_coverage_rate", Label: p.T("rpt.pt.org_coverage_rate"), Display: rateText(pt.OrgCoverageRate), Href: covered(party.FigCovered)},
		{Name: "party.single_built_rate", Label: p.T("rpt.pt.single_built_rate"), Display: rateText(pt.SingleBuiltRate), Href: covered(party.FigSingleBuilt)},
		{Name: "party.work_coverage_rate", Label: p.T("rpt.pt.work_coverage_rate"), Display: rateText(pt.WorkCoverageRate), Href: covered(party.FigWorkCovered)},
		{Name: "party.positions", Label: p.T("rpt.pt.positions"), Value: pt.Positions,
			Href: "/party/positions?" + in(url.Values{"as_of": {f.AsOf}}).Encode()},
	}}
}
