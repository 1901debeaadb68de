package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/calendar"
	"pinghu/internal/edge"
)

func (h *Web) calendarRoutes() []edge.Route {
	return []edge.Route{
		{Method: "GET", Pattern: "/calendar", Access: edge.Signed, Handler: h.calendarPage},
		{Method: "POST", Pattern: "/calendar", Access: edge.Signed, Handler: h.calendarSet},
		{Method: "POST", Pattern: "/calendar/{date}/remove", Access: edge.Signed, Handler: h.calendarRemove},
	}
}

type calendarView struct {
	Page
	Year  int
	Years []int
	Days  []calendar.Day
	Form  Form
}

func (h *Web) calendarView(r *http.Request, year int, f Form) (calendarView, error) {
	v := calendarView{Page: h.page(r, "page.calendar"), Year: year, Form: f}
	now := h.Now().Year()
	for y := now - 4; y <= now+1; y++ {
		v.Years = append(v.Years, y)
	}
	days, err := h.Calendar.Year(r.Context(), year)
	v.Days = days
	return v, err
}

// calendarYear reads ?year=, defaulting to this year.
func (h *Web) calendarYear(r *http.Request) int {
	y, err := strconv.Atoi(r.FormValue("year"))
	if err != nil || y < 2000 || y > 2100 {
		return h.Now().Year()
	}
	return y
}

// calendarPage lists the holidays and make-up working days of a year.
// Only those who may edit the calendar see it.
func (h *Web) calendarPage(w http.ResponseWriter, r *http.Request) {
	if !edge.Actor(r).Can(access.ManageHoliday) {
		h.NotFound(w, r)
		return
	}
	v, err := h.calendarView(r, h.calendarYear(r), Form{Values: map[string]string{"kind": calendar.Holiday}})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "calendar", v)
}

func (h *Web) calendarSet(w http.ResponseWriter, r *http.Request) {
	d := calendar.Day{Date: r.PostFormValue("date"), Kind: r.PostFormValue("kind"), Name: r.PostFormValue("name")}
	year := h.calendarYear(r)
	if err := h.Calendar.Set(r.Context(), edge.Actor(r), d); err != nil {
		h.formError(w, r, err, func(fields map[string]string) {
			f := Form{Values: map[string]string{"date": d.Date, "kind": d.Kind, "name": d.Name}, Errors: fields}
			v, verr := h.calendarView(r, year, f)
			if verr != nil {
				h.renderError(w, r, verr)
				return
			}
			h.render(w, r, http.StatusUnprocessableEntity, "calendar", v)
		})
		return
	}
	if len(d.Date) >= 4 {
		year, _ = strconv.Atoi(d.Date[:4])
	}
	http.Redirect(w, r, "/calendar?ok=saved&year="+strconv.Itoa(year), http.StatusSeeOther)
}

func (h *Web) calendarRemove(w http.ResponseWriter, r *http.Request) {
	date := r.PathValue("date")
	if err := h.Calendar.Remove(r.Context(), edge.Actor(r), date); err != nil {
		h.renderError(w, r, err)
		return
	}
	year := h.calendarYear(r)
	if len(date) >= 4 {
		year, _ = strconv.Atoi(date[:4])
	}
	http.Redirect(w, r, "/calendar?ok=saved&year="+strconv.Itoa(year), http.StatusSeeOther)
}
