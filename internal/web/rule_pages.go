package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/project"
	"pinghu/internal/rule"
)

var ruleFilters = []string{"q", "status", "sort"}

type ruleListView struct {
	proposalDict
	Filter     url.Values
	FilterErrs map[string]string
	Statuses   []rule.Status
	Sorts      []string
	Items      []rule.Rule
	Pager      Pager
	CanCreate  bool
}

func (v ruleListView) Filtered() bool { return len(v.Filter) > 0 }

func (h *Web) ruleList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := ruleListView{proposalDict: proposalDict{h.page(r, "page.rules")}, Filter: filterValues(q, ruleFilters...),
		Statuses: rule.Statuses, Sorts: rule.SortKeys, CanCreate: writesRules(a)}
	f := rule.Filter{Query: strings.TrimSpace(q.Get("q")), Status: rule.Status(strings.TrimSpace(q.Get("status"))),
		Sort: strings.TrimSpace(q.Get("sort")), Page: queryPage(r)}
	l, err := h.Rules.List(r.Context(), a, f)
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	v.FilterErrs = fields
	v.Items = l.Items
	v.Pager = newPager("/rules", v.Filter, f.Page.Number, f.Page.Size, l.Total)
	h.render(w, r, status, "rules", v)
}

type ruleFormView struct {
	proposalDict
	Form        Form
	Units       []org.Unit
	ProposalIDs string // the adopted proposals it comes from, comma-separated
	// Project is the project the rule comes from, if any.
	Project *project.Ref
}

func (h *Web) ruleForm(w http.ResponseWriter, r *http.Request, status int, vals, fields map[string]string) {
	a := edge.Actor(r)
	v := ruleFormView{proposalDict: proposalDict{h.page(r, "page.rule_new")}, Form: Form{Values: vals, Errors: fields},
		ProposalIDs: vals["proposal_ids"]}
	if pid := formID(vals["project_id"]); pid > 0 {
		ref, err := h.Projects.Ref(r.Context(), a, pid)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Project = &ref
	}
	if a.Can(access.ReadUnits) {
		tree, err := h.Units.Tree(r.Context(), a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, u := range tree {
			if u.Active && u.Kind != org.Root && u.Kind != org.Grid {
				v.Units = append(v.Units, u)
			}
		}
	}
	h.render(w, r, status, "rule_form", v)
}

// ruleNew shows the form of a draft rule; with proposal_id it is the rule
// an adopted proposal becomes, pre-filled from it and linked to it.
func (h *Web) ruleNew(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !writesRules(a) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"unit_id": strconv.FormatInt(a.UnitID, 10)}
	if s := r.URL.Query().Get("project_id"); s != "" {
		vals["project_id"] = s
	}
	if s := r.URL.Query().Get("proposal_id"); s != "" {
		in, err := h.Rules.FromProposal(r.Context(), a, formID(s))
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		vals = map[string]string{"title": in.Title, "body": in.Body, "unit_id": strconv.FormatInt(in.UnitID, 10),
			"proposal_ids": strconv.FormatInt(in.ProposalIDs[0], 10)}
	}
	h.ruleForm(w, r, http.StatusOK, vals, nil)
}

func (h *Web) ruleCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, "number", "title", "unit_id", "effective_on", "body", "proposal_ids", "project_id")
	in := rule.Input{Number: vals["number"], Title: vals["title"], UnitID: formID(vals["unit_id"]), EffectiveOn: vals["effective_on"],
		Body: vals["body"], ProjectID: formID(vals["project_id"])}
	for _, s := range strings.Split(vals["proposal_ids"], ",") {
		if s = strings.TrimSpace(s); s != "" {
			in.ProposalIDs = append(in.ProposalIDs, formID(s))
		}
	}
	ru, err := h.Rules.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) { h.ruleForm(w, r, http.StatusUnprocessableEntity, vals, f) })
		return
	}
	http.Redirect(w, r, rulePath(ru.ID)+"?ok=created", http.StatusSeeOther)
}

type ruleView struct {
	proposalDict
	R              rule.Rule
	CanWrite       bool
	CanDecide      bool
	Form           Form
	Error          string
	DiffFrom       int
	DiffTo         int
	Diff           *rule.Diff
	DiffFormErrors map[string]string
	// Project is the project the rule came from, if the viewer sees it.
	Project *project.Ref
}

func (h *Web) ruleView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form, errMsg string, diff func(*ruleView)) {
	a := edge.Actor(r)
	ru, err := h.Rules.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := ruleView{proposalDict: proposalDict{h.page(r, "page.rule")}, R: ru, Form: form, Error: errMsg}
	if ru.ProjectID > 0 {
		if ref, err := h.Projects.Ref(r.Context(), a, ru.ProjectID); err == nil {
			v.Project = &ref
		} else if errs.CodeOf(err) != errs.NotFound {
			h.renderError(w, r, err)
			return
		}
	}
	v.Title = ru.Number + " " + ru.Title
	v.CanWrite, v.CanDecide = h.Rules.Rights(r.Context(), a, ru)
	v.DiffTo, v.DiffFrom = ru.Version, max(ru.Version-1, 1)
	if diff != nil {
		diff(&v)
		if v.DiffFormErrors != nil && status == http.StatusOK {
			status = http.StatusUnprocessableEntity
		}
	}
	h.render(w, r, status, "rule", v)
}

func (h *Web) ruleDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.ruleView(w, r, http.StatusOK, id, Form{}, "", nil)
}

// ruleDiff is the rule's page with the diff of two of its versions.
func (h *Web) ruleDiff(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	from, _ := strconv.Atoi(q.Get("from"))
	to, _ := strconv.Atoi(q.Get("to"))
	h.ruleView(w, r, http.StatusOK, id, Form{}, "", func(v *ruleView) {
		v.DiffFrom, v.DiffTo = from, to
		d, err := h.Rules.Diff(r.Context(), edge.Actor(r), id, from, to)
		if err != nil {
			v.DiffFormErrors = errs.As(err).Fields
			if v.DiffFormErrors == nil {
				v.DiffFormErrors = map[string]string{"from": "err.rule_version_unknown"}
			}
			return
		}
		v.Diff = &d
	})
}

func (h *Web) ruleVersion(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "body", "comment", "version")
	ver, _ := strconv.Atoi(vals["version"])
	_, err := h.Rules.AddVersion(r.Context(), edge.Actor(r), id, rule.VersionInput{Body: vals["body"], Comment: vals["comment"], Version: ver})
	h.ruleAfter(w, r, id, vals, err)
}

func (h *Web) ruleAct(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "action", "effective_on")
	_, err := h.Rules.Act(r.Context(), edge.Actor(r), id, rule.ActInput{Action: rule.Action(vals["action"]), EffectiveOn: vals["effective_on"]})
	h.ruleAfter(w, r, id, vals, err)
}

// ruleAfter answers a change of a rule: back to its page, or the page
// again with what went wrong.
func (h *Web) ruleAfter(w http.ResponseWriter, r *http.Request, id int64, vals map[string]string, err error) {
	if err == nil {
		http.Redirect(w, r, rulePath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
		return
	}
	e := errs.As(err)
	switch e.Code {
	case errs.Invalid:
		h.ruleView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields}, "", nil)
	case errs.Conflict, errs.Forbidden:
		h.ruleView(w, r, edge.Status(e.Code), id, Form{Values: vals}, h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...), nil)
	default:
		h.renderError(w, r, err)
	}
}
