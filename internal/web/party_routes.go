package web

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/party"
)

// partyRoutes are the party organisations' pages (党组织): the list with
// its ledger, the form, the page of one with what it covers, its history
// and its actions; 两个覆盖 by community with the enterprises behind each
// figure; and the positions (阵地) with the stations.
func (h *Web) partyRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: partyOrgsPath, Access: s, Handler: h.partyOrgList},
		{Method: "GET", Pattern: partyOrgsPath + "/new", Access: s, Handler: h.partyOrgNew},
		{Method: "POST", Pattern: partyOrgsPath, Access: s, Handler: h.partyOrgCreate},
		{Method: "GET", Pattern: partyOrgsPath + "/{id}", Access: s, Handler: h.partyOrgDetail},
		{Method: "GET", Pattern: partyOrgsPath + "/{id}/edit", Access: s, Handler: h.partyOrgEdit},
		{Method: "POST", Pattern: partyOrgsPath + "/{id}", Access: s, Handler: h.partyOrgUpdate},
		{Method: "POST", Pattern: partyOrgsPath + "/{id}/cover", Access: s, Handler: h.partyOrgCover},
		{Method: "POST", Pattern: partyOrgsPath + "/{id}/coverage/{cid}/end", Access: s, Handler: h.partyOrgUncover},
		{Method: "POST", Pattern: partyOrgsPath + "/{id}/merge", Access: s, Handler: h.partyOrgMerge},
		{Method: "POST", Pattern: partyOrgsPath + "/{id}/dissolve", Access: s, Handler: h.partyOrgDissolve},
		{Method: "GET", Pattern: "/ledgers/party-organisations.xlsx", Access: s, Handler: h.ledgerPartyOrgs, Cost: edge.Export},
		{Method: "GET", Pattern: partyCoveragePath, Access: s, Handler: h.partyCoverage},
		{Method: "GET", Pattern: partyCoveragePath + "/enterprises", Access: s, Handler: h.partyCoverageEnterprises},
		{Method: "GET", Pattern: partySocialPath, Access: s, Handler: h.partySocialList},
		{Method: "POST", Pattern: partySocialPath, Access: s, Handler: h.partySocialCreate},
		{Method: "GET", Pattern: "/party/work/{id}", Access: s, Handler: h.partyWorkEdit},
		{Method: "POST", Pattern: "/party/work/{id}", Access: s, Handler: h.partyWorkSave},
		{Method: "GET", Pattern: partyPositionsPath, Access: s, Handler: h.partyPositionList},
		{Method: "GET", Pattern: partyPositionsPath + "/new", Access: s, Handler: h.partyPositionNew},
		{Method: "POST", Pattern: partyPositionsPath, Access: s, Handler: h.partyPositionCreate},
		{Method: "GET", Pattern: partyPositionsPath + "/{id}/edit", Access: s, Handler: h.partyPositionEdit},
		{Method: "POST", Pattern: partyPositionsPath + "/{id}", Access: s, Handler: h.partyPositionUpdate},
	}
}

const (
	partyOrgsPath      = "/party/organisations"
	partyCoveragePath  = "/party/coverage"
	partyPositionsPath = "/party/positions"
)

func partyOrgPath(id int64) string { return partyOrgsPath + "/" + strconv.FormatInt(id, 10) }

// partyDict names the party values on the pages.
type partyDict struct{ Page }

func (d partyDict) LevelName(l party.Level) string { return d.T("pty.level." + string(l)) }
func (d partyDict) SectorName(s party.Sector) string {
	return d.T("pty.sector." + string(s))
}
func (d partyDict) FormationName(f party.Formation) string {
	if f == "" {
		return "—"
	}
	return d.T("pty.formation." + string(f))
}
func (d partyDict) StatusName(s party.Status) string { return d.T("pty.status." + string(s)) }
func (d partyDict) PositionKindName(k party.PositionKind) string {
	return d.T("pty.position_kind." + string(k))
}
func (d partyDict) PositionStatusName(s party.PositionStatus) string {
	return d.T("pty.position_status." + string(s))
}
func (d partyDict) EventName(kind string) string { return d.T("pty.event." + kind) }

// Percent shows a rate as a percentage with one decimal, "—" for none.
func (partyDict) Percent(r *float64) string {
	if r == nil {
		return "—"
	}
	return strconv.FormatFloat(*r*100, 'f', 1, 64) + "%"
}

// Area shows an area in m² without trailing zeros.
func (partyDict) Area(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// partyCards are the organisation coverage and the organisations
// standing today in the actor's scope, each opening its page.
func partyCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !party.Sees(a) {
		return nil, nil
	}
	f, err := h.Party.Figures(ctx, a, party.Query{})
	if err != nil {
		return nil, err
	}
	today := h.Now().In(i18n.Zone).Format(time.DateOnly)
	return []Card{
		{TitleKey: "pty.card.orgs", Value: strconv.Itoa(f.Organisations), Href: partyOrgsPath + "?status=active", NoteKey: "pty.card.orgs.note"},
		{TitleKey: "pty.card.coverage", Value: partyDict{}.Percent(f.OrgCoverageRate), Href: partyCoveragePath + "?as_of=" + today,
			NoteKey: "pty.card.coverage.note"},
	}, nil
}
