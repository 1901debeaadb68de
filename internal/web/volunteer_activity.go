package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/volunteer"
)

var volunteerActivityFilters = []string{"q", "unit_id", "team", "type", "organiser", "from", "to"}

type volunteerActivityListView struct {
	volunteerDict
	Filter      url.Values
	FilterErrs  map[string]string
	Communities []volunteer.Place
	Kinds       []volunteer.Kind
	Items       []volunteer.Activity
	Pager       Pager
	CanCreate   bool
	LedgerHref  string
}

func (v volunteerActivityListView) Filtered() bool { return len(v.Filter) > 0 }

// volunteerActivityFilter reads the list's filters from the URL; the
// ledger reads the same ones.
func volunteerActivityFilter(r *http.Request, bad errs.Fields) volunteer.ActivityFilter {
	q := r.URL.Query()
	return volunteer.ActivityFilter{Query: strings.TrimSpace(q.Get("q")), UnitID: queryID(q, "unit_id"), TeamID: queryID(q, "team"),
		Kind: volunteer.Kind(strings.TrimSpace(q.Get("type"))), Organiser: strings.TrimSpace(q.Get("organiser")),
		From: pageDay(q, "from", false, bad), To: pageDay(q, "to", true, bad), Page: queryPage(r)}
}

func (h *Web) volunteerActivityList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	v := volunteerActivityListView{volunteerDict: volunteerDict{h.page(r, "vol.page.activities")},
		Filter: filterValues(r.URL.Query(), volunteerActivityFilters...), Kinds: volunteer.Kinds, CanCreate: volunteer.MayCreate(a)}
	v.LedgerHref = ledgerHref("/ledgers/volunteer-hours.xlsx", v.Filter)
	var err error
	if v.Communities, err = h.Volunteers.Communities(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	bad := errs.Fields{}
	f := volunteerActivityFilter(r, bad)
	l, listErr := listAfter(bad, func() (db.List[volunteer.Activity], error) { return h.Volunteers.Activities(r.Context(), a, f) })
	status, fields, ok := h.listStatus(w, r, listErr)
	if !ok {
		return
	}
	v.FilterErrs = fields
	v.Items = l.Items
	v.Pager = newPager("/volunteer-activities", v.Filter, l.Page, l.PageSize, l.Total)
	h.render(w, r, status, "volunteer_activities", v)
}

type volunteerActivityView struct {
	volunteerDict
	X         volunteer.Activity
	CanManage bool
	// Mine is the actor's own volunteer record in the activity's
	// community, for self-service; zero when none.
	Mine       volunteer.Volunteer
	Candidates []volunteer.Volunteer // volunteers of its community not signed up yet
	Form       Form
	Error      string
	Actions    []string
}

// SignedUp reports whether a volunteer is signed up.
func (v volunteerActivityView) SignedUp(id int64) bool {
	for _, s := range v.X.Signups {
		if s.VolunteerID == id {
			return true
		}
	}
	return false
}

// Full reports whether the capacity is reached.
func (v volunteerActivityView) Full() bool { return v.X.SignedUp >= v.X.Capacity }

func (h *Web) volunteerActivityView(w http.ResponseWriter, r *http.Request, status int, id int64, form Form, errMsg string) {
	a := edge.Actor(r)
	x, err := h.Volunteers.GetActivity(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := volunteerActivityView{volunteerDict: volunteerDict{h.page(r, "vol.page.activity")}, X: x, Form: form, Error: errMsg,
		CanManage: h.Volunteers.MayManage(r.Context(), a, x), Actions: []string{volunteer.SignIn, volunteer.SignOut}}
	v.Title = x.Title
	if v.Form.Values == nil {
		v.Form.Values = map[string]string{}
	}
	l, err := h.Volunteers.Volunteers(r.Context(), a, volunteer.VolunteerFilter{UnitID: x.CommunityID, Page: db.NewPage(1, db.MaxPageSize)})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	for _, c := range l.Items {
		if c.UserID > 0 && c.UserID == a.UserID {
			v.Mine = c
		}
		if v.CanManage && !v.SignedUp(c.ID) {
			v.Candidates = append(v.Candidates, c)
		}
	}
	h.render(w, r, status, "volunteer_activity", v)
}

func (h *Web) volunteerActivityDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	h.volunteerActivityView(w, r, http.StatusOK, id, Form{}, "")
}

