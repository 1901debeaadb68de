package project

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/reminder"
)

// ReminderSource puts a user's open milestones on their reminder lists
// and in their calendar feed: each stays there, overdue, until it is
// marked done. Milestones are owned by people, so the source reads the
// actor's own, whatever their role.
type ReminderSource struct{ S *Service }

// Items lists the actor's open milestones due by to (inclusive), those
// already overdue included; from is ignored for the same reason.
func (src ReminderSource) Items(ctx context.Context, a access.Actor, _, to time.Time) ([]reminder.Item, error) {
	if a.UserID <= 0 {
		return nil, nil
	}
	ms, err := src.S.MilestonesFor(ctx, a.UserID, time.Time{}, to.AddDate(0, 0, 1))
	if err != nil {
		return nil, err
	}
	out := make([]reminder.Item, 0, len(ms))
	for _, m := range ms {
		out = append(out, reminder.Item{Kind: "milestone", Title: m.ProjectName + " — " + m.Title, Due: dayStart(m.DueDate),
			Path: projectPath(m.ProjectID), UID: "milestone-" + strconv.FormatInt(m.ID, 10) + "@pinghu"})
	}
	return out, nil
}
