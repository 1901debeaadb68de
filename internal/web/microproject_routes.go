package web

import (
	"fmt"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/microproject"
)

// microprojectRoutes are the livelihood micro-projects' pages (民生微实事):
// the staff's list, form, page with its stage actions, the year's
// settings, the fund usage and the ledger; and the residents' public
// pages under /p/, which need no login and show no personal information.
// Each public form is a costly route: an address gets one budget of
// submissions (edge.PublicForm) for the proposal, objection and rating
// forms together, the latter two posting to the project's own page.
func (h *Web) microprojectRoutes() []edge.Route {
	s, pub := edge.Signed, edge.Public
	return []edge.Route{
		{Method: "GET", Pattern: "/microprojects", Access: s, Handler: h.microprojectList},
		{Method: "GET", Pattern: "/microprojects/new", Access: s, Handler: h.microprojectNew},
		{Method: "POST", Pattern: "/microprojects", Access: s, Handler: h.microprojectCreate},
		{Method: "GET", Pattern: "/microprojects/{id}", Access: s, Handler: h.microprojectDetail},
		{Method: "GET", Pattern: "/microprojects/{id}/edit", Access: s, Handler: h.microprojectEdit},
		{Method: "POST", Pattern: "/microprojects/{id}", Access: s, Handler: h.microprojectUpdate},
		{Method: "POST", Pattern: "/microprojects/{id}/actions", Access: s, Handler: h.microprojectAct},
		{Method: "GET", Pattern: "/microprojects/settings", Access: s, Handler: h.microprojectSettings},
		{Method: "POST", Pattern: "/microprojects/settings", Access: s, Handler: h.microprojectSettingsSave},
		{Method: "GET", Pattern: "/microprojects/funds", Access: s, Handler: h.microprojectFunds},
		{Method: "GET", Pattern: "/ledgers/microprojects.xlsx", Access: s, Handler: h.ledgerMicroprojects, Cost: edge.Export},
		{Method: "GET", Pattern: "/p/microprojects", Access: pub, Handler: h.publicMicroprojectList, Cost: edge.PublicRead},
		{Method: "GET", Pattern: "/p/microprojects/new", Access: pub, Handler: h.publicMicroprojectNew, Cost: edge.PublicRead},
		{Method: "POST", Pattern: "/p/microprojects", Access: pub, Handler: h.publicMicroprojectCreate, Cost: edge.PublicForm},
		{Method: "GET", Pattern: "/p/microprojects/{id}", Access: pub, Handler: h.publicMicroprojectDetail, Cost: edge.PublicRead},
		{Method: "GET", Pattern: "/p/microprojects/receipts/{receipt}", Access: pub, Handler: h.publicMicroprojectStatus, Cost: edge.PublicRead},
		{Method: "POST", Pattern: "/p/microprojects/{id}", Access: pub, Handler: h.publicMicroprojectPost, Cost: edge.PublicForm},
	}
}

// seesMicroprojects: the roles whose scope holds micro-projects, for the
// menu (the service decides again).
func seesMicroprojects(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}

func microprojectPath(id int64) string { return "/microprojects/" + strconv.FormatInt(id, 10) }

// mpDict names the micro-project values on the pages.
type mpDict struct{ Page }

func (d mpDict) Stage(s microproject.Stage) string       { return d.T("mp.stage." + string(s)) }
func (d mpDict) Kind(k microproject.Kind) string         { return d.T("mp.kind." + string(k)) }
func (d mpDict) Category(c microproject.Category) string { return d.T("mp.category." + string(c)) }
func (d mpDict) Source(s microproject.Source) string     { return d.T("mp.source." + string(s)) }
func (d mpDict) Exclusion(e microproject.Exclusion) string {
	return d.T("mp.exclusion." + string(e))
}
func (d mpDict) ActionName(a string) string { return d.T("mp.action." + a) }

// Yuan writes an amount of yuan with thousands separators: 1,234,567.
func (mpDict) Yuan(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	var out []byte
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, c)
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

func (mpDict) Day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Zone).Format(time.DateOnly)
}

// Stars draws a rating as five stars, filled for the rating.
func (mpDict) Stars(n int) string {
	out := ""
	for i := 1; i <= 5; i++ {
		if i <= n {
			out += "★"
		} else {
			out += "☆"
		}
	}
	return out
}

// Mean writes a mean rating with one decimal.
func (mpDict) Mean(v float64) string { return fmt.Sprintf("%.1f", v) }

func (mpDict) Kinds() []microproject.Kind           { return microproject.Kinds }
func (mpDict) Categories() []microproject.Category  { return microproject.Categories }
func (mpDict) Sources() []microproject.Source       { return microproject.Sources }
func (mpDict) Exclusions() []microproject.Exclusion { return microproject.Exclusions }
func (mpDict) StarValues() []int                    { return []int{5, 4, 3, 2, 1} }

// timelineStep is one stage on the detail page's row of stages: reached
// before, or where the project stands.
type timelineStep struct {
	Stage         microproject.Stage
	Done, Current bool
}

// timeline is the stages in order, each marked by the project's events;
// a refused project ends with its refusal.
func timeline(p microproject.Project) []timelineStep {
	reached := map[microproject.Stage]bool{}
	for _, e := range p.Events {
		reached[e.To] = true
	}
	var out []timelineStep
	for _, st := range microproject.Stages {
		if st == microproject.Rejected && p.Stage != st {
			continue
		}
		cur := st == p.Stage
		out = append(out, timelineStep{Stage: st, Done: reached[st] && !cur, Current: cur})
	}
	return out
}
