package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/volunteer"
)

type volunteerTeamListView struct {
	volunteerDict
	Filter      url.Values
	FilterErrs  map[string]string
	Communities []volunteer.Place
	Items       []volunteer.Team
	Pager       Pager
	CanCreate   bool
}

func (v volunteerTeamListView) Filtered() bool { return len(v.Filter) > 0 }

func (h *Web) volunteerTeamList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	q := r.URL.Query()
	v := volunteerTeamListView{volunteerDict: volunteerDict{h.page(r, "vol.page.teams")}, Filter: filterValues(q, "q", "unit_id"),
		CanCreate: volunteer.MayCreate(a)}
	var err error
	if v.Communities, err = h.Volunteers.Communities(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, err := h.Volunteers.Teams(r.Context(), a, volunteer.TeamFilter{Query: q.Get("q"), UnitID: queryID(q, "unit_id"), Page: queryPage(r)})
	status, fields, ok := h.listStatus(w, r, err)
	if !ok {
		return
	}
	v.FilterErrs = fields
	if err != nil {
		l.Page, l.PageSize = 1, db.DefaultPageSize
	}
	v.Items = l.Items
	v.Pager = newPager("/volunteer-teams", v.Filter, l.Page, l.PageSize, l.Total)
	h.render(w, r, status, "volunteer_teams", v)
}

type volunteerTeamView struct {
	volunteerDict
	Team      volunteer.Team
	CanManage bool
}

