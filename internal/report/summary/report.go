package summary

import (
	"html/template"
	"strconv"

	"pinghu/internal/i18n"
	"pinghu/internal/overview"
	"pinghu/internal/project"
	"pinghu/internal/report/chart"
)

// T translates a catalog key, with arguments, into the report's language.
type T func(key string, args ...any) string

// Report is the summary report laid out: a title, the period it covers,
// and one section per module that has figures.
type Report struct {
	Lang     string // the HTML lang attribute
	Title    string
	Period   string
	Sections []Section
	// Figures are what every word of the report was written from.
	Figures overview.Figures
}

// Section is the part of one module: its sentences, its figures as a
// table and a chart of them.
type Section struct {
	ID         string
	Title      string
	Paragraphs []string
	Rows       []Row
	Chart      template.HTML
}

// Row is one figure of a section's table.
type Row struct {
	Label, Value string
}

// Build writes the report of f in the language of t; lang is its HTML
// lang attribute follows lang, the catalog's language. A module without figures (the party organisations where
// they are not kept) has no section.
func Build(f overview.Figures, t T, lang string) Report {
	r := Report{Lang: htmlLang(lang), Figures: f,
		Title:  t("rpt.title", f.UnitName, f.From, f.To),
		Period: t("rpt.period", f.From, f.To, f.AsOf)}
	r.Sections = append(r.Sections, enterpriseSection(f, t), projectSection(f, t), communitySection(f, t))
	if f.Party != nil {
		r.Sections = append(r.Sections, partySection(*f.Party, t))
	}
	return r
}

func enterpriseSection(f overview.Figures, t T) Section {
	es := f.EnterpriseService
	s := Section{ID: "enterprise_service", Title: t("rpt.section.enterprise_service")}
	visit := t("rpt.es.visited", es.EnterprisesVisited)
	if es.AboveScaleEnterprises > 0 && es.EnterprisesVisited >= es.AboveScaleEnterprises {
		// Every above-scale enterprise had a visit: the register says
		// "all of them", as the sub-district's own reports do.
		visit = t("rpt.es.visited_all", es.AboveScaleEnterprises)
	}
	s.Paragraphs = append(s.Paragraphs, t("rpt.es.sentence", visit, es.AppealsCollected, es.AppealsResolved, es.AppealsInProgress))
	s.Paragraphs = append(s.Paragraphs, t("rpt.es.rates", i18n.Percent(es.ClosureRate), i18n.Percent(es.ResponseRate),
		i18n.Percent(es.OnTimeRate), i18n.Percent(es.SatisfactionRate)))
	s.Rows = []Row{
		{t("appeal.figure.above_scale_enterprises"), itoa(es.AboveScaleEnterprises)},
		{t("appeal.figure.enterprises_visited"), itoa(es.EnterprisesVisited)},
		{t("appeal.figure.appeals_collected"), itoa(es.AppealsCollected)},
		{t("appeal.figure.appeals_resolved"), itoa(es.AppealsResolved)},
		{t("appeal.figure.appeals_in_progress"), itoa(es.AppealsInProgress)},
		{t("appeal.figure.appeals_rejected"), itoa(es.AppealsRejected)},
		{t("appeal.figure.closure_rate"), i18n.Percent(es.ClosureRate)},
		{t("appeal.figure.response_rate"), i18n.Percent(es.ResponseRate)},
		{t("appeal.figure.on_time_rate"), i18n.Percent(es.OnTimeRate)},
		{t("appeal.figure.satisfaction_rate"), i18n.Percent(es.SatisfactionRate)},
	}
	s.Chart = bars(t("rpt.chart.appeals"), s.Rows[2:6])
	return s
}

func projectSection(f overview.Figures, t T) Section {
	p := f.Projects
	s := Section{ID: "projects", Title: t("rpt.section.projects")}
	sup := p.Supervision
	s.Paragraphs = append(s.Paragraphs, t("rpt.pj.sentence", p.Total, p.ByStatus[project.Done], p.MilestonesOverdue,
		sup.OnTime, sup.Late, sup.Open, sup.Overdue))
	s.Rows = []Row{{t("rpt.pj.total"), itoa(p.Total)}}
	var status []Row
	for _, st := range project.Statuses {
		status = append(status, Row{t("project.status." + string(st)), itoa(p.ByStatus[st])})
	}
	s.Rows = append(s.Rows, status...)
	s.Rows = append(s.Rows, Row{t("rpt.pj.milestones_overdue"), itoa(p.MilestonesOverdue)},
		Row{t("rpt.pj.supervision_open"), itoa(p.Supervision.Open)}, Row{t("rpt.pj.supervision_overdue"), itoa(p.Supervision.Overdue)})
	s.Chart = bars(t("rpt.chart.projects"), status)
	return s
}

