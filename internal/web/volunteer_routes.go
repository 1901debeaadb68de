package web

import (
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/volunteer"
)

// volunteerRoutes are the joint volunteer services' pages (党建共融):
// volunteers with their certificates of hours, joint teams, activities
// with sign-ups, attendance and hours, and the ledger of hours.
func (h *Web) volunteerRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/volunteers", Access: s, Handler: h.volunteerList},
		{Method: "GET", Pattern: "/volunteers/new", Access: s, Handler: h.volunteerNew},
		{Method: "POST", Pattern: "/volunteers", Access: s, Handler: h.volunteerCreate},
		{Method: "GET", Pattern: "/volunteers/{id}", Access: s, Handler: h.volunteerDetail},
		{Method: "GET", Pattern: "/volunteers/{id}/edit", Access: s, Handler: h.volunteerEdit},
		{Method: "POST", Pattern: "/volunteers/{id}", Access: s, Handler: h.volunteerUpdate},
		{Method: "POST", Pattern: "/volunteers/{id}/reveal", Access: s, Handler: h.volunteerReveal},
		{Method: "GET", Pattern: "/volunteers/{id}/certificate", Access: s, Handler: h.volunteerCertificate},
		{Method: "GET", Pattern: "/volunteer-teams", Access: s, Handler: h.volunteerTeamList},
		{Method: "GET", Pattern: "/volunteer-teams/new", Access: s, Handler: h.volunteerTeamNew},
		{Method: "POST", Pattern: "/volunteer-teams", Access: s, Handler: h.volunteerTeamCreate},
		{Method: "GET", Pattern: "/volunteer-teams/{id}", Access: s, Handler: h.volunteerTeamDetail},
		{Method: "GET", Pattern: "/volunteer-teams/{id}/edit", Access: s, Handler: h.volunteerTeamEdit},
		{Method: "POST", Pattern: "/volunteer-teams/{id}", Access: s, Handler: h.volunteerTeamUpdate},
		{Method: "GET", Pattern: "/volunteer-activities", Access: s, Handler: h.volunteerActivityList},
		{Method: "GET", Pattern: "/volunteer-activities/new", Access: s, Handler: h.volunteerActivityNew},
		{Method: "POST", Pattern: "/volunteer-activities", Access: s, Handler: h.volunteerActivityCreate},
		{Method: "GET", Pattern: "/volunteer-activities/{id}", Access: s, Handler: h.volunteerActivityDetail},
		{Method: "GET", Pattern: "/volunteer-activities/{id}/edit", Access: s, Handler: h.volunteerActivityEdit},
		{Method: "POST", Pattern: "/volunteer-activities/{id}", Access: s, Handler: h.volunteerActivityUpdate},
		{Method: "POST", Pattern: "/volunteer-activities/{id}/signups", Access: s, Handler: h.volunteerSignUp},
		{Method: "POST", Pattern: "/volunteer-activities/{id}/attendance", Access: s, Handler: h.volunteerAttend},
		{Method: "POST", Pattern: "/volunteer-activities/{id}/hours", Access: s, Handler: h.volunteerReport},
		{Method: "POST", Pattern: "/volunteer-activities/{id}/hours/{hid}/actions", Access: s, Handler: h.volunteerDecide},
		{Method: "GET", Pattern: "/ledgers/volunteer-hours.xlsx", Access: s, Handler: h.ledgerVolunteerHours, Cost: edge.Export},
	}
}

// seesVolunteers: the roles that keep volunteers, for the menu. A
// volunteer linked to an account of another role reaches their own
// records by link.
func seesVolunteers(a access.Actor) bool { return volunteer.MayCreate(a) }

func volunteerPath(id int64) string     { return "/volunteers/" + strconv.FormatInt(id, 10) }
func volunteerTeamPath(id int64) string { return "/volunteer-teams/" + strconv.FormatInt(id, 10) }
func volunteerActivityPath(id int64) string {
	return "/volunteer-activities/" + strconv.FormatInt(id, 10)
}

// volunteerDict names the volunteer values on the pages.
type volunteerDict struct{ Page }

func (d volunteerDict) KindName(k volunteer.Kind) string { return d.T("vol.kind." + string(k)) }
func (d volunteerDict) OrgKindName(k volunteer.OrgKind) string {
	return d.T("vol.org_kind." + string(k))
}
func (d volunteerDict) StatusName(s volunteer.Status) string { return d.T("vol.status." + string(s)) }

// Hours writes hours with at most two decimals.
func (volunteerDict) Hours(h float64) string {
	return strconv.FormatFloat(float64(int64(h*100+0.5))/100, 'f', -1, 64)
}

// Clock shows the time of day of t in China Standard Time, "" when zero.
func (volunteerDict) Clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Zone).Format("15:04")
}
