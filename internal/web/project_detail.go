package web

import (
	"html/template"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
	"pinghu/internal/project"
	"pinghu/internal/report/chart"
	"pinghu/internal/supervision"
)

// timelineEntry is one dated line of a project's timeline.
type timelineEntry struct {
	Date, Key, Text string
	Late            bool
}

type projectDetailView struct {
	Page
	projectDict
	P        project.Project
	Chart    template.HTML
	Timeline []timelineEntry
	People   []project.Choice
	CanEdit  bool
	// Links are the campaign, source proposals, rules and appeals;
	// Notices the supervision notices on the project the viewer sees.
	Links       project.Links
	Notices     []supervision.Notice
	CanIssue    bool
	WritesRules bool
	// The form that came back refused ("milestone", "report", "done:<id>")
	// with what was posted.
	Failed string
	Form   Form
}

// MayMarkDone reports whether the viewer marks m done.
func (v projectDetailView) MayMarkDone(m project.Milestone) bool {
	return m.Status == "open" && project.MayMarkDone(v.Actor, v.P, m)
}

// Money shows an amount in fen as yuan.
func (v projectDetailView) Money(fen *int64) string {
	if fen == nil {
		return "—"
	}
	return strconv.FormatFloat(float64(*fen)/100, 'f', 2, 64)
}

func (h *Web) projectDetailView(r *http.Request) (projectDetailView, error) {
	a := edge.Actor(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return projectDetailView{}, errs.New(errs.NotFound, "err.page_not_found")
	}
	pr, err := h.Projects.Get(r.Context(), a, id)
	if err != nil {
		return projectDetailView{}, err
	}
	dict, err := h.projectDict(r)
	if err != nil {
		return projectDetailView{}, err
	}
	p := h.page(r, "page.project")
	p.Title = pr.Name
	p.Crumbs = []Crumb{{Key: "page.projects", Href: "/projects"}}
	v := projectDetailView{Page: p, projectDict: dict, P: pr, CanEdit: project.MayEdit(a, pr), Form: Form{Values: map[string]string{}}}
	if v.CanEdit {
		if v.People, err = h.Projects.People(r.Context(), a); err != nil {
			return v, err
		}
	}
	row := chart.GanttRow{Label: pr.Name, Start: pr.StartDate, End: pr.TargetDate, Progress: pr.Progress, Color: statusColor(pr.Status)}
	g := chart.Gantt{Title: p.T("pjw.gantt.project", pr.Name), Today: pr.AsOf, Rows: []chart.GanttRow{row}}
	for _, m := range pr.Milestones {
		g.Rows[0].Milestones = append(g.Rows[0].Milestones, chart.GanttMark{Date: m.DueDate, Label: m.Title, Done: m.Status == "done", Late: m.Late})
		g.Rows = append(g.Rows, chart.GanttRow{Label: m.Title, Start: m.DueDate, End: m.DueDate,
			Milestones: []chart.GanttMark{{Date: m.DueDate, Label: m.Title, Done: m.Status == "done", Late: m.Late}}})
	}
	if v.Links, err = h.Projects.LinksOf(r.Context(), a, pr); err != nil {
		return v, err
	}
	// Proposals and appeals may hold residents' names and numbers.
	for i := range v.Links.Proposals {
		v.Links.Proposals[i].Name = pii.MaskText(v.Links.Proposals[i].Name)
	}
	for i := range v.Links.Appeals {
		v.Links.Appeals[i].Name = pii.MaskText(v.Links.Appeals[i].Name)
	}
	v.CanIssue = a.Role == access.Leader || a.Role == access.Office
	v.WritesRules = writesRules(a)
	// The notices on the project, then those on each of its milestones.
	targets := []supervision.Filter{{TargetKind: supervision.KindProject, TargetID: pr.ID}}
	for _, m := range pr.Milestones {
		targets = append(targets, supervision.Filter{TargetKind: supervision.KindMilestone, TargetID: m.ID})
	}
	for _, f := range targets {
		ns, err := h.Supervision.List(r.Context(), a, f)
		if err != nil {
			return v, err
		}
		for _, n := range ns.Items {
			n.Title = pii.MaskText(n.Title)
			v.Notices = append(v.Notices, n)
		}
	}
	v.Chart = g.SVG()
	v.Timeline = projectTimeline(p, pr)
	return v, nil
}