// volunteerActed answers an action on the activity page: back to the page
// when done, the page again with what was wrong otherwise.
func (h *Web) volunteerActed(w http.ResponseWriter, r *http.Request, id int64, vals map[string]string, err error) {
	if err == nil {
		http.Redirect(w, r, volunteerActivityPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
		return
	}
	e := errs.As(err)
	msg := ""
	if e.Message != "" && e.Message != "err.invalid" {
		msg = h.Cat.T(edge.StateOf(r).Lang, e.Message, e.Args...)
	}
	switch e.Code {
	case errs.Invalid:
		h.volunteerActivityView(w, r, http.StatusUnprocessableEntity, id, Form{Values: vals, Errors: e.Fields}, msg)
	case errs.Conflict:
		h.volunteerActivityView(w, r, http.StatusConflict, id, Form{Values: vals}, msg)
	default:
		h.renderError(w, r, err)
	}
}

func (h *Web) volunteerSignUp(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "volunteer_id")
	_, err := h.Volunteers.SignUp(r.Context(), edge.Actor(r), id, formID(vals["volunteer_id"]))
	h.volunteerActed(w, r, id, vals, err)
}

func (h *Web) volunteerAttend(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "volunteer_id", "action", "at")
	_, err := h.Volunteers.Attend(r.Context(), edge.Actor(r), id, volunteer.AttendInput{VolunteerID: formID(vals["volunteer_id"]),
		Action: vals["action"], At: vals["at"]})
	h.volunteerActed(w, r, id, vals, err)
}

func (h *Web) volunteerReport(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "volunteer_id", "hours", "sign_in", "sign_out")
	in := volunteer.ReportInput{VolunteerID: formID(vals["volunteer_id"]), SignIn: vals["sign_in"], SignOut: vals["sign_out"]}
	var bad error
	if vals["hours"] != "" {
		hrs, err := strconv.ParseFloat(vals["hours"], 64)
		if err != nil {
			bad = errs.InvalidField("hours", "vol.err.hours")
		}
		in.Hours = hrs
	}
	if bad != nil {
		h.volunteerActed(w, r, id, vals, bad)
		return
	}
	_, err := h.Volunteers.ReportHours(r.Context(), edge.Actor(r), id, in)
	h.volunteerActed(w, r, id, vals, err)
}

func (h *Web) volunteerDecide(w http.ResponseWriter, r *http.Request) {
	ids, ok := pathIDs(r, "id", "hid")
	if !ok {
		h.NotFound(w, r)
		return
	}
	vals := formValues(r, "action")
	_, err := h.Volunteers.Decide(r.Context(), edge.Actor(r), ids[0], ids[1], vals["action"])
	h.volunteerActed(w, r, ids[0], vals, err)
}

type volunteerActivityFormView struct {
	volunteerDict
	Form  Form
	Teams []volunteer.Team
	// OrgTeams are the teams whose organisations are offered: the team
	// chosen, or every team while none is.
	OrgTeams []volunteer.Team
	Kinds    []volunteer.Kind
	// Chosen are the organisers ticked.
	Chosen map[int64]bool
	// Editing is the activity being corrected, nil for a new one: its
	// team stays, and the form posts to the activity.
	Editing *volunteer.Activity
}

// Action is where the form posts.
func (v volunteerActivityFormView) Action() string {
	if v.Editing != nil {
		return volunteerActivityPath(v.Editing.ID)
	}
	return "/volunteer-activities"
}

func (h *Web) volunteerActivityForm(w http.ResponseWriter, r *http.Request, status int, vals map[string]string, chosen map[int64]bool, fields map[string]string, editing *volunteer.Activity) {
	a := edge.Actor(r)
	v := volunteerActivityFormView{volunteerDict: volunteerDict{h.page(r, "vol.page.activity_new")}, Form: Form{Values: vals, Errors: fields},
		Kinds: volunteer.Kinds, Chosen: chosen, Editing: editing}
	if editing != nil {
		vals["team_id"] = strconv.FormatInt(editing.TeamID, 10)
		v.TitleKey = "vol.page.activity_edit"
		v.Crumbs = append(v.Crumbs, Crumb{Label: editing.Title, Href: volunteerActivityPath(editing.ID)})
	}
	l, err := h.Volunteers.Teams(r.Context(), a, volunteer.TeamFilter{Page: db.NewPage(1, db.MaxPageSize)})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	teamID := formID(vals["team_id"])
	for _, t := range l.Items {
		if h.Volunteers.MayManageTeam(r.Context(), a, t) {
			v.Teams = append(v.Teams, t)
			if t.ID == teamID {
				v.OrgTeams = []volunteer.Team{t}
			}
		}
	}
	if v.OrgTeams == nil {
		v.OrgTeams = v.Teams
	}
	h.render(w, r, status, "volunteer_activity_form", v)
}

