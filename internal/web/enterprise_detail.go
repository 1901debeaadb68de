package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
)

// detailVisits is how many of the latest visits the detail page lists;
// the visits page holds the rest.
const detailVisits = 10

type enterpriseView struct {
	Page
	E          enterprise.Enterprise
	Rights     enterprise.Rights
	Contacts   []enterprise.Contact
	Outputs    []enterprise.Output
	History    []enterprise.HistoryEntry
	Visits     []enterprise.Visit
	VisitTotal int
	Timeline   []enterprise.TimelineItem
	// The forms of the page, each with what was posted and its errors
	// when it comes back refused.
	AddContact    Form
	EditContact   Form
	EditContactID int64
	Output        Form
}

// EditValue is the value a contact's edit form shows: what was posted
// when that form came back refused, the stored value otherwise.
func (v enterpriseView) EditValue(c enterprise.Contact, field string) string {
	if v.EditContactID == c.ID {
		return v.EditContact.Value(field)
	}
	switch field {
	case "name":
		return c.Name
	case "position":
		return c.Position
	case "phone":
		return c.MaskedPhone()
	case "is_primary":
		return strconv.FormatBool(c.IsPrimary)
	}
	return ""
}

// EditErr is a contact edit form's error for a field.
func (v enterpriseView) EditErr(c enterprise.Contact, field string) string {
	if v.EditContactID == c.ID {
		return v.EditContact.Err(field)
	}
	return ""
}

// enterpriseView loads everything the detail page shows of e. Each part
// is read in the actor's scope by the service, as the page would be.
func (h *Web) enterpriseView(r *http.Request, e enterprise.Enterprise) (enterpriseView, error) {
	ctx, a := r.Context(), edge.Actor(r)
	v := enterpriseView{Page: h.page(r, ""), E: e, Rights: enterprise.RightsOf(a),
		AddContact: Form{Values: map[string]string{}}, EditContact: Form{Values: map[string]string{}},
		Output: Form{Values: map[string]string{"year": strconv.Itoa(h.Now().In(i18n.Zone).Year() - 1)}}}
	v.Title = e.Name
	v.Crumbs = []Crumb{{Key: "nav.enterprises", Href: "/enterprises"}}
	var err error
	if v.Contacts, err = h.Enterprises.Contacts(ctx, a, e.ID); err != nil {
		return v, err
	}
	if v.Outputs, err = h.Enterprises.Outputs(ctx, a, e.ID); err != nil {
		return v, err
	}
	if v.History, err = h.Enterprises.History(ctx, a, e.ID); err != nil {
		return v, err
	}
	visits, err := h.Enterprises.ListVisits(ctx, a, enterprise.VisitFilter{EnterpriseID: e.ID, Page: db.NewPage(1, detailVisits)})
	if err != nil {
		return v, err
	}
	v.Visits, v.VisitTotal = visits.Items, visits.Total
	v.Timeline, err = h.Enterprises.Timeline(ctx, a, e.ID)
	return v, err
}

func (h *Web) enterpriseDetail(w http.ResponseWriter, r *http.Request) {
	e, ok := h.enterpriseTarget(w, r)
	if !ok {
		return
	}
	v, err := h.enterpriseView(r, e)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "enterprise", v)
}

// enterpriseAgain shows the detail page again after one of its forms was
// refused, with that form's values and errors filled in by set.
func (h *Web) enterpriseAgain(w http.ResponseWriter, r *http.Request, e enterprise.Enterprise, err error, set func(v *enterpriseView, fields map[string]string)) {
	h.formError(w, r, err, func(fields map[string]string) {
		v, verr := h.enterpriseView(r, e)
		if verr != nil {
			h.renderError(w, r, verr)
			return
		}
		set(&v, fields)
		h.render(w, r, http.StatusUnprocessableEntity, "enterprise", v)
	})
}
