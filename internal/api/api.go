// Package api is the JSON API under /api/v1 and its OpenAPI document.
//
// Handlers only translate between HTTP and the services: they decode the
// body, parse the query, call one service method and encode its answer.
// Scope and permissions are the services' business (an out-of-scope or
// forbidden object comes back as not_found), and no SQL lives here.
package api

import (
	"net/http"
	"time"

	"pinghu/internal/account"
	"pinghu/internal/appeal"
	"pinghu/internal/assessment"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/campaign"
	"pinghu/internal/community"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
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

// Prefix is where the API lives; the OpenAPI document's server URL.
const Prefix = "/api/v1"

// API holds the services the handlers call.
type API struct {
	Accounts *account.Service
	Units    *org.Service
	Audit    *audit.Log
	Calendar *calendar.Service
	// Enterprises is the enterprise service: registry, 四个一, visits.
	Enterprises *enterprise.Service
	// Appeals is the appeal service: appeals, their figures as of any date.
	Appeals *appeal.Service
	// Assessment is the cadre assessment reference.
	Assessment *assessment.Service
	// Cat translates the ledgers' headers.
	Cat *i18n.Catalog
	// Campaigns is the campaign service: phases, activities, attendance.
	Campaigns *campaign.Service
	// Projects is the project service: key and branch-led projects.
	Projects *project.Service
	// Proposals and Rules are the proposals (金点子) and the rules library (制度).
	Proposals *proposal.Service
	Rules     *rule.Service
	// Microprojects is the livelihood micro-projects (民生微实事).
	Microprojects *microproject.Service
	// Supervision is the supervision notices (督办) and their figures.
	Supervision *supervision.Service
	// Stations are the service stations (驿站).
	Stations *station.Service
	// Map is the red map (红色版图).
	Map *redmap.Service
	// Volunteers is the joint volunteer services (党建共融).
	Volunteers *volunteer.Service
	// Community puts the community governance figures side by side.
	Community *community.Service
	// Overview puts every module's figures side by side; the summary
	// report is written from them.
	Overview *overview.Service
	// Party is the party organisations, their coverage and the positions.
	Party *party.Service
	// Reminders gathers each user's due items; Feeds keeps the tokens of
	// their calendar feeds.
	Reminders *reminder.Service
	Feeds     *reminder.Feeds
	// ThinkTank is the community expert think tank: experts, consultations.
	ThinkTank *thinktank.Service
	// Now is the injected clock. The handlers need no time of their own
	// today (the services stamp their records), but the API gets the same
	// clock as everything else so that nothing here is ever tempted to
	// call time.Now.
	Now func() time.Time
}

// Routes is the API's part of the route table: the foundation's and each
// module's part. Every route answers JSON, so an unsigned request to a
// signed route gets 401, not a redirect.
func (a *API) Routes() []edge.Route {
	var out []edge.Route
	for _, part := range routeParts {
		out = append(out, part(a)...)
	}
	return out
}

// routeParts lists the parts of the API's route table; a module adds its own.
var routeParts = []func(*API) []edge.Route{
	(*API).foundationRoutes,
	(*API).calendarRoutes,
	(*API).enterpriseRoutes,
	(*API).statsRoutes,
	(*API).appealRoutes,
	(*API).campaignRoutes,
	(*API).projectRoutes,
	(*API).proposalRoutes,
	(*API).supervisionRoutes,
	(*API).sessionRoutes,
	(*API).assessmentRoutes,
	(*API).thinktankRoutes,
	(*API).stationRoutes,
	(*API).mapRoutes,
	(*API).communityRoutes,
	(*API).volunteerRoutes,
	(*API).microprojectRoutes,
	(*API).overviewRoutes,
	(*API).partyRoutes,
}

// rt makes an API route whose answers are never cached.
func rt(method, path string, access edge.Access, h http.HandlerFunc) edge.Route {
	return edge.Route{Method: method, Pattern: Prefix + path, Access: access, API: true, Handler: noStore(h)}
}

func (a *API) foundationRoutes() []edge.Route {
	return []edge.Route{
		rt(http.MethodPost, "/login", edge.Public, a.login),
		rt(http.MethodPost, "/logout", edge.Signed, a.logout),
		rt(http.MethodGet, "/me", edge.Signed, a.me),

		rt(http.MethodGet, "/units", edge.Signed, a.listUnits),
		rt(http.MethodPost, "/units", edge.Signed, a.createUnit),
		rt(http.MethodGet, "/units/{id}", edge.Signed, a.getUnit),
		rt(http.MethodPatch, "/units/{id}", edge.Signed, a.updateUnit),

		rt(http.MethodGet, "/users", edge.Signed, a.listUsers),
		rt(http.MethodPost, "/users", edge.Signed, a.createUser),
		rt(http.MethodGet, "/users/{id}", edge.Signed, a.getUser),
		rt(http.MethodPatch, "/users/{id}", edge.Signed, a.updateUser),
		rt(http.MethodPost, "/users/{id}/reveal", edge.Signed, a.revealUserPhone),

		rt(http.MethodGet, "/audit", edge.Signed, a.listAudit),

		// The document describes the API, not anybody's data, so it may be
		// cached; it bypasses noStore.
		{Method: http.MethodGet, Pattern: Prefix + "/openapi.json", Access: edge.Public, API: true, Handler: openAPI},
	}
}

// noStore keeps API answers out of every cache: they carry tokens and
// personal data, and a shared proxy or the browser must not keep them.
func noStore(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		h(w, r)
	}
}

// pathID reads the {id} of the path. Anything but a positive decimal
// integer cannot name a record, so it is "not found" like any other
// missing record rather than a validation error that would tell a caller
// more than a wrong number does.
func pathID(r *http.Request) (int64, error) { return pathParam(r, "id") }

// pathParam reads a positive id from the named part of the path, as
// pathID does.
func pathParam(r *http.Request, name string) (int64, error) {
	s := r.PathValue(name)
	if s == "" || len(s) > 18 {
		return 0, errs.E(errs.NotFound)
	}
	var id int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, errs.E(errs.NotFound)
		}
		id = id*10 + int64(c-'0')
	}
	if id <= 0 {
		return 0, errs.E(errs.NotFound)
	}
	return id, nil
}
