package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/campaign"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

type attendanceView struct {
	Page
	Filter     url.Values
	FilterErrs map[string]string
	AsOf       string
	Report     campaign.Report
}

// attendanceQuery reads as_of (a CST date, today by default),
// campaign_id and activity_id.
func (h *Web) attendanceQuery(r *http.Request) (campaign.Query, string, error) {
	q := r.URL.Query()
	day := strings.TrimSpace(q.Get("as_of"))
	if day == "" {
		day = h.Now().In(i18n.Zone).Format(time.DateOnly)
	}
	t, ok := campaign.AsOfDate(day)
	if !ok {
		return campaign.Query{}, day, errs.InvalidField("as_of", "err.bad_date")
	}
	return campaign.Query{AsOf: t, CampaignID: queryID(q, "campaign_id"), ActivityID: queryID(q, "activity_id")}, day, nil
}

// activityAttendance is attendance by unit as of a date, each figure a
// link to the people behind it.
func (h *Web) activityAttendance(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesCampaigns(a)) {
		return
	}
	v := attendanceView{Page: h.page(r, "page.attendance"), Filter: filterValues(r.URL.Query(), "as_of", "campaign_id", "activity_id")}
	query, day, err := h.attendanceQuery(r)
	v.AsOf = day
	status := http.StatusOK
	if err == nil {
		v.Report, err = h.Campaigns.Attendance(r.Context(), a, query)
	}
	if err != nil {
		e := errs.As(err)
		if e.Code != errs.Invalid {
			h.renderError(w, r, err)
			return
		}
		v.FilterErrs, status = e.Fields, http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "activity_attendance", v)
}

// PeopleLink is the drill-down behind one figure: a unit (0: all) and a
// status ("": everyone invited).
func (v attendanceView) PeopleLink(unit int64, status string) string {
	q := url.Values{}
	for k, vs := range v.Filter {
		q[k] = vs
	}
	q.Set("as_of", v.AsOf)
	if unit > 0 {
		q.Set("unit_id", itoa64(unit))
	}
	if status != "" {
		q.Set("status", status)
	}
	return "/activities/people?" + q.Encode()
}

type peopleView struct {
	Page
	Filter     url.Values
	FilterErrs map[string]string
	Items      []campaign.Person
	Pager      Pager
}

// activityPeople lists the invitations behind a figure of the attendance
// page.
func (h *Web) activityPeople(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !h.notFoundUnless(w, r, seesCampaigns(a)) {
		return
	}
	q := r.URL.Query()
	page := queryPage(r)
	v := peopleView{Page: h.page(r, "page.attendance_people"),
		Filter: filterValues(q, "as_of", "campaign_id", "activity_id", "unit_id", "status")}
	v.Crumbs = []Crumb{{Key: "page.attendance", Href: "/activities/attendance"}}
	query, _, err := h.attendanceQuery(r)
	status := http.StatusOK
	if err == nil {
		list, lerr := h.Campaigns.People(r.Context(), a, peopleQuery(query, queryID(q, "unit_id"), q.Get("status"), page))
		err = lerr
		v.Items = list.Items
		v.Pager = newPager("/activities/people", v.Filter, page.Number, page.Size, list.Total)
	}
	if err != nil {
		e := errs.As(err)
		if e.Code != errs.Invalid {
			h.renderError(w, r, err)
			return
		}
		v.FilterErrs, status = e.Fields, http.StatusUnprocessableEntity
	}
	h.render(w, r, status, "activity_people", v)
}

// AttendanceStatus names a status.
func (p Page) AttendanceStatus(s campaign.Status) string {
	return p.T("attendance.status." + string(s))
}

type campaignPerson = campaign.Person

func peopleQuery(q campaign.Query, unit int64, status string, page db.Page) campaign.PeopleQuery {
	return campaign.PeopleQuery{Query: q, UnitID: unit, Status: campaign.Status(strings.TrimSpace(status)), Page: page}
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
