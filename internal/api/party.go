package api

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/edge"
	"pinghu/internal/errs"
	"pinghu/internal/party"
)

// partyRoutes are the party organisations, their figures (两个覆盖) and
// the positions (阵地) with the stations.
func (a *API) partyRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		rt(http.MethodGet, "/stats/party", s, a.partyStats),
		rt(http.MethodGet, "/party-organisations", s, a.listPartyOrgs),
		rt(http.MethodPost, "/party-organisations", s, a.createPartyOrg),
		rt(http.MethodGet, "/party-organisations/{id}", s, a.getPartyOrg),
		rt(http.MethodPost, "/party-organisations/{id}/coverage", s, a.coverPartyOrg),
		rt(http.MethodPost, "/party-organisations/{id}/merge", s, a.mergePartyOrg),
		rt(http.MethodPost, "/party-organisations/{id}/dissolve", s, a.dissolvePartyOrg),
		rt(http.MethodGet, "/party-positions", s, a.listPartyPositions),
		rt(http.MethodPost, "/party-positions", s, a.createPartyPosition),
	}
}

// partyStats answers party.Figures: from and to are days, both included;
// as_of the day the standing figures are counted on (default: to).
func (a *API) partyStats(w http.ResponseWriter, r *http.Request) {
	actor := edge.Actor(r)
	// Those without the figures learn nothing, not even that a date is bad.
	if !party.Sees(actor) {
		edge.WriteError(w, r, errs.E(errs.NotFound))
		return
	}
	p := query(r)
	q := party.Query{From: p.day("from"), To: p.day("to"), UnitID: p.id("unit_id")}
	p.asOf(&q.AsOf, appeal.AsOfDate)
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	f, err := a.Party.Figures(r.Context(), actor, q)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, f)
}

// partyOrgFilter reads the list's parameters.
func partyOrgFilter(p *params) (party.OrgFilter, error) {
	f := party.OrgFilter{Query: p.text("q"), UnitID: p.id("unit_id"), Page: p.page(),
		Level:      party.Level(p.oneOf("level", "pty.err.level", func(s string) bool { return party.Level(s).Valid() })),
		Sector:     party.Sector(p.oneOf("sector", "pty.err.sector", func(s string) bool { return party.Sector(s).Valid() })),
		Formation:  party.Formation(p.oneOf("formation", "pty.err.formation", func(s string) bool { return party.Formation(s).Valid() })),
		Status:     party.Status(p.oneOf("status", "pty.err.status", func(s string) bool { return party.Status(s).Valid() })),
		Sort:       p.oneOf("sort", "pty.err.sort", func(s string) bool { return slices.Contains(party.OrgSortKeys, s) }),
		StandingOn: p.raw("standing_on"), FoundedFrom: p.raw("founded_from"), FoundedTo: p.raw("founded_to"), NewKind: p.raw("new_kind")}
	if b := p.bool("located"); b != nil {
		f.Located = *b
	}
	return f, p.err()
}

func (a *API) listPartyOrgs(w http.ResponseWriter, r *http.Request) {
	f, err := partyOrgFilter(query(r))
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Party.ListOrgs(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// partyOrgDetail is an organisation with what it covers, its history and
// whether the caller may change it.
type partyOrgDetail struct {
	party.Org
	Coverage []party.Covered `json:"coverage"`
	History  []party.Event   `json:"history"`
	MayEdit  bool            `json:"may_edit"`
}

func (a *API) writePartyOrg(w http.ResponseWriter, r *http.Request, status int, id int64) {
	act := edge.Actor(r)
	o, err := a.Party.Get(r.Context(), act, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	cov, err := a.Party.Coverage(r.Context(), act, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	h, err := a.Party.History(r.Context(), act, id)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, status, partyOrgDetail{Org: o, Coverage: cov, History: h, MayEdit: party.MayEdit(act, o)})
}

func (a *API) createPartyOrg(w http.ResponseWriter, r *http.Request) {
	var in party.OrgInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	o, err := a.Party.Create(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	w.Header().Set("Location", Prefix+"/party-organisations/"+strconv.FormatInt(o.ID, 10))
	a.writePartyOrg(w, r, http.StatusCreated, o.ID)
}

func (a *API) getPartyOrg(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writePartyOrg(w, r, http.StatusOK, id)
}

func (a *API) listPartyPositions(w http.ResponseWriter, r *http.Request) {
	p := query(r)
	f := party.PositionFilter{Query: p.text("q"), UnitID: p.id("unit_id"), Page: p.page(),
		Kind: party.PositionKind(p.oneOf("kind", "pty.err.position_kind", func(s string) bool {
			return party.PositionKind(s).Valid() || s == string(party.StationKind)
		})),
		Status: party.PositionStatus(p.oneOf("status", "pty.err.position_status", func(s string) bool { return party.PositionStatus(s).Valid() }))}
	if d := p.day("as_of"); !d.IsZero() {
		f.AsOf = d.Format(time.DateOnly)
	}
	if err := p.err(); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	l, err := a.Party.ListPositions(r.Context(), edge.Actor(r), f)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusOK, l)
}

// coverPartyOrg records that the organisation covers an enterprise or a
// social organisation; the answer is the organisation with its coverage.
func (a *API) coverPartyOrg(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in party.CoverInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	if err := a.Party.Cover(r.Context(), edge.Actor(r), id, in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writePartyOrg(w, r, http.StatusOK, id)
}

func (a *API) mergePartyOrg(w http.ResponseWriter, r *http.Request) {
	a.endPartyOrg(w, r, a.Party.Merge)
}

func (a *API) dissolvePartyOrg(w http.ResponseWriter, r *http.Request) {
	a.endPartyOrg(w, r, a.Party.Dissolve)
}

// endPartyOrg merges or dissolves an organisation and answers it.
func (a *API) endPartyOrg(w http.ResponseWriter, r *http.Request,
	end func(context.Context, access.Actor, int64, party.EndInput) (party.Org, error)) {
	id, err := pathID(r)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	var in party.EndInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	if _, err := end(r.Context(), edge.Actor(r), id, in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	a.writePartyOrg(w, r, http.StatusOK, id)
}

func (a *API) createPartyPosition(w http.ResponseWriter, r *http.Request) {
	var in party.PositionInput
	if err := edge.DecodeJSON(r, &in); err != nil {
		edge.WriteError(w, r, err)
		return
	}
	p, err := a.Party.CreatePosition(r.Context(), edge.Actor(r), in)
	if err != nil {
		edge.WriteError(w, r, err)
		return
	}
	edge.WriteJSON(w, http.StatusCreated, p)
}