func (h *Web) volunteerTeamDetail(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	t, err := h.Volunteers.GetTeam(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v := volunteerTeamView{volunteerDict: volunteerDict{h.page(r, "vol.page.team")}, Team: t,
		CanManage: h.Volunteers.MayManageTeam(r.Context(), a, t)}
	v.Title = t.Name
	h.render(w, r, http.StatusOK, "volunteer_team", v)
}

// teamOrgRow is one member organisation's row of the team form.
type teamOrgRow struct {
	N      int // from 0, in the field names
	Seq    int // from 1, for people
	Name   string
	Kind   string
	UnitID string
}

type volunteerTeamFormView struct {
	volunteerDict
	Form         Form
	Action       string
	Communities  []volunteer.Place
	Coordinators []volunteer.Ref
	Volunteers   []volunteer.Volunteer
	Chosen       map[int64]bool
	Orgs         []teamOrgRow
	OrgKinds     []volunteer.OrgKind
}

// blankOrgRows is how many empty organisation rows the form offers.
const blankOrgRows = 3

func (h *Web) volunteerTeamForm(w http.ResponseWriter, r *http.Request, status int, id int64, in volunteer.TeamInput, fields map[string]string) {
	a := edge.Actor(r)
	v := volunteerTeamFormView{volunteerDict: volunteerDict{h.page(r, "vol.page.team_new")}, Action: "/volunteer-teams",
		Form: Form{Values: map[string]string{"name": in.Name}, Errors: fields}, Chosen: map[int64]bool{}, OrgKinds: volunteer.OrgKinds}
	if id > 0 {
		v.TitleKey, v.Action = "vol.page.team_edit", volunteerTeamPath(id)
	}
	if in.CommunityID > 0 {
		v.Form.Values["community_id"] = strconv.FormatInt(in.CommunityID, 10)
	}
	if in.CoordinatorID > 0 {
		v.Form.Values["coordinator_id"] = strconv.FormatInt(in.CoordinatorID, 10)
	}
	for _, id := range in.VolunteerIDs {
		v.Chosen[id] = true
	}
	for _, o := range in.Orgs {
		row := teamOrgRow{N: len(v.Orgs), Seq: len(v.Orgs) + 1, Name: o.Name, Kind: string(o.Kind)}
		if o.UnitID > 0 {
			row.UnitID = strconv.FormatInt(o.UnitID, 10)
		}
		v.Orgs = append(v.Orgs, row)
	}
	for range blankOrgRows {
		v.Orgs = append(v.Orgs, teamOrgRow{N: len(v.Orgs), Seq: len(v.Orgs) + 1})
	}
	var err error
	if v.Communities, err = h.Volunteers.Communities(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Coordinators, err = h.Volunteers.Coordinators(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	l, err := h.Volunteers.Volunteers(r.Context(), a, volunteer.VolunteerFilter{UnitID: in.CommunityID, Page: db.NewPage(1, db.MaxPageSize)})
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	v.Volunteers = l.Items
	h.render(w, r, status, "volunteer_team_form", v)
}

func (h *Web) volunteerTeamNew(w http.ResponseWriter, r *http.Request) {
	if !volunteer.MayCreate(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	in := volunteer.TeamInput{CommunityID: queryID(r.URL.Query(), "unit_id")}
	h.volunteerTeamForm(w, r, http.StatusOK, 0, in, nil)
}

// teamInput reads the team form: org_name_N, org_kind_N and org_unit_N
// for each organisation row, volunteer_ids checked.
func teamInput(r *http.Request) volunteer.TeamInput {
	_ = r.ParseForm()
	f := r.PostForm
	in := volunteer.TeamInput{Name: strings.TrimSpace(f.Get("name")), CommunityID: formID(f.Get("community_id")),
		CoordinatorID: formID(f.Get("coordinator_id"))}
	for n := 0; n < volunteer.MaxOrgs+blankOrgRows; n++ {
		k := strconv.Itoa(n)
		if _, ok := f["org_name_"+k]; !ok {
			break
		}
		in.Orgs = append(in.Orgs, volunteer.OrgInput{Name: strings.TrimSpace(f.Get("org_name_" + k)),
			Kind: volunteer.OrgKind(f.Get("org_kind_" + k)), UnitID: formID(f.Get("org_unit_" + k))})
	}
	for _, s := range f["volunteer_ids"] {
		if id := formID(s); id > 0 {
			in.VolunteerIDs = append(in.VolunteerIDs, id)
		}
	}
	return in
}

// orgFieldErrors moves the errors of organisation rows (orgs.N) onto
// the form's field names.
func orgFieldErrors(fields map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range fields {
		if n, ok := strings.CutPrefix(k, "orgs."); ok {
			out["org_name_"+n] = v
			continue
		}
		out[k] = v
	}
	return out
}

func (h *Web) volunteerTeamCreate(w http.ResponseWriter, r *http.Request) {
	in := teamInput(r)
	t, err := h.Volunteers.CreateTeam(r.Context(), edge.Actor(r), in)
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.volunteerTeamForm(w, r, http.StatusUnprocessableEntity, 0, in, orgFieldErrors(f))
		})
		return
	}
	http.Redirect(w, r, volunteerTeamPath(t.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) volunteerTeamEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	t, err := h.Volunteers.GetTeam(r.Context(), a, id)
	if err != nil || !volunteer.MayCreate(a) || !h.Volunteers.MayManageTeam(r.Context(), a, t) {
		h.NotFound(w, r)
		return
	}
	in := volunteer.TeamInput{Name: t.Name, CommunityID: t.CommunityID, CoordinatorID: t.CoordinatorID}
	for _, o := range t.Orgs {
		in.Orgs = append(in.Orgs, volunteer.OrgInput{Name: o.Name, Kind: o.Kind, UnitID: o.UnitID})
	}
	for _, m := range t.Volunteers {
		in.VolunteerIDs = append(in.VolunteerIDs, m.ID)
	}
	h.volunteerTeamForm(w, r, http.StatusOK, id, in, nil)
}

func (h *Web) volunteerTeamUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	in := teamInput(r)
	_, err := h.Volunteers.UpdateTeam(r.Context(), edge.Actor(r), id, in)
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.volunteerTeamForm(w, r, http.StatusUnprocessableEntity, id, in, orgFieldErrors(f))
		})
		return
	}
	http.Redirect(w, r, volunteerTeamPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
