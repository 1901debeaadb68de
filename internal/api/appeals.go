package api

import (
	"net/http"
	"slices"
	"strconv"

	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/enterprise"
)

// appealRoutes are the appeals (诉求): the category dictionary, the list
// (and the list behind any figure of the enterprise-service statistics),
// one appeal with its history, raising one, and acting on one.
func (a *API) appealRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/appeal-categories", s, a.listAppealCategories),
		rt(http.MethodPatch, "/appeal-categories/{code}", s, a.updateAppealCategory),
		rt(http.MethodGet, "/appeals", s, a.listAppeals),
		rt(http.MethodPost, "/appeals", s, a.createAppeal),
		rt(http.MethodGet, "/appeals/{id}", s, a.getAppeal),
		rt(http.MethodPost, "/appeals/{id}/actions", s, a.actOnAppeal),
	}
}

// categoryList is the dictionary as GET answers it: an object, so that it
// can grow fields without breaking clients.
type categoryList struct {
	Items []appeal.Category `json:"items"`
}

// listAppealCategories answers the whole dictionary, inactive entries
// included (old appeals name them). It is not business data: every form
// that raises an appeal needs it.
func (a *API) listAppealCategories(w http.ResponseWriter, r *http.Request) {
	cats, err := a.Appeals.Categories(r.Context())
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, categoryList{Items: cats})
}

// updateAppealCategory changes the fields present in the body; leaders
// and the office keep the dictionary, anyone else gets 404.
func (a *API) updateAppealCategory(w http.ResponseWriter, r *http.Request) {
	var in appeal.CategoryInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	c, err := a.Appeals.UpdateCategory(r.Context(), edge.Actor(r), r.PathValue("code"), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, c)
}

// The parameters' accepted values, checked here so that one answer names
// every bad parameter; the service checks them again.
func validAppealState(s string) bool   { return s == "open" || appeal.State(s).Valid() }
func validAppealChannel(s string) bool { return appeal.Channel(s).Valid() }
func validAppealSort(s string) bool    { return slices.Contains(appeal.SortKeys, s) }
func validBreakdown(s string) bool {
	return slices.Contains([]string{appeal.ByCommunity, appeal.ByDepartment, appeal.ByCategory, appeal.ByWeek}, s)
}

// appealFilter reads the list's parameters. With figure, the list is the
// appeals behind that figure of GET /stats/enterprise-service with the
// same from, to, as_of and unit_id (and, with by and key, of one row of
// its breakdown): appeal.DrillFilter, one rule for the dashboard, the
// pages and the API. The other filters narrow either list.
func appealFilter(p *params) (appeal.Filter, error) {
	sq := statsQuery(p)
	f := appeal.Filter{From: sq.From, To: sq.To, AsOf: sq.AsOf, UnitID: sq.UnitID,
		Query: p.text("q"), Category: p.text("category"),
		Channel:      appeal.Channel(p.oneOf("channel", "err.appeal_channel", validAppealChannel)),
		EnterpriseID: p.id("enterprise_id"), CommunityID: p.id("community_id"), DepartmentID: p.id("department_id"),
		Supervised: p.bool("supervised"), Sort: p.oneOf("sort", "err.appeal_sort", validAppealSort), Page: p.page()}
	switch s := p.oneOf("state", "err.appeal_state", validAppealState); s {
	case "":
	case "open":
		f.States = []appeal.State{appeal.Submitted, appeal.Accepted, appeal.InProgress}
	default:
		f.State = appeal.State(s)
	}
	for _, flag := range []struct {
		name string
		dst  *bool
	}{{"overdue", &f.Overdue}, {"due_soon", &f.DueSoon}, {"unassigned", &f.Unassigned}} {
		if b := p.bool(flag.name); b != nil {
			*flag.dst = *b
		}
	}
	figure, by, key := p.raw("figure"), p.oneOf("by", "err.appeal_breakdown", validBreakdown), p.raw("key")
	if figure == "" && (by != "" || key != "") {
		p.f.Add("figure", "err.required")
	}
	if err := p.err(); err != nil {
		return f, err
	}
	if figure == "" {
		return f, nil
	}
	return appeal.DrillFilter(f, figure, by, key)
}

// listAppeals is one page of the appeals in the caller's scope.
func (a *API) listAppeals(w http.ResponseWriter, r *http.Request) {
	f, err := appealFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Appeals.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}

// appealDetail is one appeal as GET answers it: the appeal with its
// history, its attachments, and the actions the caller may take now.
type appealDetail struct {
	appeal.Appeal
	Events         []appeal.Event          `json:"events"`
	Attachments    []enterprise.Attachment `json:"attachments"`
	AllowedActions []appeal.Action         `json:"allowed_actions"`
}

// appealDetail reads what GET answers for an appeal the caller may see.
func (a *API) appealDetail(r *http.Request, id int64) (appealDetail, error) {
	ctx, actor := r.Context(), edge.Actor(r)
	var d appealDetail
	var err error
	if d.Appeal, err = a.Appeals.Get(ctx, actor, id); err != nil {
		return d, err
	}
	if d.Events, err = a.Appeals.Events(ctx, actor, id); err != nil {
		return d, err
	}
	atts, err := enterprise.AttachmentsOf(ctx, a.Appeals.DB.R, enterprise.OwnerAppeal, []int64{id})
	if err != nil {
		return d, err
	}
	d.Attachments = atts[id]
	if d.Attachments == nil {
		d.Attachments = []enterprise.Attachment{}
	}
	d.AllowedActions = appeal.AllowedActions(d.State, actor.Role)
	return d, nil
}

// writeAppeal answers an appeal just changed with its detail. The change
// is committed, so when the caller can no longer see it (a department
// that transferred it away) the answer is the appeal as the change left
// it, without history and with nothing more to do.
func (a *API) writeAppeal(w http.ResponseWriter, r *http.Request, status int, p appeal.Appeal) {
	d, err := a.appealDetail(r, p.ID)
	if err != nil {
		d = appealDetail{Appeal: p, Events: []appeal.Event{}, Attachments: []enterprise.Attachment{}, AllowedActions: []appeal.Action{}}
	}
	edge.WriteJSON(w, status, d)
}

// createAppeal raises an appeal: an enterprise for itself (channel
// online), its specialist, its community, leaders and the office for
// enterprises in their scope.
func (a *API) createAppeal(w http.ResponseWriter, r *http.Request) {
	var in appeal.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Appeals.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/appeals/"+strconv.FormatInt(p.ID, 10))
	a.writeAppeal(w, r, http.StatusCreated, p)
}

func (a *API) getAppeal(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	d, err := a.appealDetail(r, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, d)
}

// actOnAppeal applies one action. An action the appeal's current state
// does not allow the caller is 409, and the error's allowed array lists
// what the caller may do instead.
func (a *API) actOnAppeal(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in appeal.ActionInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Appeals.Act(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeAppeal(w, r, http.StatusOK, p)
}
