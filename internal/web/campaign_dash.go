package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/project"
	"pinghu/internal/report/chart"
	"pinghu/internal/supervision"
)

// campaignDashPath is the dashboard of the campaign and its key projects
// (攻坚看板).
const campaignDashPath = "/dashboards/campaign"

// campaignDashRoutes are the campaign's dashboard and the list behind its
// overdue-milestone figure (the other figures open the modules' lists).
func (h *Web) campaignDashRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: campaignDashPath, Access: s, Handler: h.campaignDash},
		{Method: "GET", Pattern: "/projects/milestones", Access: s, Handler: h.overdueMilestones},
	}
}

// seesCampaignDash: the roles whose scope holds projects, notices,
// activities and proposals; each figure is counted in the actor's scope
// by the module it comes from.
func seesCampaignDash(a access.Actor) bool { return seesProjects(a) && a.HasScope() }

// campaignDashView is the dashboard as of a date: sections of figures,
// each a link to the list of exactly the records it counts.
type campaignDashView struct {
	Page
	AsOf     string
	Errs     map[string]string
	Sections []dashSection
	// YearFrom is the first day of the as-of date's year: proposals are
	// counted from it to the as-of date.
	YearFrom string
}

// dashSection is one group of figures, with an optional rate made of
// some of them and an optional chart of them.
type dashSection struct {
	ID, TitleKey, NoteKey string
	Figures               []dashFigure
	Rate                  *dashRate
	Chart                 chartHTML
}

// dashFigure is one count and the list behind it.
type dashFigure struct {
	Name, Label string
	Value       int
	// Display, when set, is how the value is written (money, hours).
	Display string
	Href    string
}

// dashRate is a percentage with the formula it is computed by.
type dashRate struct {
	LabelKey, FormulaKey string
	Value                string // "—" when nothing is due
}

func percent(num, den int) string {
	if den <= 0 {
		return "—"
	}
	return strconv.FormatFloat(float64(num)*100/float64(den), 'f', 1, 64) + "%"
}

func (h *Web) campaignDash(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesCampaignDash(a)) {
		return
	}
	v := campaignDashView{Page: h.page(r, "page.campaign_dash"), AsOf: strings.TrimSpace(r.URL.Query().Get("as_of")), Errs: map[string]string{}}
	if v.AsOf == "" {
		v.AsOf = h.today()
	}
	end, ok := campaign.AsOfDate(v.AsOf)
	if !ok || len(v.AsOf) != 10 {
		v.Errs["as_of"] = "err.bad_date"
		h.render(w, r, http.StatusUnprocessableEntity, "campaign_dashboard", v)
		return
	}
	v.YearFrom = v.AsOf[:4] + "-01-01"
	var err error
	if v.Sections, err = h.campaignDashSections(r, a, v.Page, v.AsOf, v.YearFrom, end); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "campaign_dashboard", v)
}

