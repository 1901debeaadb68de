package web

import (
	"net/http"
	"strconv"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/station"
)

type stationView struct {
	stationDict
	S         station.Station
	Map       stationMap
	Records   []station.Record
	Pager     Pager
	Months    []station.Month
	MayEdit   bool
	MayRecord bool
	Form      Form
	Today     string
}

func (h *Web) stationView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form) {
	a := edge.Actor(r)
	st, err := h.Stations.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := stationView{stationDict: stationDict{h.page(r, "stn.page.detail")}, S: st, Map: newStationMap(st.Lng, st.Lat),
		MayEdit: station.MayEdit(a, st), MayRecord: station.MayRecord(a, st), Form: form,
		Today: h.Now().In(i18n.Zone).Format("2006-01-02")}
	v.Title = st.Name
	page := queryPage(r)
	recs, err := h.Stations.Records(r.Context(), a, id, db.NewPage(page.Number, 20))
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Records = recs.Items
	v.Pager = newPager(stationPath(id), nil, recs.Page, recs.PageSize, recs.Total)
	if v.Months, err = h.Stations.Months(r.Context(), a, id); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "station", v)
}

func (h *Web) stationDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.stationView(w, r, http.StatusOK, id, Form{})
}

// stationRecord enters a service record; an empty count is a single
// entry.
func (h *Web) stationRecord(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "day", "service", "count", "note")
	in := station.RecordInput{Day: vals["day"], Service: vals["service"], Note: vals["note"]}
	if vals["count"] != "" {
		n, err := strconv.Atoi(vals["count"])
		if err != nil {
			h.stationView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: map[string]string{"count": "stn.err.count_number"}})
			return
		}
		in.Count = &n
	}
	if _, err := h.Stations.AddRecord(r.Context(), edge.Actor(r), id, in); err != nil {
		if e := errs.As(err); e.Code == errs.Invalid {
			h.stationView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields})
			return
		}
		h.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, stationPath(id)+"?ok=saved#records", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
