package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/party"
)

var partyPositionFilters = []string{"q", "kind", "status", "unit_id", "as_of"}

type partyPositionListView struct {
	partyDict
	Filter     url.Values
	FilterErrs map[string]string
	Kinds      []party.PositionKind
	Statuses   []party.PositionStatus
	Units      []party.Choice
	Items      []party.Position
	Pager      Pager
	CanCreate  bool
}

func (v partyPositionListView) Filtered() bool { return len(v.Filter) > 0 }

// MayEdit reports whether the reader may edit a registered position.
func (v partyPositionListView) MayEdit(p party.Position) bool {
	return party.MayEditPosition(v.Actor, p)
}

func (h *Web) partyPositionList(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !party.Sees(a) {
		h.NotFound(w, r)
		return
	}
	q := r.URL.Query()
	v := partyPositionListView{partyDict: partyDict{h.page(r, "pty.page.positions")}, Filter: filterValues(q, partyPositionFilters...),
		Kinds: append(append([]party.PositionKind{}, party.PositionKinds...), party.StationKind), Statuses: party.PositionStatuses,
		CanCreate: party.Writes(a)}
	var err error
	if v.Units, err = h.Party.Units(r.Context(), a); err != nil {
		h.renderError(w, r, err)
		return
	}
	f := party.PositionFilter{Query: strings.TrimSpace(q.Get("q")), Kind: party.PositionKind(strings.TrimSpace(q.Get("kind"))),
		Status: party.PositionStatus(strings.TrimSpace(q.Get("status"))), UnitID: queryID(q, "unit_id"),
		AsOf: strings.TrimSpace(q.Get("as_of")), Page: queryPage(r)}
	l, err := h.Party.ListPositions(r.Context(), a, f)
	var status int
	if v.FilterErrs, status, err = h.filterErrors(w, r, err); err != nil {
		return
	}
	v.Items = l.Items
	v.Pager = newPager(partyPositionsPath, v.Filter, f.Page.Number, db.NewPage(f.Page.Number, f.Page.Size).Size, l.Total)
	h.render(w, r, status, "party_positions", v)
}

// partyPositionFormView is the form of a new position and of an edit.
type partyPositionFormView struct {
	partyDict
	Form     Form
	Kinds    []party.PositionKind
	Statuses []party.PositionStatus
	Units    []party.Choice
	Action   string
}

var partyPositionFields = []string{"name", "kind", "unit_id", "address", "area_m2", "status", "opened_on", "lng", "lat"}

func (h *Web) partyPositionForm(w http.ResponseWriter, r *http.Request, status int, action string, values, fields map[string]string) {
	title := "pty.page.position_new"
	if action != partyPositionsPath {
		title = "pty.page.position_edit"
	}
	v := partyPositionFormView{partyDict: partyDict{h.page(r, title)}, Form: Form{Values: values, Errors: fields},
		Kinds: party.PositionKinds, Statuses: party.PositionStatuses, Action: action}
	var err error
	if v.Units, err = h.Party.Units(r.Context(), edge.Actor(r)); err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, status, "party_position_form", v)
}

func (h *Web) partyPositionNew(w http.ResponseWriter, r *http.Request) {
	if !party.Writes(edge.Actor(r)) {
		h.NotFound(w, r)
		return
	}
	h.partyPositionForm(w, r, http.StatusOK, partyPositionsPath, map[string]string{}, nil)
}

func partyPositionInput(r *http.Request) (party.PositionInput, map[string]string) {
	v := formValues(r, partyPositionFields...)
	return party.PositionInput{Name: v["name"], Kind: party.PositionKind(v["kind"]), UnitID: formID(v["unit_id"]), Address: v["address"],
		AreaM2: formNumber(v["area_m2"]), Status: party.PositionStatus(v["status"]), OpenedOn: v["opened_on"],
		Lng: formNumber(v["lng"]), Lat: formNumber(v["lat"])}, v
}

func (h *Web) partyPositionCreate(w http.ResponseWriter, r *http.Request) {
	in, vals := partyPositionInput(r)
	if _, err := h.Party.CreatePosition(r.Context(), edge.Actor(r), in); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.partyPositionForm(w, r, http.StatusUnprocessableEntity, partyPositionsPath, vals, f)
		})
		return
	}
	http.Redirect(w, r, partyPositionsPath+"?ok=created", http.StatusSeeOther)
}

func (h *Web) partyPositionEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	a := edge.Actor(r)
	p, err := h.Party.GetPosition(r.Context(), a, id)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	if !party.MayEditPosition(a, p) {
		h.NotFound(w, r)
		return
	}
	coord := func(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }
	vals := map[string]string{"name": p.Name, "kind": string(p.Kind), "unit_id": strconv.FormatInt(p.UnitID, 10), "address": p.Address,
		"area_m2": partyDict{}.Area(p.AreaM2), "status": string(p.Status), "opened_on": p.OpenedOn, "lng": coord(p.Lng), "lat": coord(p.Lat)}
	h.partyPositionForm(w, r, http.StatusOK, partyPositionsPath+"/"+strconv.FormatInt(id, 10), vals, nil)
}

func (h *Web) partyPositionUpdate(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.NotFound(w, r)
		return
	}
	in, vals := partyPositionInput(r)
	if _, err := h.Party.UpdatePosition(r.Context(), edge.Actor(r), id, in); err != nil {
		h.formError(w, r, err, func(f map[string]string) {
			h.partyPositionForm(w, r, http.StatusUnprocessableEntity, partyPositionsPath+"/"+strconv.FormatInt(id, 10), vals, f)
		})
		return
	}
	http.Redirect(w, r, partyPositionsPath+"?ok=saved", http.StatusSeeOther)
}
