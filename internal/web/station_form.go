package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/org"
	"pinghu/internal/proposal"
	"pinghu/internal/station"
)

// stationFormView is the form of a new station and of an edit.
type stationFormView struct {
	stationDict
	Form        Form
	Groups      map[string]bool // the groups ticked
	Kinds       []station.Kind
	AllGroups   []station.Group
	Communities []proposal.Place
	Units       []org.Unit // the departments and communities that may manage it
	Action      string
}

var stationFields = []string{"name", "kind", "community_id", "address", "lng", "lat", "area_m2", "hours", "services",
	"managing_unit_id", "managing_unit", "funding", "opened_on"}

func (h *Web) stationForm(w http.ResponseWriter, r *http.Request, status int, action string, values, fields map[string]string, groups []string) {
	title := "stn.page.new"
	if action != "/stations" {
		title = "stn.page.edit"
	}
	v := stationFormView{stationDict: stationDict{h.page(r, title)}, Form: Form{Values: values, Errors: fields},
		Groups: map[string]bool{}, Kinds: station.Kinds, AllGroups: station.Groups, Action: action}
	for _, g := range groups {
		v.Groups[g] = true
	}
	var err error
	if v.Communities, err = h.Proposals.Communities(r.Context()); err != nil {
		h.renderError(w, r, err)
		return
	}
	if a := edge.Actor(r); a.Can(access.ReadUnits) {
		tree, err := h.Units.Tree(r.Context(), a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		for _, u := range tree {
			if u.Active && (u.Kind == org.Department || u.Kind == org.Community) {
				v.Units = append(v.Units, u)
			}
		}
	}
	// A managing unit outside the reader's tree stays chosen, so that an
	// edit does not drop it unseen.
	if id := formID(values["managing_unit_id"]); id > 0 && !slices.ContainsFunc(v.Units, func(u org.Unit) bool { return u.ID == id }) {
		name := values["managing_unit_name"]
		if name == "" {
			name = "#" + values["managing_unit_id"]
		}
		v.Units = append(v.Units, org.Unit{ID: id, Name: name})
	}
	h.render(w, r, status, "station_form", v)
}

func (h *Web) stationNew(w http.ResponseWriter, r *http.Request) {
	if !station.Registers(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.stationForm(w, r, http.StatusOK, "/stations", map[string]string{}, nil, nil)
}

// stationInput reads the form: services one a line, groups as ticks.
func stationInput(r *http.Request) (station.Input, map[string]string, []string) {
	vals := formValues(r, stationFields...)
	groups := r.PostForm["groups"]
	// Anything but a number, a blank too, is not a number, which the
	// service names as such rather than as a point outside China.
	num := formNumber
	in := station.Input{Name: vals["name"], Kind: station.Kind(vals["kind"]), CommunityID: formID(vals["community_id"]),
		Address: vals["address"], Lng: num(vals["lng"]), Lat: num(vals["lat"]), AreaM2: num(vals["area_m2"]), Hours: vals["hours"],
		Services: strings.Split(vals["services"], "\n"), ManagingUnitID: formID(vals["managing_unit_id"]),
		ManagingUnit: vals["managing_unit"], Funding: vals["funding"], OpenedOn: vals["opened_on"]}
	for _, g := range groups {
		in.Groups = append(in.Groups, station.Group(g))
	}
	return in, vals, groups
}

func (h *Web) stationCreate(w http.ResponseWriter, r *http.Request) {
	in, vals, groups := stationInput(r)
	st, err := h.Stations.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.stationForm(w, r, http.StatusUnprocessableEntity, "/stations", vals, f, groups)
		})
		return
	}
	http.Redirect(w, r, stationPath(st.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) stationEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	st, err := h.Stations.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !station.MayEdit(a, st) {
		h.NotFound(w, r)
		return
	}
	d := stationDict{}
	vals := map[string]string{"name": st.Name, "kind": string(st.Kind), "community_id": strconv.FormatInt(st.CommunityID, 10),
		"address": st.Address, "lng": d.Coord(st.Lng), "lat": d.Coord(st.Lat), "area_m2": d.Area(st.AreaM2), "hours": st.Hours,
		"services": strings.Join(st.Services, "\n"), "funding": st.Funding, "opened_on": st.OpenedOn}
	if st.ManagingUnitID > 0 {
		vals["managing_unit_id"] = strconv.FormatInt(st.ManagingUnitID, 10)
		vals["managing_unit_name"] = st.ManagingUnitName
	} else {
		vals["managing_unit"] = st.ManagingUnitName
	}
	groups := make([]string, len(st.Groups))
	for i, g := range st.Groups {
		groups[i] = string(g)
	}
	h.stationForm(w, r, http.StatusOK, stationPath(id), vals, nil, groups)
}

func (h *Web) stationUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	in, vals, groups := stationInput(r)
	if _, err := h.Stations.Update(r.Context(), edge.Actor(r), id, in); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.stationForm(w, r, http.StatusUnprocessableEntity, stationPath(id), vals, f, groups)
		})
		return
	}
	http.Redirect(w, r, stationPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
