package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
	"pinghu/internal/reminder"
	"pinghu/internal/supervision"
)

// supervisionRoutes are the supervision notices (督办): the list (and the
// list behind any figure), issuing one, one notice with its history, and
// the receiver's reply, the issuer's close and return; the figures; the
// caller's reminders; and the calendar feed, reached by its token alone.
func (a *API) supervisionRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/supervisions", s, a.listSupervisions),
		rt(http.MethodPost, "/supervisions", s, a.issueSupervision),
		rt(http.MethodGet, "/supervisions/{id}", s, a.getSupervision),
		rt(http.MethodPost, "/supervisions/{id}/reply", s, a.replySupervision),
		rt(http.MethodPost, "/supervisions/{id}/close", s, a.closeSupervision),
		rt(http.MethodPost, "/supervisions/{id}/return", s, a.returnSupervision),
		rt(http.MethodGet, "/stats/supervision", s, a.supervisionStats),
		rt(http.MethodGet, "/reminders", s, a.listReminders),
		// The feed: calendar apps cannot sign in, so the token in the
		// address is the only credential. ServeMux wildcards take whole
		// segments, so the handler takes the ".ics" off itself.
		rt(http.MethodGet, "/calendar/{file}", edge.Public, a.calendarFeed),
	}
}

func validSupervisionState(s string) bool  { return supervision.State(s).Valid() }
func validSupervisionKind(s string) bool   { return supervision.Kind(s).Valid() }
func validSupervisionFigure(s string) bool { return supervision.Figure(s).Valid() }

// supervisionFilter reads the list's parameters; figure with as_of is the
// list behind that figure of GET /stats/supervision.
func supervisionFilter(p *params) (supervision.Filter, error) {
	f := supervision.Filter{
		State:      supervision.State(p.oneOf("state", "err.supervision_state", validSupervisionState)),
		TargetKind: supervision.Kind(p.oneOf("target_kind", "err.supervision_kind", validSupervisionKind)),
		TargetID:   p.id("target_id"), UnitID: p.id("unit_id"),
		Figure:   supervision.Figure(p.oneOf("figure", "err.supervision_figure", validSupervisionFigure)),
		MinLevel: supervision.Level(p.int("level", 0)), Page: p.page()}
	if d := p.day("as_of"); !d.IsZero() {
		f.AsOf = d.Format(time.DateOnly)
	}
	return f, p.err()
}

func (a *API) listSupervisions(w http.ResponseWriter, r *http.Request) {
	f, err := supervisionFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	list, err := a.Supervision.List(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, list)
}

// supervisionDetail is one notice with its history and the actions the
// caller may take now.
type supervisionDetail struct {
	supervision.Notice
	Events         []supervision.Event  `json:"events"`
	AllowedActions []supervision.Action `json:"allowed_actions"`
}

func (a *API) writeSupervision(w http.ResponseWriter, r *http.Request, status int, n supervision.Notice) {
	d := supervisionDetail{Notice: n, Events: []supervision.Event{}, AllowedActions: []supervision.Action{}}
	actor := edge.Actor(r)
	if evs, err := a.Supervision.Events(r.Context(), actor, n.ID); err == nil {
		d.Events = evs
	}
	if acts := supervision.Allowed(n, actor.Role); acts != nil {
		d.AllowedActions = acts
	}
	edge.WriteJSON(w, status, d)
}