func (h *Web) volunteerActivityNew(w http.ResponseWriter, r *http.Request) {
	if !volunteer.MayCreate(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"team_id": r.URL.Query().Get("team"), "start": "09:00", "end": "11:00", "capacity": "20"}
	h.volunteerActivityForm(w, r, http.StatusOK, vals, map[int64]bool{}, nil, nil)
}

func (h *Web) volunteerActivityCreate(w http.ResponseWriter, r *http.Request) {
	vals, chosen, in := volunteerActivityInput(r)
	x, err := h.Volunteers.CreateActivity(r.Context(), edge.Actor(r), in)
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.volunteerActivityForm(w, r, http.StatusUnprocessableEntity, vals, chosen, f, nil)
		})
		return
	}
	http.Redirect(w, r, volunteerActivityPath(x.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

// volunteerActivityInput reads the posted form: the values to show again,
// the organisers ticked, and the activity they make.
func volunteerActivityInput(r *http.Request) (map[string]string, map[int64]bool, volunteer.ActivityInput) {
	vals := formValues(r, "team_id", "kind", "title", "day", "start", "end", "place", "capacity")
	capacity, _ := strconv.Atoi(vals["capacity"])
	in := volunteer.ActivityInput{TeamID: formID(vals["team_id"]), Kind: volunteer.Kind(vals["kind"]), Title: vals["title"], Day: vals["day"],
		Start: vals["start"], End: vals["end"], Place: vals["place"], Capacity: capacity}
	chosen := map[int64]bool{}
	for _, s := range r.PostForm["org_ids"] {
		if id := formID(s); id > 0 {
			in.OrgIDs = append(in.OrgIDs, id)
			chosen[id] = true
		}
	}
	return vals, chosen, in
}

// volunteerActivityEdit shows the activity's form filled in, to those who
// manage it.
func (h *Web) volunteerActivityEdit(w http.ResponseWriter, r *http.Request) {
	x, ok := h.managedVolunteerActivity(w, r)
	if !ok {
		return
	}
	vals := map[string]string{"kind": string(x.Kind), "title": x.Title, "day": x.Day, "start": x.StartsAt.In(i18n.Zone).Format("15:04"),
		"end": x.EndsAt.In(i18n.Zone).Format("15:04"), "place": x.Place, "capacity": strconv.Itoa(x.Capacity)}
	chosen := map[int64]bool{}
	for _, o := range x.Organisers {
		chosen[o.ID] = true
	}
	h.volunteerActivityForm(w, r, http.StatusOK, vals, chosen, nil, &x)
}

// volunteerActivityUpdate corrects the activity; a refusal comes back
// beside its fields with nothing written.
func (h *Web) volunteerActivityUpdate(w http.ResponseWriter, r *http.Request) {
	x, ok := h.managedVolunteerActivity(w, r)
	if !ok {
		return
	}
	vals, chosen, in := volunteerActivityInput(r)
	if _, err := h.Volunteers.UpdateActivity(r.Context(), edge.Actor(r), x.ID, in); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.volunteerActivityForm(w, r, http.StatusUnprocessableEntity, vals, chosen, f, &x)
		})
		return
	}
	http.Redirect(w, r, volunteerActivityPath(x.ID)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

// managedVolunteerActivity reads the activity of the path for those who
// manage it; anyone else gets not found.
func (h *Web) managedVolunteerActivity(w http.ResponseWriter, r *http.Request) (volunteer.Activity, bool) {
	a := edge.Actor(r)
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return volunteer.Activity{}, false
	}
	x, err := h.Volunteers.GetActivity(r.Context(), a, id)
	if err == nil && !h.Volunteers.MayManage(r.Context(), a, x) {
		err = errs.E(errs.NotFound)
	}
	if err != nil {
		h.renderError(w, r, err)
		return x, false
	}
	return x, true
}
