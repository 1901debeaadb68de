package web

import (
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/assessment"
	"pinghu/internal/community"
	"pinghu/internal/overview"
	"pinghu/internal/party"
	"pinghu/internal/redmap"
	"pinghu/internal/thinktank"
)

// navEntry is one possible side-menu entry and who sees it. Modules add
// their entries here.
type navEntry struct {
	key, href string
	show      func(a access.Actor) bool
}

var navEntries = []navEntry{
	{"nav.home", "/", func(access.Actor) bool { return true }},
	{"nav.units", "/units", func(a access.Actor) bool { return a.Can(access.ReadUnits) }},
	{"nav.users", "/users", func(a access.Actor) bool { return a.Can(access.ReadUsers) }},
	{"nav.roles", "/roles", func(a access.Actor) bool { return a.Can(access.AssignRoles) || a.Can(access.ManageUsers) }},
	{"nav.enterprises", "/enterprises", func(a access.Actor) bool { return seesEnterprises(a) }},
	{"nav.visits", "/visits", func(a access.Actor) bool { return seesEnterprises(a) && a.Role != access.Enterprise }},
	{"nav.appeals", "/appeals", seesAppeals},
	{"nav.campaigns", "/campaigns", seesCampaigns},
	{"nav.activities", "/activities", seesActivities},
	{"ov.nav", overviewPath, overview.Sees},
	{"rpt.nav", summaryPath, overview.Sees},
	{"nav.dashboard", dashboardPath, seesDashboard},
	{"nav.campaign_dash", campaignDashPath, seesCampaignDash},
	{"nav.projects", "/projects", seesProjects},
	{"nav.supervisions", "/supervisions", seesSupervision},
	{"nav.proposals", "/proposals", seesProposals},
	{"nav.rules", "/rules", seesRules},
	{"cm.nav", communityDashPath, community.Sees},
	{"mp.nav", "/microprojects", seesMicroprojects},
	{"tt.nav.experts", "/experts", thinktank.SeesExperts},
	{"tt.nav.consultations", "/consultations", thinktank.SeesConsultations},
	{"stn.nav", "/stations", seesStations},
	{"pty.nav.orgs", partyOrgsPath, party.Sees},
	{"pty.nav.coverage", partyCoveragePath, party.Sees},
	{"pty.nav.positions", partyPositionsPath, party.Sees},
	{"map.nav", mapPath, redmap.Sees},
	{"vol.nav.volunteers", "/volunteers", seesVolunteers},
	{"vol.nav.teams", "/volunteer-teams", seesVolunteers},
	{"vol.nav.activities", "/volunteer-activities", seesVolunteers},
	{"nav.assessment", "/assessment", assessment.Sees},
	{"nav.reminders", "/reminders", hasReminders},
	{"nav.appeal_categories", "/appeal-categories", keepsCategories},
	{"nav.calendar", "/calendar", func(a access.Actor) bool { return a.Can(access.ManageHoliday) }},
	{"nav.audit", "/audit", func(a access.Actor) bool { return a.Can(access.ReadAudit) }},
	{"nav.security_policy", "/security", func(a access.Actor) bool { return a.Can(access.ManageSecurity) }},
	{"nav.password", "/account/password", func(access.Actor) bool { return true }},
	{"nav.account_security", "/account/security", func(access.Actor) bool { return true }},
}

func navFor(a access.Actor, path string) []NavItem {
	var out []NavItem
	for _, e := range navEntries {
		if !e.show(a) {
			continue
		}
		active := path == e.href || (e.href != "/" && strings.HasPrefix(path, e.href+"/"))
		out = append(out, NavItem{Key: e.key, Href: e.href, Active: active})
	}
	return out
}
