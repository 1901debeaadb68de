package web

import (
	"context"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/db"
)

// appealCards are the appeal module's cards on the home page: the work
// queue (overdue and due within a day) for those who handle or follow
// appeals, and the appeals still open for an enterprise or a community.
func appealCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	count := func(f appeal.Filter) (int, error) {
		f.Page = db.NewPage(1, 1)
		l, err := h.Appeals.List(ctx, a, f)
		return l.Total, err
	}
	switch {
	case hasQueue(a):
		overdue, err := count(appeal.Filter{Overdue: true})
		if err != nil {
			return nil, err
		}
		soon, err := count(appeal.Filter{DueSoon: true})
		if err != nil {
			return nil, err
		}
		return []Card{
			{TitleKey: "card.appeal_queue", Value: strconv.Itoa(overdue + soon), NoteKey: "card.appeal_queue.note", Href: "/appeals/queue"},
			{TitleKey: "card.appeal_overdue", Value: strconv.Itoa(overdue), NoteKey: "card.appeal_overdue.note",
				Href: "/appeals?overdue=true&sort=resolution_due_at"},
		}, nil
	case a.Role == access.Enterprise || a.Role == access.Community:
		open, err := count(appeal.Filter{States: []appeal.State{appeal.Submitted, appeal.Accepted, appeal.InProgress}})
		if err != nil {
			return nil, err
		}
		cards := []Card{{TitleKey: "card.appeal_open", Value: strconv.Itoa(open), NoteKey: "card.appeal_open.note",
			Href: "/appeals?state=" + stateOpen}}
		if a.Role == access.Enterprise {
			// Resolved appeals wait for the enterprise to confirm and rate.
			toRate, err := count(appeal.Filter{State: appeal.Resolved})
			if err != nil {
				return nil, err
			}
			cards = append(cards, Card{TitleKey: "card.appeal_to_rate", Value: strconv.Itoa(toRate), NoteKey: "card.appeal_to_rate.note",
				Href: "/appeals?state=" + string(appeal.Resolved)})
		}
		return cards, nil
	}
	return nil, nil
}
