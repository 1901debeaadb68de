package web

import (
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/appeal"
	"pinghu/internal/calendar"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

type appealCategoriesView struct {
	Page
	appealDict
	CanEdit bool
	Units   []calendar.Unit
	// The row whose form came back refused, with what was posted.
	Failed string
	Form   Form
}

// RowValue is what a row's form shows for a field: the posted value when
// that row came back refused, the stored one otherwise.
func (v appealCategoriesView) RowValue(c appeal.Category, field string) string {
	if v.Failed == c.Code {
		return v.Form.Value(field)
	}
	switch field {
	case "response_n":
		return strconv.Itoa(c.Response.N)
	case "response_unit":
		return string(c.Response.Unit)
	case "resolution_n":
		return strconv.Itoa(c.Resolution.N)
	case "resolution_unit":
		return string(c.Resolution.Unit)
	case "active":
		return strconv.FormatBool(c.Active)
	}
	return ""
}

// RowErr is a row's error for a field.
func (v appealCategoriesView) RowErr(c appeal.Category, field string) string {
	if v.Failed == c.Code {
		return v.Form.Err(field)
	}
	return ""
}

func (h *Web) appealCategoriesView(r *http.Request) (appealCategoriesView, error) {
	p := h.page(r, "page.appeal_categories")
	dict, err := h.appealDict(r.Context(), p.Lang)
	v := appealCategoriesView{Page: p, appealDict: dict, CanEdit: keepsCategories(edge.Actor(r)) && edge.Actor(r).HasScope(),
		Units: []calendar.Unit{calendar.Hours, calendar.Workdays}, Form: Form{Values: map[string]string{}}}
	return v, err
}

// appealCategories shows the dictionary with its limits; the dictionary
// is not business data, so every signed-in user may read it.
func (h *Web) appealCategories(w http.ResponseWriter, r *http.Request) {
	v, err := h.appealCategoriesView(r)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "appeal_categories", v)
}

// limitField reads a limit from a number and a unit field, naming field
// when it is not a number.
func limitField(form map[string]string, prefix string, bad errs.Fields) *calendar.Limit {
	n, err := strconv.Atoi(strings.TrimSpace(form[prefix+"_n"]))
	if err != nil {
		bad.Add(prefix, "err.appeal_limit")
		return nil
	}
	return &calendar.Limit{N: n, Unit: calendar.Unit(strings.TrimSpace(form[prefix+"_unit"]))}
}

// appealCategoryUpdate changes a category's limits and whether it is in
// use; appeal.UpdateCategory decides who may.
func (h *Web) appealCategoryUpdate(w http.ResponseWriter, r *http.Request) {
	if !keepsCategories(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	code := r.PathValue("code")
	if err := r.ParseForm(); err != nil {
		h.renderError(w, r, errs.New(errs.Malformed, "err.malformed"))
		return
	}
	f := Form{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"response_n", "response_unit", "resolution_n", "resolution_unit", "active"} {
		f.Values[k] = r.PostForm.Get(k)
	}
	if f.Values["active"] == "" {
		f.Values["active"] = "false"
	}
	bad := errs.Fields{}
	active := f.Values["active"] == "true"
	in := appeal.CategoryInput{Response: limitField(f.Values, "response", bad), Resolution: limitField(f.Values, "resolution", bad),
		Active: &active}
	err := bad.Err()
	if err == nil {
		_, err = h.Appeals.UpdateCategory(r.Context(), edge.Actor(r), code, in)
	}
	if err == nil {
		http.Redirect(w, r, "/appeal-categories?ok=saved", http.StatusSeeOther)
		return
	}
	h.formError(w, r, err, func(fields map[string]string) {
		v, verr := h.appealCategoriesView(r)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		if v.Category(code).Code == "" {
			h.NotFound(w, r)
			return
		}
		f.Errors = fields
		v.Failed, v.Form = code, f
		h.render(w, r, http.StatusUnprocessableEntity, "appeal_categories", v)
	})
}
