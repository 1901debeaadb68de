package reminder

import (
	"context"
	"slices"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/i18n"
)

// Item is one thing with a due date that a user must see to.
type Item struct {
	Kind  string    // the source's kind, e.g. "supervision", "milestone"
	Title string    // what to do
	Due   time.Time // the due date: the start of that day in CST
	Done  bool      // finished; shown as completed in the feed
	Path  string    // the page of the thing, e.g. "/supervisions/3"
	UID   string    // stable and unique across sources, e.g. "supervision-3@pinghu"
}

// Source gives the items of one module that the actor must see to, due
// from from to to (inclusive dates; a zero from is unbounded), as the
// actor's current scope allows.
type Source interface {
	Items(ctx context.Context, a access.Actor, from, to time.Time) ([]Item, error)
}

// DueSoonDays is the reach of the due-soon list: today and the next
// seven days.
const DueSoonDays = 7

// Service gathers items from its sources.
type Service struct {
	Sources []Source
	Now     func() time.Time
}

// Lists are a user's reminders: overdue (due before today, not done) and
// due soon (due today or within DueSoonDays, not done), each by due date.
type Lists struct {
	Today   string `json:"today"`
	Overdue []Item `json:"overdue"`
	DueSoon []Item `json:"due_soon"`
}

// today is the start of the CST day of now.
func today(now time.Time) time.Time {
	y, m, d := now.In(i18n.Zone).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, i18n.Zone)
}

// Lists reads the actor's overdue and due-soon items.
func (s *Service) Lists(ctx context.Context, a access.Actor) (Lists, error) {
	t := today(s.Now())
	items, err := s.Items(ctx, a, time.Time{}, t.AddDate(0, 0, DueSoonDays))
	if err != nil {
		return Lists{}, err
	}
	out := Lists{Today: t.Format(time.DateOnly), Overdue: []Item{}, DueSoon: []Item{}}
	for _, it := range items {
		switch {
		case it.Done:
		case it.Due.Before(t):
			out.Overdue = append(out.Overdue, it)
		default:
			out.DueSoon = append(out.DueSoon, it)
		}
	}
	return out, nil
}

// Items gathers the items of every source due from from to to, by due
// date then UID.
func (s *Service) Items(ctx context.Context, a access.Actor, from, to time.Time) ([]Item, error) {
	var out []Item
	for _, src := range s.Sources {
		items, err := src.Items(ctx, a, from, to)
		if err != nil {
			return nil, err
		}
		out = append(out, items...)
	}
	slices.SortFunc(out, func(x, y Item) int {
		if c := x.Due.Compare(y.Due); c != 0 {
			return c
		}
		return strings.Compare(x.UID, y.UID)
	})
	return out, nil
}
