package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/project"
)

type projectFieldsView struct {
	Page
	projectDict
	CanEdit bool
	Form    Form
}

// projectFields shows the field dictionary; leaders and the office add
// and change entries on the same page.
func (h *Web) projectFields(w http.ResponseWriter, r *http.Request) {
	if !seesProjects(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.renderFields(w, r, http.StatusOK, Form{Values: map[string]string{"active": "true"}})
}

func (h *Web) renderFields(w http.ResponseWriter, r *http.Request, status int, f Form) {
	dict, err := h.projectDict(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	p := h.page(r, "page.project_fields")
	p.Crumbs = []Crumb{{Key: "page.projects", Href: "/projects"}}
	h.render(w, r, status, "project_fields", projectFieldsView{Page: p, projectDict: dict, CanEdit: project.MayKeepFields(edge.Actor(r)), Form: f})
}

// projectFieldSave adds an entry or changes the one with the posted code.
func (h *Web) projectFieldSave(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !project.MayKeepFields(a) {
		h.NotFound(w, r)
		return
	}
	f, err := postedForm(r, "code", "name", "name_en", "sort_order", "active")
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	bad := errs.Fields{}
	order, perr := strconv.Atoi(strings.TrimSpace(f.Values["sort_order"]))
	if perr != nil && strings.TrimSpace(f.Values["sort_order"]) != "" {
		bad.Add("sort_order", "err.bad_number")
	}
	err = bad.Err()
	if err == nil {
		_, err = h.Projects.SaveField(r.Context(), a, project.FieldEntry{Code: f.Values["code"], Name: f.Values["name"],
			NameEn: f.Values["name_en"], SortOrder: order, Active: f.Values["active"] == "true"})
	}
	if err == nil {
		http.Redirect(w, r, "/project-fields?ok=saved", http.StatusSeeOther)
		return
	}
	h.formError(w, r, err, func(fields map[string]string) {
		f.Errors = fields
		h.renderFields(w, r, http.StatusUnprocessableEntity, f)
	})
}
