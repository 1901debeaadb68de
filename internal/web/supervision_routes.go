package web

import (
	"pinghu/internal/access"
	"pinghu/internal/edge"
)

// supervisionRoutes are the supervision notices (督办), the escalation
// list, the reminders and the calendar feed's settings.
func (h *Web) supervisionRoutes() []edge.Route {
	s := edge.Signed
	return []edge.Route{
		{Method: "GET", Pattern: "/supervisions", Access: s, Handler: h.supervisionList},
		{Method: "GET", Pattern: "/supervisions/escalated", Access: s, Handler: h.supervisionEscalated},
		{Method: "GET", Pattern: "/supervisions/new", Access: s, Handler: h.supervisionNew},
		{Method: "POST", Pattern: "/supervisions", Access: s, Handler: h.supervisionIssue},
		{Method: "GET", Pattern: "/supervisions/{id}", Access: s, Handler: h.supervisionDetail},
		{Method: "POST", Pattern: "/supervisions/{id}/reply", Access: s, Handler: h.supervisionReply},
		{Method: "POST", Pattern: "/supervisions/{id}/close", Access: s, Handler: h.supervisionClose},
		{Method: "POST", Pattern: "/supervisions/{id}/return", Access: s, Handler: h.supervisionReturn},
		{Method: "GET", Pattern: "/reminders", Access: s, Handler: h.reminderPage},
		{Method: "GET", Pattern: "/account/calendar-feed", Access: s, Handler: h.calendarFeedPage},
		{Method: "POST", Pattern: "/account/calendar-feed", Access: s, Handler: h.calendarFeedRotate},
		{Method: "POST", Pattern: "/account/calendar-feed/revoke", Access: s, Handler: h.calendarFeedRevoke},
	}
}

// seesSupervision: the roles that issue or receive notices.
func seesSupervision(a access.Actor) bool {
	switch a.Role {
	case access.Leader, access.Office, access.Dept, access.Community:
		return true
	}
	return false
}

// issuesSupervision: leaders and the office.
func issuesSupervision(a access.Actor) bool {
	return a.Role == access.Leader || a.Role == access.Office
}

// hasReminders: the roles with business deadlines; the officers have none.
func hasReminders(a access.Actor) bool { return a.Role.Business() }
