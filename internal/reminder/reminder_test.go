package reminder_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/i18n"
	"pinghu/internal/reminder"
)

type fixed []reminder.Item

func (f fixed) Items(_ context.Context, _ access.Actor, from, to time.Time) ([]reminder.Item, error) {
	var out []reminder.Item
	for _, it := range f {
		if (from.IsZero() || !it.Due.Before(from)) && !it.Due.After(to) {
			out = append(out, it)
		}
	}
	return out, nil
}

func day(s string) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, s, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// TestLists: due before today is overdue, today to seven days on is due
// soon, later or done is neither; two sources merge by due date.
func TestLists(t *testing.T) {
	now := time.Date(2022, 6, 6, 1, 0, 0, 0, time.UTC) // 09:00 CST on 06-06
	s := &reminder.Service{Now: func() time.Time { return now }, Sources: []reminder.Source{
		fixed{{Title: "a", Due: day("2022-06-05"), UID: "a"}, {Title: "b", Due: day("2022-06-13"), UID: "b"},
			{Title: "c", Due: day("2022-06-14"), UID: "c"}},
		fixed{{Title: "d", Due: day("2022-06-06"), UID: "d"}, {Title: "e", Due: day("2022-06-01"), UID: "e", Done: true},
			{Title: "f", Due: day("2022-05-01"), UID: "f"}},
	}}
	l, err := s.Lists(context.Background(), access.Actor{})
	if err != nil {
		t.Fatal(err)
	}
	titles := func(items []reminder.Item) (out string) {
		for _, it := range items {
			out += it.Title
		}
		return out
	}
	if got := titles(l.Overdue); got != "fa" {
		t.Errorf("overdue %q, want fa", got)
	}
	if got := titles(l.DueSoon); got != "db" {
		t.Errorf("due soon %q, want db", got)
	}
	if l.Today != "2022-06-06" {
		t.Errorf("today %s", l.Today)
	}
}
