package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/volunteer"
)

type volunteerFormView struct {
	volunteerDict
	Form        Form
	Communities []volunteer.Place
	Action      string
	Edit        bool
}

var volunteerFields = []string{"name", "mobile", "id_number", "community_id", "organisation", "skills", "registered_on", "user_id"}

func (h *Web) volunteerForm(w http.ResponseWriter, r *http.Request, status int, id int64, values, fields map[string]string) {
	v := volunteerFormView{volunteerDict: volunteerDict{h.page(r, "vol.page.volunteer_new")}, Form: Form{Values: values, Errors: fields},
		Action: "/volunteers"}
	if id > 0 {
		v.TitleKey, v.Action, v.Edit = "vol.page.volunteer_edit", volunteerPath(id), true
	}
	var err error
	if v.Communities, err = h.Volunteers.Communities(r.Context(), edge.Actor(r)); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "volunteer_form", v)
}

func (h *Web) volunteerNew(w http.ResponseWriter, r *http.Request) {
	if !volunteer.MayCreate(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"registered_on": h.Now().In(i18n.Zone).Format("2006-01-02")}
	h.volunteerForm(w, r, http.StatusOK, 0, vals, nil)
}

func volunteerInput(vals map[string]string) volunteer.Input {
	return volunteer.Input{Name: vals["name"], Mobile: vals["mobile"], IDNumber: vals["id_number"], CommunityID: formID(vals["community_id"]),
		Organisation: vals["organisation"], Skills: vals["skills"], RegisteredOn: vals["registered_on"], UserID: formID(vals["user_id"])}
}

func (h *Web) volunteerCreate(w http.ResponseWriter, r *http.Request) {
	vals := formValues(r, volunteerFields...)
	v, err := h.Volunteers.Create(r.Context(), edge.Actor(r), volunteerInput(vals))
	if err != nil {
		// The numbers typed are not sent back: the page would show them.
		vals["mobile"], vals["id_number"] = "", ""
		h.formError(w, r, err, func(f map[string]string) { h.volunteerForm(w, r, http.StatusUnprocessableEntity, 0, vals, f) })
		return
	}
	http.Redirect(w, r, volunteerPath(v.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) volunteerEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	v, err := h.Volunteers.Get(r.Context(), a, id)
	if err != nil || !volunteer.MayEdit(a) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"name": v.Name, "community_id": strconv.FormatInt(v.CommunityID, 10), "organisation": v.Organisation,
		"skills": v.Skills, "registered_on": v.RegisteredOn}
	if v.UserID > 0 {
		vals["user_id"] = strconv.FormatInt(v.UserID, 10)
	}
	h.volunteerForm(w, r, http.StatusOK, id, vals, nil)
}

func (h *Web) volunteerUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, volunteerFields...)
	_, err := h.Volunteers.Update(r.Context(), edge.Actor(r), id, volunteerInput(vals))
	if err != nil {
		vals["mobile"], vals["id_number"] = "", ""
		h.formError(w, r, err, func(f map[string]string) { h.volunteerForm(w, r, http.StatusUnprocessableEntity, id, vals, f) })
		return
	}
	http.Redirect(w, r, volunteerPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
