package web

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/microproject"
)

// microprojectCards: for those who run micro-projects, how many wait for
// the first review, linking to them.
func microprojectCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !microproject.MayCreate(a) {
		return nil, nil
	}
	l, err := h.Microprojects.List(ctx, a, microproject.Filter{Stage: microproject.Collected, Page: db.Page{Number: 1, Size: 1}})
	if err != nil {
		return nil, err
	}
	return []Card{{TitleKey: "mp.card.collected", Value: strconv.Itoa(l.Total), Href: "/microprojects?stage=collected",
		NoteKey: "mp.card.collected.note"}}, nil
}
