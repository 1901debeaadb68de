package web

import (
	"math"
	"net/http"
	"strconv"
	"strings"

	"pinghu/internal/edge"
	"pinghu/internal/party"
)

// partyOrgFormView is the form of a new organisation and of an edit.
type partyOrgFormView struct {
	partyDict
	Form       Form
	Levels     []party.Level
	Sectors    []party.Sector
	Formations []party.Formation
	Units      []party.Choice
	Parents    []party.Choice
	Action     string
}

var partyOrgFields = []string{"name", "unit_id", "parent_id", "level", "sector", "formation", "founded_on", "secretary",
	"member_count", "address", "lng", "lat"}

func (h *Web) partyOrgForm(w http.ResponseWriter, r *http.Request, status int, action string, values, fields map[string]string) {
	title := "pty.page.new"
	if action != partyOrgsPath {
		title = "pty.page.edit"
	}
	a := edge.Actor(r)
	v := partyOrgFormView{partyDict: partyDict{h.page(r, title)}, Form: Form{Values: values, Errors: fields},
		Levels: party.Levels, Sectors: party.Sectors, Formations: party.Formations, Action: action}
	var err error
	if v.Units, err = h.Party.Units(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	if v.Parents, err = h.Party.Parents(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	// A parent above the reader's scope stays chosen, so that an edit
	// does not drop it unseen.
	if id := formID(values["parent_id"]); id > 0 {
		found := false
		for _, p := range v.Parents {
			found = found || p.ID == id
		}
		if !found {
			v.Parents = append(v.Parents, party.Choice{ID: id, Name: values["parent_name"]})
		}
	}
	h.render(w, r, status, "party_org_form", v)
}

func (h *Web) partyOrgNew(w http.ResponseWriter, r *http.Request) {
	if !party.Writes(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.partyOrgForm(w, r, http.StatusOK, partyOrgsPath, map[string]string{}, nil)
}

// formNumber reads a number typed in a form; anything else is not a
// number, which the services name as such.
func formNumber(s string) float64 {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		return math.NaN()
	}
	return f
}

// formPoint reads an optional point: both blank is none.
func formPoint(lng, lat string) (*float64, *float64) {
	var x, y *float64
	if strings.TrimSpace(lng) != "" {
		v := formNumber(lng)
		x = &v
	}
	if strings.TrimSpace(lat) != "" {
		v := formNumber(lat)
		y = &v
	}
	return x, y
}

func partyOrgInput(r *http.Request) (party.OrgInput, map[string]string) {
	vals := formValues(r, partyOrgFields...)
	members := 0
	if vals["member_count"] != "" {
		n, err := strconv.Atoi(vals["member_count"])
		if err != nil {
			n = -1 // named as a bad count by the service
		}
		members = n
	}
	lng, lat := formPoint(vals["lng"], vals["lat"])
	return party.OrgInput{Name: vals["name"], UnitID: formID(vals["unit_id"]), ParentID: formID(vals["parent_id"]),
		Level: party.Level(vals["level"]), Sector: party.Sector(vals["sector"]), Formation: party.Formation(vals["formation"]),
		FoundedOn: vals["founded_on"], Secretary: vals["secretary"], MemberCount: members, Address: vals["address"],
		Lng: lng, Lat: lat}, vals
}

func (h *Web) partyOrgCreate(w http.ResponseWriter, r *http.Request) {
	in, vals := partyOrgInput(r)
	o, err := h.Party.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.partyOrgForm(w, r, http.StatusUnprocessableEntity, partyOrgsPath, vals, f)
		})
		return
	}
	http.Redirect(w, r, partyOrgPath(o.ID)+"?ok=created", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}

func (h *Web) partyOrgEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	o, err := h.Party.Get(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !party.MayEdit(a, o) || o.Status != party.Active {
		h.NotFound(w, r)
		return
	}
	vals := map[string]string{"name": o.Name, "unit_id": strconv.FormatInt(o.UnitID, 10), "level": string(o.Level),
		"sector": string(o.Sector), "formation": string(o.Formation), "founded_on": o.FoundedOn, "secretary": o.Secretary,
		"member_count": strconv.Itoa(o.MemberCount), "address": o.Address}
	if o.ParentID > 0 {
		vals["parent_id"], vals["parent_name"] = strconv.FormatInt(o.ParentID, 10), o.ParentName
	}
	if o.Lng != nil && o.Lat != nil {
		vals["lng"], vals["lat"] = strconv.FormatFloat(*o.Lng, 'f', 6, 64), strconv.FormatFloat(*o.Lat, 'f', 6, 64)
	}
	h.partyOrgForm(w, r, http.StatusOK, partyOrgPath(id), vals, nil)
}

func (h *Web) partyOrgUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	in, vals := partyOrgInput(r)
	if _, err := h.Party.Update(r.Context(), edge.Actor(r), id, in); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.partyOrgForm(w, r, http.StatusUnprocessableEntity, partyOrgPath(id), vals, f)
		})
		return
	}
	http.Redirect(w, r, partyOrgPath(id)+"?ok=saved", http.StatusSeeOther) // #nosec G710 -- a path built here from a numeric id
}