// issueSupervision sends a notice: leaders and the office only. A notice
// without a deadline is refused, naming the field.
func (a *API) issueSupervision(w http.ResponseWriter, r *http.Request) {
	var in supervision.Input
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	n, err := a.Supervision.Issue(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/supervisions/"+strconv.FormatInt(n.ID, 10))
	a.writeSupervision(w, r, http.StatusCreated, n)
}

func (a *API) getSupervision(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	n, err := a.Supervision.Get(r.Context(), edge.Actor(r), id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeSupervision(w, r, http.StatusOK, n)
}

// supervisionText is the body of the actions: the reply, or a note.
type supervisionText struct {
	Reply string `json:"reply"`
	Note  string `json:"note"`
}

// actOnSupervision reads the body and applies one action.
func (a *API) actOnSupervision(w http.ResponseWriter, r *http.Request, act func(id int64, in supervisionText) (supervision.Notice, error)) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in supervisionText
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	n, err := act(id, in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writeSupervision(w, r, http.StatusOK, n)
}

func (a *API) replySupervision(w http.ResponseWriter, r *http.Request) {
	a.actOnSupervision(w, r, func(id int64, in supervisionText) (supervision.Notice, error) {
		if in.Note != "" {
			return supervision.Notice{}, errs.InvalidField("note", "err.field_not_permitted")
		}
		return a.Supervision.Reply(r.Context(), edge.Actor(r), id, in.Reply)
	})
}

func (a *API) closeSupervision(w http.ResponseWriter, r *http.Request) {
	a.actOnSupervision(w, r, func(id int64, in supervisionText) (supervision.Notice, error) {
		if in.Reply != "" {
			return supervision.Notice{}, errs.InvalidField("reply", "err.field_not_permitted")
		}
		return a.Supervision.Close(r.Context(), edge.Actor(r), id, in.Note)
	})
}

func (a *API) returnSupervision(w http.ResponseWriter, r *http.Request) {
	a.actOnSupervision(w, r, func(id int64, in supervisionText) (supervision.Notice, error) {
		if in.Reply != "" {
			return supervision.Notice{}, errs.InvalidField("reply", "err.field_not_permitted")
		}
		return a.Supervision.Return(r.Context(), edge.Actor(r), id, in.Note)
	})
}

// supervisionStats answers the figures as of a date by receiver unit;
// each count is listed by GET /supervisions?figure=…&as_of=….
func (a *API) supervisionStats(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	var asOf string
	if d := p.day("as_of"); !d.IsZero() {
		asOf = d.Format(time.DateOnly)
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	st, err := a.Supervision.Stats(r.Context(), edge.Actor(r), asOf)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, st)
}

// reminderItem is an item as the API answers it: the due date as a date.
type reminderItem struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	Due   string `json:"due"`
	Path  string `json:"path"`
}

type reminderLists struct {
	Today   string         `json:"today"`
	Overdue []reminderItem `json:"overdue"`
	DueSoon []reminderItem `json:"due_soon"`
}

func reminderItems(items []reminder.Item) []reminderItem {
	out := []reminderItem{}
	for _, it := range items {
		out = append(out, reminderItem{Kind: it.Kind, Title: it.Title, Due: it.Due.In(i18n.Zone).Format(time.DateOnly), Path: it.Path})
	}
	return out
}

// listReminders answers the caller's overdue and due-soon items.
func (a *API) listReminders(w http.ResponseWriter, r *http.Request) {
	l, err := a.Reminders.Lists(r.Context(), edge.Actor(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, reminderLists{Today: l.Today, Overdue: reminderItems(l.Overdue), DueSoon: reminderItems(l.DueSoon)})
}

// FeedReach is how far ahead the calendar feed looks; behind, it has
// every item not yet done.
const FeedReach = 366 * 24 * time.Hour

// calendarFeed answers GET /calendar/{token}.ics: the token owner's
// reminders as iCalendar VTODOs, in their current scope. An unknown or
// revoked token, a disabled owner, or a name without ".ics" is 404.
func (a *API) calendarFeed(w http.ResponseWriter, r *http.Request) {
	token, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	owner, err := a.Feeds.Owner(r.Context(), token)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	now := a.Now()
	items, err := a.Reminders.Items(r.Context(), owner, time.Time{}, now.Add(FeedReach))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	for i := range items {
		items[i].Title = pii.MaskText(items[i].Title)
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `inline; filename="pinghu.ics"`)
	w.WriteHeader(http.StatusOK)
	_ = reminder.WriteICS(w, "平湖提醒 Pinghu", items, scheme+"://"+r.Host, now)
}
