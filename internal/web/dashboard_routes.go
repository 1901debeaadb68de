package web

import (
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/edge"
)

// dashboardPath is the enterprise service's dashboard.
const dashboardPath = "/dashboards/enterprise-service"

// dashboardRoutes are the enterprise service's dashboard, its ledgers
// (台账) and the registry's bulk import. Exports are GETs that change
// nothing; only the import posts. Ledgers and imports spend the user's
// budget of their class (the template is small and spends nothing).
func (h *Web) dashboardRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: dashboardPath, Access: s, Handler: h.dashboard},
		{Method: "GET", Pattern: "/ledgers/appeals.xlsx", Access: s, Handler: h.ledgerAppeals, Cost: edge.Export},
		{Method: "GET", Pattern: "/ledgers/appeals.csv", Access: s, Handler: h.ledgerAppeals, Cost: edge.Export},
		{Method: "GET", Pattern: "/ledgers/enterprises.xlsx", Access: s, Handler: h.ledgerEnterprises, Cost: edge.Export},
		{Method: "GET", Pattern: "/ledgers/enterprises.csv", Access: s, Handler: h.ledgerEnterprises, Cost: edge.Export},
		{Method: "GET", Pattern: "/ledgers/visits.xlsx", Access: s, Handler: h.ledgerVisits, Cost: edge.Export},
		{Method: "GET", Pattern: "/ledgers/visits.csv", Access: s, Handler: h.ledgerVisits, Cost: edge.Export},
		{Method: "GET", Pattern: "/enterprises/import", Access: s, Handler: h.importForm},
		{Method: "POST", Pattern: "/enterprises/import", Access: s, Handler: h.importUpload, MaxBody: maxImportBody, Cost: edge.Import},
		{Method: "GET", Pattern: "/enterprises/import/template.xlsx", Access: s, Handler: h.importTemplate},
	}
}

// dashboardRoles see the dashboard and take ledgers, each within its
// scope: those who work on enterprises for the sub-district. The officers
// (三员) see no business data, an expert has no enterprises, and an
// enterprise follows its own appeals in their list; all of them get 404.
var dashboardRoles = []access.Role{access.Leader, access.Office, access.Community, access.Dept, access.Specialist}

func seesDashboard(a access.Actor) bool {
	return slices.Contains(dashboardRoles, a.Role) && a.HasScope()
}

// picksUnit: leaders and the office may narrow the figures to one
// community or department of their scope; the others' scope is one unit
// already.
func picksUnit(a access.Actor) bool { return a.Role == access.Leader || a.Role == access.Office }