// projectTimeline puts the project's dated events in order: start,
// milestones due and done, reports, target and closing.
func projectTimeline(p Page, pr project.Project) []timelineEntry {
	out := []timelineEntry{{Date: pr.StartDate, Key: "pjw.tl.start"}, {Date: pr.TargetDate, Key: "pjw.tl.target"}}
	if pr.ClosedDate != "" {
		out = append(out, timelineEntry{Date: pr.ClosedDate, Key: "pjw.tl.closed"})
	}
	for _, m := range pr.Milestones {
		out = append(out, timelineEntry{Date: m.DueDate, Key: "pjw.tl.due", Text: m.Title, Late: m.Late && m.Status == "open"})
		if m.DoneDate != "" {
			out = append(out, timelineEntry{Date: m.DoneDate, Key: "pjw.tl.done", Text: m.Title, Late: m.DoneDate > m.DueDate})
		}
	}
	for _, r := range pr.Reports {
		out = append(out, timelineEntry{Date: r.ReportDate, Key: "pjw.tl.report", Text: p.T("pjw.percent", r.Percent)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Date < out[j].Date })
	return out
}

// projectDetail shows one project with its milestones, reports, timeline
// and chart, and the forms its viewer may use.
func (h *Web) projectDetail(w http.ResponseWriter, r *http.Request) {
	v, err := h.projectDetailView(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "project", v)
}

// projectRule shows the status rule, word for word what Compute does.
func (h *Web) projectRule(w http.ResponseWriter, r *http.Request) {
	if !seesProjects(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	p := h.page(r, "page.project_rule")
	p.Crumbs = []Crumb{{Key: "page.projects", Href: "/projects"}}
	h.render(w, r, http.StatusOK, "project_rule", struct {
		Page
		Behind, Gap int
	}{p, project.BehindPoints, project.ReportGapDays})
}

// refreshDetail shows the detail again with a refused form's errors.
func (h *Web) refreshDetail(w http.ResponseWriter, r *http.Request, err error, failed string, f Form) {
	h.formError(w, r, err, func(fields map[string]string) {
		v, verr := h.projectDetailView(r)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		f.Errors = fields
		v.Failed, v.Form = failed, f
		h.render(w, r, http.StatusUnprocessableEntity, "project", v)
	})
}

func postedForm(r *http.Request, keys ...string) (Form, error) {
	if err := r.ParseForm(); err != nil {
		return Form{}, errs.New(errs.Malformed, "err.malformed")
	}
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range keys {
		f.Values[k] = r.PostForm.Get(k)
	}
	return f, nil
}

func pathIDs(r *http.Request, names ...string) ([]int64, bool) {
	var out []int64
	for _, n := range names {
		id, err := strconv.ParseInt(r.PathValue(n), 10, 64)
		if err != nil || id <= 0 {
			return nil, false
		}
		out = append(out, id)
	}
	return out, true
}

// projectMilestoneAdd adds a milestone; project.AddMilestone decides who may.
func (h *Web) projectMilestoneAdd(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id")
	if !ok {
		h.NotFound(w, r)
		return
	}
	f, err := postedForm(r, "title", "owner_id", "due_date")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	owner, _ := strconv.ParseInt(f.Values["owner_id"], 10, 64)
	_, err = h.Projects.AddMilestone(r.Context(), edge.Actor(r), ids[0], project.MilestoneInput{Title: f.Values["title"], OwnerID: owner, DueDate: f.Values["due_date"]})
	if err != nil {
		h.refreshDetail(w, r, err, "milestone", f)
		return
	}
	http.Redirect(w, r, projectPath(ids[0])+"?ok=saved", http.StatusSeeOther)
}

// projectMilestoneDone marks a milestone done.
func (h *Web) projectMilestoneDone(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id", "mid")
	if !ok {
		h.NotFound(w, r)
		return
	}
	f, err := postedForm(r, "done_date", "evidence")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	_, err = h.Projects.MarkDone(r.Context(), edge.Actor(r), ids[0], ids[1], project.DoneInput{DoneDate: f.Values["done_date"], Evidence: f.Values["evidence"]})
	if err != nil {
		h.refreshDetail(w, r, err, "done:"+strconv.FormatInt(ids[1], 10), f)
		return
	}
	http.Redirect(w, r, projectPath(ids[0])+"?ok=saved", http.StatusSeeOther)
}

// maxReportForm caps a progress report's form with its photos, as for a
// visit: a few phone photos.
const maxReportForm = 40 << 20

// maxReportField caps one text field of it (4,000 characters of up to four bytes).
const maxReportField = 16 << 10

// projectReportAdd records a progress report, with photos from the site.
func (h *Web) projectReportAdd(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id")
	if !ok {
		h.NotFound(w, r)
		return
	}
	post, err := readUploadForm(r, "photos", maxReportField, "pjw.err.photos_too_large")
	if err != nil && errs.CodeOf(err) != errs.Invalid {
		h.renderError(w, r, err)
		return
	}
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"report_date", "percent", "narrative", "problems", "help_needed"} {
		f.Values[k] = post.values.Get(k)
	}
	if err != nil {
		h.refreshDetail(w, r, err, "report", f)
		return
	}
	if post.fileErr != "" {
		h.refreshDetail(w, r, errs.InvalidField("photos", post.fileErr), "report", f)
		return
	}
	in := project.ReportInput{ReportDate: f.Values["report_date"], Narrative: f.Values["narrative"], Problems: f.Values["problems"],
		HelpNeeded: f.Values["help_needed"], Photos: post.files}
	if s := f.Values["percent"]; s != "" {
		n, perr := strconv.Atoi(s)
		if perr != nil {
			n = -1 // out of range: named by the service, with nothing written
		}
		in.Percent = &n
	}
	if _, err := h.Projects.AddReport(r.Context(), edge.Actor(r), ids[0], in); err != nil {
		h.refreshDetail(w, r, err, "report", f)
		return
	}
	http.Redirect(w, r, projectPath(ids[0])+"?ok=saved", http.StatusSeeOther)
}

// DoneFailed reports whether the done form of milestone id came back refused.
func (v projectDetailView) DoneFailed(id int64) bool {
	return v.Failed == "done:"+strconv.FormatInt(id, 10)
}

// projectAppealAdd links an appeal to the project; an appeal the viewer
// does not see, or no number, comes back naming appeal_id.
func (h *Web) projectAppealAdd(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id")
	if !ok {
		h.NotFound(w, r)
		return
	}
	f, err := postedForm(r, "appeal_id")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	// No number is no appeal: the service refuses it, once it knows the
	// viewer edits the project (anyone else gets not found).
	appealID, _ := strconv.ParseInt(strings.TrimSpace(f.Values["appeal_id"]), 10, 64)
	if err = h.Projects.LinkAppeal(r.Context(), edge.Actor(r), ids[0], appealID); err != nil {
		h.refreshDetail(w, r, err, "appeal", f)
		return
	}
	http.Redirect(w, r, projectPath(ids[0])+"?ok=saved", http.StatusSeeOther)
}

// projectAppealRemove removes an appeal's link.
func (h *Web) projectAppealRemove(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id", "aid")
	if !ok {
		h.NotFound(w, r)
		return
	}
	if err := h.Projects.UnlinkAppeal(r.Context(), edge.Actor(r), ids[0], ids[1]); err != nil {
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, projectPath(ids[0])+"?ok=saved", http.StatusSeeOther)
}
