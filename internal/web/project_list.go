package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/project"
	"pinghu/internal/report/chart"
)

// projectFilterKeys are the list's parameters, kept in the URL.
var projectFilterKeys = []string{"field", "list", "kind", "status", "lead_unit_id", "q", "sort", "as_of"}

// projectPageFilter reads the list's filters from the URL, naming each
// bad one in bad.
func projectPageFilter(q url.Values, bad errs.Fields) project.Filter {
	get := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	f := project.Filter{Field: get("field"), List: project.List(get("list")), Kind: project.Kind(get("kind")),
		Status: project.Status(get("status")), Query: get("q"), Sort: get("sort"), AsOf: get("as_of")}
	if f.List != "" && !f.List.Valid() {
		bad.Add("list", "err.project_list")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		bad.Add("kind", "err.project_kind")
	}
	if f.Status != "" && !f.Status.Valid() {
		bad.Add("status", "err.project_status")
	}
	if f.Sort != "" && !slices.Contains(project.SortKeys, f.Sort) {
		bad.Add("sort", "err.project_sort")
	}
	if f.AsOf != "" && !validDay(f.AsOf) {
		bad.Add("as_of", "err.bad_date")
	}
	if s := get("lead_unit_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			bad.Add("lead_unit_id", "err.bad_id")
		}
		f.LeadUnitID = id
	}
	if len([]rune(f.Query)) > 100 {
		bad.Add("q", "err.too_long")
	}
	n, _ := strconv.Atoi(q.Get("page"))
	f.Page = db.NewPage(n, 20)
	return f
}

func validDay(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := timeParseDay(s)
	return err == nil
}

type projectListView struct {
	Page
	projectDict
	Filter     url.Values
	FilterErrs map[string]string
	Filtered   bool
	Items      []project.Project
	Pager      Pager
	Units      []project.Choice
	Sorts      []string
	Chart      template.HTML
	CanCreate  bool
	CanFields  bool
}

// projectList is the list of projects in scope, filtered from the URL,
// with a Gantt chart of the page's projects.
func (h *Web) projectList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	p := h.page(r, "page.projects")
	dict, err := h.projectDict(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	q := r.URL.Query()
	bad := errs.Fields{}
	f := projectPageFilter(q, bad)
	v := projectListView{Page: p, projectDict: dict, Filter: url.Values{}, FilterErrs: map[string]string(bad), Sorts: project.SortKeys,
		CanCreate: project.MayCreate(a), CanFields: project.MayKeepFields(a), Items: []project.Project{}}
	for _, k := range projectFilterKeys {
		if s := strings.TrimSpace(q.Get(k)); s != "" {
			v.Filter.Set(k, s)
			v.Filtered = true
		}
	}
	if v.Units, err = h.Projects.Units(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	if len(bad) == 0 {
		list, err := h.Projects.List(r.Context(), a, f)
		if err != nil {
			h.formError(w, r, err, func(fields map[string]string) {
				v.FilterErrs = fields
				h.render(w, r, http.StatusUnprocessableEntity, "projects", v)
			})
			return
		}
		v.Items, v.Pager = list.Items, newPager("/projects", v.Filter, list.Page, list.PageSize, list.Total)
		v.Chart = projectGantt(p, list.Items, f.AsOf)
	}
	status := http.StatusOK
	if len(bad) > 0 {
		status = http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "projects", v)
}

// projectGantt draws the projects' spans, progress and milestones.
func projectGantt(p Page, ps []project.Project, asOf string) template.HTML {
	if len(ps) == 0 {
		return ""
	}
	g := chart.Gantt{Title: p.T("pjw.gantt.title")}
	for _, x := range ps {
		if g.Today == "" {
			g.Today = x.AsOf
		}
		row := chart.GanttRow{Label: x.Name, Start: x.StartDate, End: x.TargetDate, Progress: x.Progress,
			Color: statusColor(x.Status), Link: projectPath(x.ID)}
		for _, m := range x.Milestones {
			row.Milestones = append(row.Milestones, chart.GanttMark{Date: m.DueDate, Label: m.Title, Done: m.Status == "done", Late: m.Late})
		}
		g.Rows = append(g.Rows, row)
	}
	if asOf != "" {
		g.Today = asOf
	}
	return g.SVG()
}
