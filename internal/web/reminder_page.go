package web

import (
	"context"
	"net/http"
	"strconv"

	"pinghu/internal/access"
	"pinghu/internal/edge"
	"pinghu/internal/i18n"
	"pinghu/internal/reminder"
	"pinghu/internal/supervision"
)

// reminderView is the user's overdue and due-soon items.
type reminderView struct {
	Page
	Lists reminder.Lists
	Days  int
}

// Date shows an item's due date.
func (v reminderView) Date(it reminder.Item) string { return it.Due.In(i18n.Zone).Format("2006-01-02") }

// KindName names an item's kind.
func (v reminderView) KindName(it reminder.Item) string { return v.T("reminder.kind." + it.Kind) }

func (h *Web) reminderPage(w http.ResponseWriter, r *http.Request) {
	a := edge.Actor(r)
	if !hasReminders(a) {
		h.NotFound(w, r)
		return
	}
	l, err := h.Reminders.Lists(r.Context(), a)
	if err != nil {
		h.renderError(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "reminders", reminderView{Page: h.page(r, "page.reminders"), Lists: l, Days: reminder.DueSoonDays})
}

// reminderCards are the home page's reminder figures, and for leaders and
// the office the escalated notices.
func reminderCards(h *Web, ctx context.Context, a access.Actor) ([]Card, error) {
	if !hasReminders(a) {
		return nil, nil
	}
	l, err := h.Reminders.Lists(ctx, a)
	if err != nil {
		return nil, err
	}
	out := []Card{
		{TitleKey: "card.reminders.overdue", Value: strconv.Itoa(len(l.Overdue)), NoteKey: "card.reminders.note", Href: "/reminders#overdue"},
		{TitleKey: "card.reminders.due_soon", Value: strconv.Itoa(len(l.DueSoon)), NoteKey: "card.reminders.note", Href: "/reminders#due-soon"},
	}
	if issuesSupervision(a) {
		open, err := h.Supervision.Open(ctx, a, h.Now())
		if err != nil {
			return nil, err
		}
		out = append(out, Card{TitleKey: "card.supervision.open", Value: strconv.Itoa(open), NoteKey: "card.supervision.note",
			Href: "/supervisions?figure=" + string(supervision.FigureOpen)})
	}
	return out, nil
}
