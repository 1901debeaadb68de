// Package web serves the HTML pages: server-rendered, usable without
// JavaScript, every string from the catalog, one small file per action.
package web

import (
	htmltemplate "html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/appeal"
	"pinghu/internal/assessment"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/campaign"
	"pinghu/internal/community"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/i18n"
	"pinghu/internal/microproject"
	"pinghu/internal/org"
	"pinghu/internal/overview"
	"pinghu/internal/party"
	"pinghu/internal/project"
	"pinghu/internal/proposal"
	"pinghu/internal/redmap"
	"pinghu/internal/reminder"
	"pinghu/internal/rule"
	"pinghu/internal/station"
	"pinghu/internal/supervision"
	"pinghu/internal/thinktank"
	"pinghu/internal/volunteer"
)

// DemoAccount is shown on the login page in demo mode only.
type DemoAccount struct {
	Username string
	Role     access.Role
	Unit     string
}

// Web holds what the page handlers need.
type Web struct {
	Accounts      *account.Service
	Units         *org.Service
	Audit         *audit.Log
	Calendar      *calendar.Service
	Enterprises   *enterprise.Service
	Appeals       *appeal.Service
	Assessment    *assessment.Service
	Campaigns     *campaign.Service
	Projects      *project.Service
	Proposals     *proposal.Service
	Rules         *rule.Service
	Microprojects *microproject.Service
	Supervision   *supervision.Service
	Stations      *station.Service
	Map           *redmap.Service
	// MapTileURL is the red map's background tiles, {z}/{x}/{y}; empty:
	// none, and the map needs no network.
	MapTileURL    string
	Volunteers    *volunteer.Service
	Reminders     *reminder.Service
	Feeds         *reminder.Feeds
	ThinkTank     *thinktank.Service
	Community     *community.Service
	Overview      *overview.Service
	Party         *party.Service
	Cat           *i18n.Catalog
	Now           func() time.Time
	SecureCookies bool
	Demo          bool
	DemoAccounts  []DemoAccount
	DemoPassword  string
	tmpl          map[string]*htmltemplate.Template
}

// New parses the templates once.
func New(w Web) (*Web, error) {
	t, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	w.tmpl = t
	return &w, nil
}

// Routes is the route table of the pages: the foundation's and each
// module's, each module keeping its part in a file of its own.
func (h *Web) Routes() []edge.Route {
	var out []edge.Route
	for _, part := range routeParts {
		out = append(out, part(h)...)
	}
	return out
}

// routeParts lists the parts of the route table; a module adds its own.
var routeParts = []func(*Web) []edge.Route{
	(*Web).foundationRoutes,
	(*Web).calendarRoutes,
	(*Web).enterpriseRoutes,
	(*Web).dashboardRoutes,
	(*Web).campaignDashRoutes,
	(*Web).appealRoutes,
	(*Web).campaignRoutes,
	(*Web).projectRoutes,
	(*Web).proposalRoutes,
	(*Web).ruleRoutes,
	(*Web).supervisionRoutes,
	(*Web).securityRoutes,
	(*Web).assessmentRoutes,
	(*Web).thinktankRoutes,
	(*Web).stationRoutes,
	(*Web).mapRoutes,
	(*Web).communityDashRoutes,
	(*Web).volunteerRoutes,
	(*Web).microprojectRoutes,
	(*Web).overviewRoutes,
	(*Web).partyRoutes,
}

// foundationRoutes are the shell, accounts, the organisation and the audit log.
func (h *Web) foundationRoutes() []edge.Route {
	pub, signed := edge.Public, edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/static/", Access: pub, Handler: h.static},
		{Method: "GET", Pattern: "/login", Access: pub, Handler: h.loginForm},
		{Method: "POST", Pattern: "/login", Access: pub, Handler: h.login},
		{Method: "POST", Pattern: "/logout", Access: signed, Handler: h.logout},
		{Method: "POST", Pattern: "/lang", Access: pub, Handler: h.setLang},
		{Method: "GET", Pattern: "/{$}", Access: signed, Handler: h.home},
		{Method: "GET", Pattern: "/account/password", Access: signed, Handler: h.passwordForm},
		{Method: "POST", Pattern: "/account/password", Access: signed, Handler: h.changePassword},
		{Method: "GET", Pattern: "/units", Access: signed, Handler: h.unitList},
		{Method: "GET", Pattern: "/units/new", Access: signed, Handler: h.unitNew},
		{Method: "POST", Pattern: "/units", Access: signed, Handler: h.unitCreate},
		{Method: "GET", Pattern: "/units/{id}", Access: signed, Handler: h.unitEdit},
		{Method: "POST", Pattern: "/units/{id}", Access: signed, Handler: h.unitUpdate},
		{Method: "GET", Pattern: "/users", Access: signed, Handler: h.userList},
		{Method: "GET", Pattern: "/users/new", Access: signed, Handler: h.userNew},
		{Method: "POST", Pattern: "/users", Access: signed, Handler: h.userCreate},
		{Method: "GET", Pattern: "/users/{id}", Access: signed, Handler: h.userEdit},
		{Method: "POST", Pattern: "/users/{id}", Access: signed, Handler: h.userUpdate},
		{Method: "POST", Pattern: "/users/{id}/unlock", Access: signed, Handler: h.userUnlock},
		{Method: "POST", Pattern: "/users/{id}/reveal", Access: signed, Handler: h.userReveal},
		{Method: "GET", Pattern: "/roles", Access: signed, Handler: h.roles},
		{Method: "GET", Pattern: "/audit", Access: signed, Handler: h.auditList},
	}
}

// pathID reads a positive id from the path; anything else is not found.
func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

// localPath accepts only a path on this site as a redirect target, so a
// crafted link cannot send a user elsewhere after login. Browsers drop
// tabs and line breaks from a URL and read a backslash as a slash, so
// "/\t/evil.example" and "/a/../\\evil.example" would leave the site:
// a target with a control character or a backslash anywhere is refused.
func localPath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsFunc(p, unsafeInURL) {
		return "/"
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return "/"
	}
	return p
}

// unsafeInURL is a character a browser drops or rewrites in a URL.
func unsafeInURL(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }
