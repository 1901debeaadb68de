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
// their entries here, under the group of their area.
type navEntry struct {
	key, href string
	show      func(a access.Actor) bool
}

// navGroup is one area of the menu: the work of a mechanism of the seed,
// so that a menu of thirty entries reads as six short lists.
type navGroup struct {
	key     string // its heading; "" for the entries above every group
	entries []navEntry
}

var navGroups = []navGroup{
	{"", []navEntry{
		{"nav.home", "/", func(access.Actor) bool { return true }},
	}},
	{"nav.group.overview", []navEntry{
		{"ov.nav", overviewPath, overview.Sees},
		{"rpt.nav", summaryPath, overview.Sees},
		{"map.nav", mapPath, redmap.Sees},
		{"nav.dashboard", dashboardPath, seesDashboard},
		{"nav.campaign_dash", campaignDashPath, seesCampaignDash},
		{"cm.nav", communityDashPath, community.Sees},
	}},
	{"nav.group.enterprise", []navEntry{
		{"nav.enterprises", "/enterprises", func(a access.Actor) bool { return seesEnterprises(a) }},
		{"nav.visits", "/visits", func(a access.Actor) bool { return seesEnterprises(a) && a.Role != access.Enterprise }},
		{"nav.appeals", "/appeals", seesAppeals},
		{"nav.appeal_categories", "/appeal-categories", keepsCategories},
	}},
	{"nav.group.campaign", []navEntry{
		{"nav.campaigns", "/campaigns", seesCampaigns},
		{"nav.activities", "/activities", seesActivities},
		{"nav.projects", "/projects", seesProjects},
		{"nav.supervisions", "/supervisions", seesSupervision},
		{"nav.proposals", "/proposals", seesProposals},
		{"nav.rules", "/rules", seesRules},
		{"nav.assessment", "/assessment", assessment.Sees},
	}},
	{"nav.group.community", []navEntry{
		{"mp.nav", "/microprojects", seesMicroprojects},
		{"tt.nav.experts", "/experts", thinktank.SeesExperts},
		{"tt.nav.consultations", "/consultations", thinktank.SeesConsultations},
		{"stn.nav", "/stations", seesStations},
		{"vol.nav.volunteers", "/volunteers", seesVolunteers},
		{"vol.nav.teams", "/volunteer-teams", seesVolunteers},
		{"vol.nav.activities", "/volunteer-activities", seesVolunteers},
	}},
	{"nav.group.party", []navEntry{
		{"pty.nav.orgs", partyOrgsPath, party.Sees},
		{"pty.nav.coverage", partyCoveragePath, party.Sees},
		{"pty.nav.positions", partyPositionsPath, party.Sees},
	}},
	{"nav.group.system", []navEntry{
		{"nav.units", "/units", func(a access.Actor) bool { return a.Can(access.ReadUnits) }},
		{"nav.users", "/users", func(a access.Actor) bool { return a.Can(access.ReadUsers) }},
		{"nav.roles", "/roles", func(a access.Actor) bool { return a.Can(access.AssignRoles) || a.Can(access.ManageUsers) }},
		{"nav.calendar", "/calendar", func(a access.Actor) bool { return a.Can(access.ManageHoliday) }},
		{"nav.audit", "/audit", func(a access.Actor) bool { return a.Can(access.ReadAudit) }},
		{"nav.security_policy", "/security", func(a access.Actor) bool { return a.Can(access.ManageSecurity) }},
	}},
	{"nav.group.mine", []navEntry{
		{"nav.reminders", "/reminders", hasReminders},
		{"nav.password", "/account/password", func(access.Actor) bool { return true }},
		{"nav.account_security", "/account/security", func(access.Actor) bool { return true }},
	}},
}

// NavGroup is one area of the side menu as a user sees it: the entries
// they may open, under the area's heading.
type NavGroup struct {
	Key, Label string // the heading's catalog key and words; "" for no heading
	Items      []NavItem
}

// navFor is the menu of an actor on a path in a language: the groups
// with at least one entry the actor may open, the entry of the path marked.
func navFor(a access.Actor, path string, t func(key string) string) []NavGroup {
	var out []NavGroup
	for _, g := range navGroups {
		ng := NavGroup{Key: g.key}
		if g.key != "" {
			ng.Label = t(g.key)
		}
		for _, e := range g.entries {
			if !e.show(a) {
				continue
			}
			active := path == e.href || (e.href != "/" && strings.HasPrefix(path, e.href+"/"))
			ng.Items = append(ng.Items, NavItem{Key: e.key, Label: t(e.key), Href: e.href, Active: active})
		}
		if len(ng.Items) > 0 {
			out = append(out, ng)
		}
	}
	return out
}
