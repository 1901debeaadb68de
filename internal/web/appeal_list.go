package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// appealFilters are the list's own query parameters, kept in the URL.
var appealFilters = []string{"q", "state", "category", "channel", "enterprise_id", "community_id", "department_id",
	"from", "to", "overdue", "due_soon", "supervised", "sort"}

// drillParams are the parameters of the dashboard's drill-down: a figure
// of appeal.Stats over a period (from, to), as of a date, in a unit, and
// optionally one row of a breakdown (by, key).
var drillParams = []string{"figure", "from", "to", "as_of", "unit_id", "by", "key"}

// stateOpen is the list's name for "any open state", used by the home
// page's cards.
const stateOpen = "open"

type appealListView struct {
	Page
	appealDict
	Filter      url.Values
	FilterErrs  map[string]string
	States      []appeal.State
	Channels    []appeal.Channel
	Communities []org.Unit
	Departments []org.Unit
	Sorts       []string
	Enterprise  enterprise.Enterprise // the enterprise filtered on, when visible
	Items       []appeal.Appeal
	Pager       Pager
	Drill       *drillBanner
	CanCreate   bool
	HasQueue    bool
}

// drillBanner says which dashboard figure the list stands for.
type drillBanner struct {
	Figure    string // the figure's name, as in appeal.Stats' JSON
	From, To  string
	AsOf      string // a date, "" for now
	By        string
	KeyLabel  string
	Dashboard string // the dashboard with the same period
}

// Filtered reports whether any filter is set, for the reset link.
func (v appealListView) Filtered() bool { return len(v.Filter) > 0 }

// appealPageFilter reads the list's filters. Values that cannot be read
// at all (a date that is no date) are reported in bad; the service checks
// the rest.
func appealPageFilter(q url.Values, bad errs.Fields) appeal.Filter {
	f := appeal.Filter{Query: strings.TrimSpace(q.Get("q")), Category: strings.TrimSpace(q.Get("category")),
		Channel: appeal.Channel(strings.TrimSpace(q.Get("channel"))), EnterpriseID: queryID(q, "enterprise_id"),
		CommunityID: queryID(q, "community_id"), From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		Overdue: q.Get("overdue") == "true", DueSoon: q.Get("due_soon") == "true", Supervised: queryBool(q, "supervised"),
		Sort: strings.TrimSpace(q.Get("sort")), UnitID: queryID(q, "unit_id")}
	switch s := strings.TrimSpace(q.Get("state")); s {
	case "":
	case stateOpen:
		f.States = []appeal.State{appeal.Submitted, appeal.Accepted, appeal.InProgress}
	default:
		f.State = appeal.State(s)
	}
	switch d := strings.TrimSpace(q.Get("department_id")); d {
	case "":
	case "none":
		f.Unassigned = true
	default:
		f.DepartmentID = queryID(q, "department_id")
		if f.DepartmentID == 0 {
			bad.Add("department_id", "err.bad_id")
		}
	}
	if s := strings.TrimSpace(q.Get("as_of")); s != "" {
		t, ok := appeal.AsOfDate(s)
		if !ok {
			bad.Add("as_of", "err.bad_date")
		}
		f.AsOf = t
	}
	return f
}

func (h *Web) appealList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	p := h.page(r, "page.appeals")
	dict, err := h.appealDict(r.Context(), p.Lang)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := appealListView{Page: p, appealDict: dict, Filter: filterValues(q, append(appealFilters, drillParams...)...),
		States: appeal.States, Channels: appeal.Channels, Sorts: appeal.SortKeys, CanCreate: raisesAppeals(a), HasQueue: hasQueue(a)}
	bad := errs.Fields{}
	f := appealPageFilter(q, bad)
	page := queryPage(r)
	f.Page = page
	var listErr error
	if figure := strings.TrimSpace(q.Get("figure")); figure != "" {
		v.TitleKey = "page.appeals_drill"
		by, key := strings.TrimSpace(q.Get("by")), strings.TrimSpace(q.Get("key"))
		v.Drill = &drillBanner{Figure: figure, From: f.From, To: f.To, AsOf: strings.TrimSpace(q.Get("as_of")), By: by, KeyLabel: key,
			Dashboard: "/dashboards/enterprise-service?" + filterValues(q, "from", "to", "as_of", "unit_id").Encode()}
		if len(bad) == 0 {
			f, listErr = appeal.DrillFilter(f, figure, by, key)
		}
	}
	if v.Communities, err = h.communities(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Departments, err = h.departments(r); err != nil {
		h.renderError(w, r, err)
		return
	}
	if f.EnterpriseID > 0 {
		e, err := h.Enterprises.Get(r.Context(), a, f.EnterpriseID)
		if err != nil && errs.CodeOf(err) != errs.NotFound {
			h.renderError(w, r, err)
			return
		}
		v.Enterprise = e
	}
	var list struct {
		Items []appeal.Appeal
		Total int
	}
	if listErr == nil {
		listErr = bad.Err()
	}
	if listErr == nil {
		l, err := h.Appeals.List(r.Context(), a, f)
		list.Items, list.Total, listErr = l.Items, l.Total, err
	}
	status := http.StatusOK
	if listErr != nil {
		e := errs.As(listErr)
		if e.Code != errs.Invalid {
			h.renderError(w, r, listErr)
			return
		}
		// A refused filter is shown beside the filter, over an empty list.
		v.FilterErrs, status = e.Fields, http.StatusUnprocessableEntity
		list.Items, list.Total = nil, 0
	}
	v.Items = list.Items
	if v.Drill != nil {
		v.Drill.KeyLabel = h.drillKeyLabel(v, f)
	}
	v.Pager = newPager("/appeals", v.Filter, page.Number, page.Size, list.Total)
	h.render(w, r, status, "appeals", v)
}

// drillKeyLabel names the breakdown row a drill-down list stands for: the
// category's name, the week, or the community's or department's name as
// the listed appeals carry it.
func (h *Web) drillKeyLabel(v appealListView, f appeal.Filter) string {
	key := v.Drill.KeyLabel
	switch v.Drill.By {
	case appeal.ByCategory:
		return v.CategoryName(key)
	case appeal.ByDepartment:
		if key == "none" {
			return v.T("appeal.unassigned")
		}
		for _, p := range v.Items {
			if strconv.FormatInt(p.DepartmentID, 10) == key {
				return p.DepartmentName
			}
		}
	case appeal.ByCommunity:
		for _, p := range v.Items {
			if strconv.FormatInt(p.CommunityID, 10) == key {
				return p.CommunityName
			}
		}
	case appeal.ByWeek:
		if start, err := time.Parse(time.DateOnly, key); err == nil {
			return v.T("apw.drill.week", key, start.AddDate(0, 0, 6).Format(time.DateOnly))
		}
	}
	return key
}

// departments lists the active departments in the actor's scope, for the
// list's filter; nil for a role that may not read units or has none in
// scope (a community's scope holds no department).
func (h *Web) departments(r *http.Request) ([]org.Unit, error) {
	a := edge.Actor(r)
	if !a.Can(access.ReadUnits) || a.Role == access.Dept {
		return nil, nil
	}
	tree, err := h.Units.Tree(r.Context(), a)
	if err != nil {
		return nil, err
	}
	var out []org.Unit
	for _, u := range tree {
		if u.Kind == org.Department && u.Active {
			out = append(out, u)
		}
	}
	return out, nil
}
