package web

import (
	"net/http"
	"net/url"
	"pinghu/internal/i18n"
	"strconv"
	"strings"

	"pinghu/internal/community"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
	"pinghu/internal/station"
	"pinghu/internal/thinktank"
	"pinghu/internal/volunteer"
)

// communityDashPath is the dashboard of community governance (基层治理看板).
const communityDashPath = "/dashboards/community"

func (h *Web) communityDashRoutes() []edge.Route {
	return []edge.Route{{Method: "GET", Pattern: communityDashPath, Access: edge.Signed, Handler: h.communityDash}}
}

// communityDashView is the overview of a period and unit: sections of
// figures, each a link to the list of exactly the records it counts.
type communityDashView struct {
	Page
	From, To string
	UnitID   int64
	Units    []org.Unit
	Errs     map[string]string
	Sections []dashSection
}

func (h *Web) communityDash(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, community.Sees(a)) {
		return
	}
	q := r.URL.Query()
	v := communityDashView{Page: h.page(r, "page.community_dash"), Errs: map[string]string{},
		From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to"))}
	units, err := h.communities(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Units = units
	if s := strings.TrimSpace(q.Get("unit_id")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			v.Errs["unit_id"] = "err.bad_id"
		}
		v.UnitID = id
	}
	p, err := community.ParsePeriod(v.From, v.To, h.Now())
	v.From, v.To = p.From, p.To
	if err != nil {
		for k, m := range errs.As(err).Fields {
			v.Errs[k] = m
		}
	}
	if len(v.Errs) > 0 {
		h.render(w, r, http.StatusUnprocessableEntity, "community_dashboard", v)
		return
	}
	o, err := h.Community.Overview(r.Context(), a, p, v.UnitID)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Sections = communitySections(v.Page, o)
	h.render(w, r, http.StatusOK, "community_dashboard", v)
}

// communitySections lays the overview out; every link carries the period
// and unit so that its list holds exactly the records of the figure.
func communitySections(p Page, o community.Overview) []dashSection {
	base := func(path string, extra ...string) string {
		q := url.Values{}
		if o.UnitID > 0 {
			q.Set("unit_id", strconv.FormatInt(o.UnitID, 10))
		}
		for i := 0; i+1 < len(extra); i += 2 {
			q.Set(extra[i], extra[i+1])
		}
		return path + "?" + q.Encode()
	}
	period := []string{"from", o.From, "to", o.To}
	with := func(kv ...string) []string { return append(append([]string{}, period...), kv...) }

	micro := dashSection{ID: "microprojects", TitleKey: "cm.section.microprojects", NoteKey: "cm.note.microprojects", Figures: []dashFigure{
		{Name: "microprojects.total", Label: p.T("cm.microprojects.total"), Value: o.Microprojects.Count, Href: base("/microprojects", period...)},
		{Name: "microprojects.budget", Label: p.T("cm.microprojects.budget"), Value: int(o.Microprojects.BudgetTotal),
			Display: i18n.Yuan(o.Microprojects.BudgetTotal), Href: base("/microprojects", period...)},
		{Name: "microprojects.spent", Label: p.T("cm.microprojects.spent"), Value: int(o.Microprojects.SpentTotal),
			Display: i18n.Yuan(o.Microprojects.SpentTotal), Href: base("/microprojects", period...)},
	}}
	stages := dashSection{ID: "stages", TitleKey: "cm.section.stages"}
	for _, st := range microproject.Stages {
		stages.Figures = append(stages.Figures, dashFigure{Name: "microprojects.stage." + string(st), Label: p.T("mp.stage." + string(st)),
			Value: o.Microprojects.ByStage[string(st)], Href: base("/microprojects", with("stage", string(st))...)})
	}
	stages.Chart = figureBars(p.T("cm.section.stages"), stages.Figures)

	think := dashSection{ID: "thinktank", TitleKey: "cm.section.thinktank", NoteKey: "cm.note.thinktank", Figures: []dashFigure{
		{Name: "experts", Label: p.T("cm.experts"), Value: o.Experts, Href: base("/experts", "active_on", o.To)},
		{Name: "consultations", Label: p.T("cm.consultations"), Value: o.Consultations, Href: base("/consultations", period...)},
		{Name: "consultations.answered", Label: p.T("cm.consultations.answered"), Value: o.ConsultationsAnswered,
			Href: base("/consultations", with("answered", "true")...)},
	}}
	fields := dashSection{ID: "fields", TitleKey: "cm.section.fields"}
	for _, f := range thinktank.Fields {
		n := o.ExpertsByField[string(f)]
		if n == 0 {
			continue
		}
		fields.Figures = append(fields.Figures, dashFigure{Name: "experts.field." + string(f), Label: p.T("tt.fieldname." + string(f)),
			Value: n, Href: base("/experts", "active_on", o.To, "field", string(f))})
	}

	stations := dashSection{ID: "stations", TitleKey: "cm.section.stations", NoteKey: "cm.note.stations", Figures: []dashFigure{
		{Name: "stations.total", Label: p.T("cm.stations.total"), Value: o.Stations.Total, Href: base("/stations", "to", o.To)},
		{Name: "stations.new_employment", Label: p.T("cm.stations.new_employment"), Value: o.Stations.NewEmploymentSites,
			Href: base("/stations", "to", o.To, "new_employment", "true")},
		{Name: "stations.served", Label: p.T("cm.stations.served"), Value: o.Stations.Served, Href: base("/stations", period...)},
	}}
	kinds := dashSection{ID: "kinds", TitleKey: "cm.section.kinds"}
	for _, k := range station.Kinds {
		kinds.Figures = append(kinds.Figures, dashFigure{Name: "stations.kind." + string(k), Label: p.T("stn.kind." + string(k)),
			Value: o.Stations.ByKind[string(k)], Href: base("/stations", "to", o.To, "kind", string(k))})
	}
	kinds.Chart = figureBars(p.T("cm.section.kinds"), kinds.Figures)

	vol := dashSection{ID: "volunteers", TitleKey: "cm.section.volunteers", NoteKey: "cm.note.volunteers", Figures: []dashFigure{
		{Name: "volunteer.activities", Label: p.T("cm.volunteer.activities"), Value: o.VolunteerActivities, Href: base("/volunteer-activities", period...)},
		{Name: "volunteer.hours", Label: p.T("cm.volunteer.hours"), Value: int(o.VolunteerHours), Display: i18n.Hours(o.VolunteerHours),
			Href: base("/volunteer-activities", period...)},
	}}
	types := dashSection{ID: "types", TitleKey: "cm.section.types"}
	for _, k := range volunteer.Kinds {
		c := o.VolunteerByType[string(k)]
		types.Figures = append(types.Figures, dashFigure{Name: "volunteer.type." + string(k), Label: p.T("vol.kind." + string(k)),
			Value: c.Activities, Href: base("/volunteer-activities", with("type", string(k))...)})
	}
	return []dashSection{micro, stages, think, fields, stations, kinds, vol, types}
}

// Ledger is the address of a module's ledger for the dashboard's period
// and unit.
func (v communityDashView) Ledger(name string) string {
	q := url.Values{"from": {v.From}, "to": {v.To}}
	if v.UnitID > 0 {
		q.Set("unit_id", strconv.FormatInt(v.UnitID, 10))
	}
	return "/ledgers/" + name + ".xlsx?" + q.Encode()
}
