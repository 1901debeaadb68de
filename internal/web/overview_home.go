package web

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/org"
	"pinghu/internal/overview"
)

// overviewCards is the overview's card on the home page: the communities
// the reader's overview covers, a count kept by the organisation tree, so
// that the home page asks no module for its figures.
func overviewCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !overview.Sees(a) || h.Overview == nil {
		return nil, nil
	}
	n, err := h.Units.CountByKind(ctx, a)
	if err != nil {
		return nil, err
	}
	return []Card{{TitleKey: "ov.card", Value: strconv.Itoa(n[org.Community]), Href: overviewPath, NoteKey: "ov.card.note"}}, nil
}
