package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/thinktank"
)

// thinktankRoutes are the community expert think tank's pages (社区专家
// 智库): the register of experts with its form and the reveal of a
// mobile, the consultations with their form, page and actions, and the
// ledger of consultations.
func (h *Web) thinktankRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/experts", Access: s, Handler: h.expertList},
		{Method: "GET", Pattern: "/experts/new", Access: s, Handler: h.expertNew},
		{Method: "POST", Pattern: "/experts", Access: s, Handler: h.expertCreate},
		{Method: "GET", Pattern: "/experts/{id}", Access: s, Handler: h.expertDetail},
		{Method: "GET", Pattern: "/experts/{id}/edit", Access: s, Handler: h.expertEdit},
		{Method: "POST", Pattern: "/experts/{id}", Access: s, Handler: h.expertUpdate},
		{Method: "POST", Pattern: "/experts/{id}/mobile", Access: s, Handler: h.expertReveal},
		{Method: "GET", Pattern: "/consultations", Access: s, Handler: h.consultationList},
		{Method: "GET", Pattern: "/consultations/new", Access: s, Handler: h.consultationNew},
		{Method: "POST", Pattern: "/consultations", Access: s, Handler: h.consultationCreate},
		{Method: "GET", Pattern: "/consultations/{id}", Access: s, Handler: h.consultationDetail},
		{Method: "POST", Pattern: "/consultations/{id}/actions", Access: s, Handler: h.consultationAct, MaxBody: maxAnswerForm},
		{Method: "GET", Pattern: "/ledgers/consultations.xlsx", Access: s, Handler: h.ledgerConsultations, Cost: edge.Export},
	}
}

func expertPath(id int64) string       { return "/experts/" + strconv.FormatInt(id, 10) }
func consultationPath(id int64) string { return "/consultations/" + strconv.FormatInt(id, 10) }

// ttDict names the think tank's values on the pages.
type ttDict struct{ Page }

func (d ttDict) FieldName(f thinktank.Field) string     { return d.T("tt.fieldname." + string(f)) }
func (d ttDict) StateName(s thinktank.State) string     { return d.T("tt.state." + string(s)) }
func (d ttDict) UrgencyName(u thinktank.Urgency) string { return d.T("tt.urgency." + string(u)) }
func (d ttDict) KindName(k thinktank.RequesterKind) string {
	return d.T("tt.kind." + string(k))
}
func (d ttDict) ActionName(a thinktank.Action) string { return d.T("tt.action." + string(a)) }

// Hours shows a response time in hours, to a tenth.
func (d ttDict) Hours(h float64) string { return strconv.FormatFloat(h, 'f', 1, 64) }

// DayOf shows the day of an instant in China Standard Time.
func (d ttDict) DayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(i18n.Zone).Format(time.DateOnly)
}

func (ttDict) Fields() []thinktank.Field        { return thinktank.Fields }
func (ttDict) States() []thinktank.State        { return thinktank.States }
func (ttDict) Urgencies() []thinktank.Urgency   { return thinktank.Urgencies }
func (ttDict) Ratings() []int                   { return []int{5, 4, 3, 2, 1} }
func (ttDict) Kinds() []thinktank.RequesterKind { return thinktank.RequesterKinds }

// consultationPageFilter reads the consultations list's filter from the
// URL, the page's and the ledger's alike.
func consultationPageFilter(q url.Values, bad errs.Fields) thinktank.Filter {
	return thinktank.Filter{Query: strings.TrimSpace(q.Get("q")), UnitID: queryID(q, "unit_id"), ExpertID: queryID(q, "expert_id"),
		Field: thinktank.Field(strings.TrimSpace(q.Get("field"))), State: thinktank.State(strings.TrimSpace(q.Get("status"))),
		Urgency: thinktank.Urgency(strings.TrimSpace(q.Get("urgency"))), Answered: q.Get("answered") == "true",
		From: pageDay(q, "from", false, bad), To: pageDay(q, "to", true, bad), Sort: strings.TrimSpace(q.Get("sort"))}
}
