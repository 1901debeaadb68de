package web

import (
	"net/http"
	"strconv"
	"time"

	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/volunteer"
)

type volunteerView struct {
	volunteerDict
	V       volunteer.Volunteer
	Reports []volunteer.Report
	CanEdit bool
	Years   []int
}

func (h *Web) volunteerDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	v, err := h.Volunteers.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	view := volunteerView{volunteerDict: volunteerDict{h.page(r, "vol.page.volunteer")}, V: v, CanEdit: volunteer.MayEdit(a)}
	if view.Reports, err = h.Volunteers.VolunteerHours(r.Context(), a, id); err != nil {
		h.renderError(w, r, err)
		return
	}
	view.Title = v.Name
	// The certificate years: the registration year to this one.
	this := h.Now().In(i18n.Zone).Year()
	first := this
	if reg, ok := volunteer.ParseDay(v.RegisteredOn); ok && reg.Year() <= this {
		first = reg.Year()
	}
	for y := this; y >= first && len(view.Years) < 10; y-- {
		view.Years = append(view.Years, y)
	}
	h.render(w, r, http.StatusOK, "volunteer", view)
}

func (h *Web) volunteerReveal(w http.ResponseWriter, r *http.Request) {
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
	h.reveal(w, r, v.Name, volunteerPath(id), func(reason, note string) (string, error) {
		return h.Volunteers.RevealMobile(r.Context(), a, id, reason, note)
	})
}

type certificateView struct {
	volunteerDict
	C volunteer.Certificate
}

// volunteerCertificate is the printable certificate of a volunteer's
// approved hours in a year (?year=2022; this year by default).
func (h *Web) volunteerCertificate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	year := h.Now().In(i18n.Zone).Year()
	if s := r.URL.Query().Get("year"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			n = -1
		}
		year = n
	}
	c, err := h.Volunteers.Certificate(r.Context(), edge.Actor(r), id, year)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := certificateView{volunteerDict: volunteerDict{h.page(r, "vol.page.certificate")}, C: c}
	v.Title = v.T("vol.certificate.title", year)
	h.render(w, r, http.StatusOK, "volunteer_certificate", v)
}

// IssuedOn is the certificate's date.
func (v certificateView) IssuedOn() string { return v.C.IssuedAt.In(i18n.Zone).Format(time.DateOnly) }
