package web

import (
	"pinghu/internal/edge"
)

// overviewPath is the overview (街道总览); summaryPath the summary
// report's form, and summaryDocPath the report itself in a format.
const (
	overviewPath   = "/overview"
	summaryPath    = "/reports/summary"
	summaryDocPath = "/reports/summary/document"
)

// overviewRoutes are the overview and the summary report. The report
// reads every module and, as .xlsx, the records behind the figures: it
// spends the export budget.
func (h *Web) overviewRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: overviewPath, Access: s, Handler: h.overviewPage},
		{Method: "GET", Pattern: summaryPath, Access: s, Handler: h.summaryForm},
		{Method: "GET", Pattern: summaryDocPath, Access: s, Handler: h.summaryDocument, Cost: edge.Export},
	}
}
