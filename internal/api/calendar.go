package api

import (
	"net/http"
	"strconv"

	"pinghu/internal/calendar"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
)

func (a *API) calendarRoutes() []edge.Route {
	return []edge.Route{
		rt(http.MethodGet, "/calendar", edge.Signed, a.getCalendar),
	}
}

// calendarYear is the answer of GET /calendar: the listed days of a year.
type calendarYear struct {
	Year int            `json:"year"`
	Days []calendar.Day `json:"days"`
}

// getCalendar lists a year's holidays and make-up working days. Every
// signed-in user may read it: deadlines are counted with it.
func (a *API) getCalendar(w http.ResponseWriter, r *http.Request) {
	year := a.Now().Year()
	if s := r.URL.Query().Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			edge.WriteError(w, r, errs.InvalidField("year", "err.out_of_range"))
			return
		}
		year = y
	}
	days, err := a.Calendar.Year(r.Context(), year)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, calendarYear{Year: year, Days: days})
}