// campaignDashSections counts every figure as of the end of the CST date
// asOf (end is that moment) with the modules' own services, and links
// each to the module's list with the filters that select its records.
func (h *Web) campaignDashSections(r *http.Request, a access.Actor, p Page, asOf, yearFrom string, end time.Time) ([]dashSection, error) {
	ctx := r.Context()
	st, err := h.Projects.Stats(ctx, a, asOf)
	if err != nil {
		return nil, err
	}
	fields, err := h.Projects.Fields(ctx)
	if err != nil {
		return nil, err
	}
	projects := func(k, v string) string { return projectsHref(asOf, k, v) }
	overview := dashSection{ID: "projects", TitleKey: "cdash.section.projects", Figures: []dashFigure{
		{Name: "projects.total", Label: p.T("cdash.projects.total"), Value: st.Total, Href: projects("", "")},
		{Name: "projects.branch_led", Label: p.T("project.kind.branch_led"), Value: st.BranchLed, Href: projects("kind", string(project.KindBranchLed))},
		{Name: "projects.milestones_overdue", Label: p.T("cdash.projects.milestones_overdue"), Value: st.MilestonesOverdue,
			Href: milestonesOverdueHref(asOf)},
	}}
	byList := dashSection{ID: "lists", TitleKey: "cdash.section.lists", NoteKey: "cdash.note.lists"}
	for _, l := range project.Lists {
		byList.Figures = append(byList.Figures, dashFigure{Name: "projects.list." + string(l), Label: p.T("project.list." + string(l)),
			Value: st.ByList[l], Href: projects("list", string(l))})
	}
	byStatus := dashSection{ID: "statuses", TitleKey: "cdash.section.statuses", NoteKey: "cdash.note.statuses"}
	for _, s := range project.Statuses {
		byStatus.Figures = append(byStatus.Figures, dashFigure{Name: "projects.status." + string(s), Label: p.T("project.status." + string(s)),
			Value: st.ByStatus[s], Href: projects("status", string(s))})
	}
	byStatus.Chart = figureBars(p.T("cdash.chart.statuses"), byStatus.Figures)
	byField := dashSection{ID: "fields", TitleKey: "cdash.section.fields"}
	for _, f := range fields {
		// An inactive field shows only while projects still name it.
		if !f.Active && st.ByField[f.Code] == 0 {
			continue
		}
		name := f.Name
		if p.Lang == i18n.En && f.NameEn != "" {
			name = f.NameEn
		}
		byField.Figures = append(byField.Figures, dashFigure{Name: "projects.field." + f.Code, Label: name,
			Value: st.ByField[f.Code], Href: projects("field", f.Code)})
	}
	byField.Chart = figureBars(p.T("cdash.chart.fields"), byField.Figures)

	sup, err := h.supervisionSection(r, a, p, asOf)
	if err != nil {
		return nil, err
	}
	att, err := h.attendanceSection(r, a, p, asOf, end)
	if err != nil {
		return nil, err
	}
	prop, err := h.proposalSection(r, a, p, asOf, yearFrom)
	if err != nil {
		return nil, err
	}
	return []dashSection{overview, byList, byStatus, byField, sup, att, prop}, nil
}

// supervisionSection: the notices issued by the date, answered on time,
// late, unanswered and overdue, and the on-time rate over the notices
// whose answer was due or given.
func (h *Web) supervisionSection(r *http.Request, a access.Actor, p Page, asOf string) (dashSection, error) {
	ctx := r.Context()
	st, err := h.Supervision.Stats(ctx, a, asOf)
	if err != nil {
		return dashSection{}, err
	}
	issued, err := h.Supervision.List(ctx, a, supervision.Filter{AsOf: asOf, Page: db.NewPage(1, 1)})
	if err != nil {
		return dashSection{}, err
	}
	href := func(f supervision.Figure) string { return supervisionsHref(asOf, f) }
	s := dashSection{ID: "supervision", TitleKey: "cdash.section.supervision", Figures: []dashFigure{
		{Name: "supervision.issued", Label: p.T("cdash.supervision.issued"), Value: issued.Total, Href: href("")},
	}}
	values := map[supervision.Figure]int{supervision.FigureOnTime: st.Total.OnTime, supervision.FigureLate: st.Total.Late,
		supervision.FigureOpen: st.Total.Open, supervision.FigureOverdue: st.Total.Overdue}
	for _, f := range []supervision.Figure{supervision.FigureOnTime, supervision.FigureLate, supervision.FigureOpen, supervision.FigureOverdue} {
		s.Figures = append(s.Figures, dashFigure{Name: "supervision." + string(f), Label: p.T("sup.figure." + string(f)), Value: values[f], Href: href(f)})
	}
	s.Rate = &dashRate{LabelKey: "cdash.supervision.rate", FormulaKey: "cdash.supervision.formula",
		Value: percent(st.Total.OnTime, st.Total.OnTime+st.Total.Late+st.Total.Overdue)}
	return s, nil
}