func communitySection(f overview.Figures, t T) Section {
	c := f.Community
	s := Section{ID: "community", Title: t("rpt.section.community")}
	s.Paragraphs = append(s.Paragraphs, t("rpt.cm.sentence", c.Communities, c.Microprojects.Count, i18n.Yuan(c.Microprojects.BudgetTotal),
		c.Stations.Total, c.Stations.Served, c.VolunteerActivities, i18n.Hours(c.VolunteerHours), c.Consultations, c.Experts))
	s.Rows = []Row{
		{t("rpt.cm.communities"), itoa(c.Communities)},
		{t("cm.microprojects.total"), itoa(c.Microprojects.Count)},
		{t("cm.microprojects.budget"), i18n.Yuan(c.Microprojects.BudgetTotal)},
		{t("cm.stations.total"), itoa(c.Stations.Total)},
		{t("cm.stations.served"), itoa(c.Stations.Served)},
		{t("cm.volunteer.activities"), itoa(c.VolunteerActivities)},
		{t("cm.volunteer.hours"), i18n.Hours(c.VolunteerHours)},
		{t("cm.experts"), itoa(c.Experts)},
		{t("cm.consultations"), itoa(c.Consultations)},
	}
	s.Chart = bars(t("rpt.chart.community"), []Row{s.Rows[1], s.Rows[3], s.Rows[5], s.Rows[8]})
	return s
}

func partySection(p overview.Party, t T) Section {
	s := Section{ID: "party", Title: t("rpt.section.party")}
	k := p.NewByKind
	s.Paragraphs = append(s.Paragraphs, t("rpt.pt.sentence", p.NewOrganisations, k.NonpublicSingle, k.NonpublicJoint, k.SocialOrg),
		t("rpt.pt.coverage", p.Organisations, i18n.Percent(p.OrgCoverageRate), i18n.Percent(p.SingleBuiltRate), i18n.Percent(p.WorkCoverageRate), p.Positions))
	kinds := []Row{
		{t("rpt.pt.nonpublic_single"), itoa(k.NonpublicSingle)},
		{t("rpt.pt.nonpublic_joint"), itoa(k.NonpublicJoint)},
		{t("rpt.pt.social_org"), itoa(k.SocialOrg)},
		{t("rpt.pt.other"), itoa(k.Other)},
	}
	s.Rows = append([]Row{{t("rpt.pt.organisations"), itoa(p.Organisations)}, {t("rpt.pt.new_organisations"), itoa(p.NewOrganisations)}}, kinds...)
	s.Rows = append(s.Rows, Row{t("rpt.pt.org_coverage_rate"), i18n.Percent(p.OrgCoverageRate)},
		Row{t("rpt.pt.single_built_rate"), i18n.Percent(p.SingleBuiltRate)},
		Row{t("rpt.pt.work_coverage_rate"), i18n.Percent(p.WorkCoverageRate)}, Row{t("rpt.pt.positions"), itoa(p.Positions)})
	s.Chart = bars(t("rpt.chart.party"), kinds)
	return s
}

// bars draws rows whose values are whole numbers as a bar chart.
func bars(title string, rows []Row) template.HTML {
	b := chart.Bars{Title: title, Width: 640, Height: 220}
	for _, r := range rows {
		n, _ := strconv.ParseFloat(r.Value, 64)
		b.Labels = append(b.Labels, r.Label)
		b.Values = append(b.Values, n)
	}
	return b.SVG()
}

// htmlLang is the lang attribute of a catalog language.
func htmlLang(lang string) string {
	switch lang {
	case i18n.Hant:
		return "zh-TW"
	case i18n.En:
		return "en"
	}
	return "zh-CN"
}
