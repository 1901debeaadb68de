package web

import (
	"context"
	"net/http"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/edge"
	"pinghu/internal/org"
)

// Card is one figure on the home page, linking to the records behind it.
type Card struct {
	TitleKey string
	Value    string
	NoteKey  string
	Href     string
}

type homeView struct {
	Page
	Cards []Card
}

// cardSource gives the cards of one module for an actor. Modules add
// their source to homeCards.
type cardSource func(h *Web, ctx context.Context, a access.Actor) ([]Card, error)

var homeCards = []cardSource{orgCards, accountCards, auditCards, reminderCards, appealCards, dashboardCards, campaignCards, stationCards,
	microprojectCards, partyCards, overviewCards}

func (h *Web) home(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	v := homeView{Page: h.page(r, "page.home")}
	for _, src := range homeCards {
		cards, err := src(h, r.Context(), a)
		if err != nil {
			h.renderError(w, r, err)
			return
		}
		v.Cards = append(v.Cards, cards...)
	}
	h.render(w, r, http.StatusOK, "home", v)
}

func orgCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !a.Can(access.ReadUnits) {
		return nil, nil
	}
	n, err := h.Units.CountByKind(ctx, a)
	if err != nil {
		return nil, err
	}
	var out []Card
	for _, k := range []org.Kind{org.Subdistrict, org.Community, org.Grid, org.Department} {
		out = append(out, Card{TitleKey: "card.units." + string(k), Value: strconv.Itoa(n[k]),
			Href: "/units?kind=" + string(k), NoteKey: "card.units.note"})
	}
	return out, nil
}

func accountCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !a.Can(access.ReadUsers) {
		return nil, nil
	}
	active := true
	list, err := h.Accounts.List(ctx, a, accountFilter(active))
	if err != nil {
		return nil, err
	}
	return []Card{{TitleKey: "card.users", Value: strconv.Itoa(list.Total), Href: "/users?active=true", NoteKey: "card.users.note"}}, nil
}

func auditCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !a.Can(access.ReadAudit) {
		return nil, nil
	}
	since := h.Now().Add(-24 * 3600e9)
	all, err := h.Audit.List(ctx, a, audit.Filter{From: since, Page: db.NewPage(1, 1)})
	if err != nil {
		return nil, err
	}
	failed, err := h.Audit.List(ctx, a, audit.Filter{From: since, Action: "login", Result: audit.Failure, Page: db.NewPage(1, 1)})
	if err != nil {
		return nil, err
	}
	return []Card{
		{TitleKey: "card.audit.day", Value: strconv.Itoa(all.Total), Href: "/audit", NoteKey: "card.audit.day.note"},
		{TitleKey: "card.audit.failed", Value: strconv.Itoa(failed.Total), Href: "/audit?action=login&result=failure", NoteKey: "card.audit.day.note"},
	}, nil
}