// attendanceSection: the invitations of the activities held by the date
// and how they stand, with the attendance rate.
func (h *Web) attendanceSection(r *http.Request, a access.Actor, p Page, asOf string, end time.Time) (dashSection, error) {
	f, err := h.Campaigns.RateAsOf(r.Context(), a, end)
	if err != nil {
		return dashSection{}, err
	}
	href := func(st campaign.Status) string {
		q := url.Values{"as_of": {asOf}}
		if st != "" {
			q.Set("status", string(st))
		}
		return "/activities/people?" + q.Encode()
	}
	s := dashSection{ID: "attendance", TitleKey: "cdash.section.attendance", Figures: []dashFigure{
		{Name: "attendance.invited", Label: p.T("cdash.attendance.invited"), Value: f.Invited, Href: href("")},
		{Name: "attendance.signed_in", Label: p.T("attendance.status.signed_in"), Value: f.SignedIn, Href: href(campaign.SignedIn)},
		{Name: "attendance.on_leave", Label: p.T("attendance.status.on_leave"), Value: f.OnLeave, Href: href(campaign.OnLeave)},
		{Name: "attendance.absent", Label: p.T("attendance.status.absent"), Value: f.Absent, Href: href(campaign.Absent)},
		{Name: "attendance.pending", Label: p.T("attendance.status.invited"), Value: f.Pending, Href: href(campaign.Invited)},
	}}
	// The campaign's own rate, rounded as the attendance page rounds it.
	rate := "—"
	if f.Invited > f.Pending {
		rate = strconv.FormatFloat(f.Rate, 'f', 1, 64) + "%"
	}
	s.Rate = &dashRate{LabelKey: "cdash.attendance.rate", FormulaKey: "cdash.attendance.formula", Value: rate}
	return s, nil
}

// proposalSection: the proposals submitted and adopted from the first
// day of the as-of date's year to that date.
func (h *Web) proposalSection(r *http.Request, a access.Actor, p Page, asOf, yearFrom string) (dashSection, error) {
	from, _ := time.ParseInLocation(time.DateOnly, yearFrom, i18n.Zone)
	to, _ := time.ParseInLocation(time.DateOnly, asOf, i18n.Zone)
	f, err := h.Proposals.Count(r.Context(), a, from, to.AddDate(0, 0, 1))
	if err != nil {
		return dashSection{}, err
	}
	submitted := url.Values{"from": {yearFrom}, "to": {asOf}}
	adopted := url.Values{"adopted_from": {yearFrom}, "adopted_to": {asOf}}
	return dashSection{ID: "proposals", TitleKey: "cdash.section.proposals", NoteKey: "cdash.note.proposals", Figures: []dashFigure{
		{Name: "proposals.submitted", Label: p.T("cdash.proposals.submitted"), Value: f.Submitted, Href: "/proposals?" + submitted.Encode()},
		{Name: "proposals.adopted", Label: p.T("cdash.proposals.adopted"), Value: f.Adopted, Href: "/proposals?" + adopted.Encode()},
	}}, nil
}

// figureBars draws a section's figures as bars, each linking where its
// figure does; the bars are named by their labels and values.
func figureBars(title string, fs []dashFigure) chartHTML {
	// The chart takes the page's width: ten fields' names still fit.
	const width = 720
	b := chart.Bars{Title: title, Width: width, Height: 240}
	slot := 0
	if len(fs) > 0 {
		slot = (width - 56) / len(fs)
	}
	for _, f := range fs {
		b.Labels = append(b.Labels, fitLabel(f.Label, "", slot))
		b.Values = append(b.Values, float64(f.Value))
		b.Links = append(b.Links, f.Href)
	}
	return b.SVG()
}

// projectsHref lists the projects as of a date, narrowed by one filter
// k=v when k is not empty: the drill-down of a project figure.
func projectsHref(asOf, k, v string) string {
	q := url.Values{"as_of": {asOf}}
	if k != "" {
		q.Set(k, v)
	}
	return "/projects?" + q.Encode()
}

// milestonesOverdueHref lists the milestones overdue as of a date.
func milestonesOverdueHref(asOf string) string {
	return "/projects/milestones?" + url.Values{"as_of": {asOf}}.Encode()
}

// supervisionsHref lists the notices counted by figure f as of a date
// (every notice issued by then when f is empty).
func supervisionsHref(asOf string, f supervision.Figure) string {
	q := url.Values{"as_of": {asOf}}
	if f != "" {
		q.Set("figure", string(f))
	}
	return "/supervisions?" + q.Encode()
}
