package appeal

import (
	"time"
)

// Appeal is one enterprise appeal with its current state. Its history is
// in Events; times are UTC, zero when the thing has not happened.
type Appeal struct {
	ID              int64        `json:"id"`
	EnterpriseID    int64        `json:"enterprise_id"`
	EnterpriseName  string       `json:"enterprise_name"`
	CommunityID     int64        `json:"community_id"`
	CommunityName   string       `json:"community_name"`
	Category        string       `json:"category"`
	Channel         Channel      `json:"channel"`
	Title           string       `json:"title"`
	Description     string       `json:"description"`
	VisitID         int64        `json:"visit_id,omitempty"` // 0: not raised on a recorded visit
	State           State        `json:"state"`
	DepartmentID    int64        `json:"department_id,omitempty"` // 0: no department yet
	DepartmentName  string       `json:"department_name,omitempty"`
	CreatedBy       int64        `json:"created_by,omitempty"`
	SubmittedAt     time.Time    `json:"submitted_at"`
	ResponseDueAt   time.Time    `json:"response_due_at"`
	ResolutionDueAt time.Time    `json:"resolution_due_at"`
	AcceptedAt      time.Time    `json:"accepted_at,omitzero"` // the first acceptance; a transfer does not reset it
	ResolvedAt      time.Time    `json:"resolved_at,omitzero"` // the latest resolution; zero again once reopened
	ClosedAt        time.Time    `json:"closed_at,omitzero"`
	Supervised      bool         `json:"supervised"`
	Solved          Solved       `json:"solved,omitempty"`
	Satisfaction    Satisfaction `json:"satisfaction,omitempty"`
	ResolutionNote  string       `json:"resolution_note"`
	RejectReason    RejectReason `json:"reject_reason,omitempty"`
	RejectNote      string       `json:"reject_note,omitempty"`
	UpdatedAt       time.Time    `json:"updated_at"`
}

// DueSoonWindow is how close a deadline must be for an open appeal to be
// "due soon". Working-day deadlines fall at midnight (the end of the last
// counted day), so for them 24 hours means "due by the end of today",
// which is what a handler needs to see on a working morning; for limits
// in hours it is simply the last day. 24 hours needs no calendar, so the
// same rule holds in Go and in SQL.
const DueSoonWindow = 24 * time.Hour

// ReopenWindow is how long after a resolution the enterprise may reopen
// the appeal: 15 calendar days, as in the enterprise service's rules.
const ReopenWindow = 15 * 24 * time.Hour

// Overdue reports whether the appeal is still open after its resolution
// deadline.
func (p Appeal) Overdue(now time.Time) bool {
	return p.State.Open() && p.ResolutionDueAt.Before(now)
}

// DueSoon reports whether the appeal is open, not yet overdue, and due
// within DueSoonWindow of now.
func (p Appeal) DueSoon(now time.Time) bool {
	return p.State.Open() && !p.ResolutionDueAt.Before(now) && !p.ResolutionDueAt.After(now.Add(DueSoonWindow))
}

// auditView is the appeal as the audit log records it: what changed, and
// no free text. Titles, notes and reasons are typed by people and may hold
// names or phone numbers the log cannot mask; they live in the appeal and
// its events, where scope protects them.
type auditView struct {
	ID              int64        `json:"id"`
	EnterpriseID    int64        `json:"enterprise_id"`
	Category        string       `json:"category"`
	Channel         Channel      `json:"channel"`
	VisitID         int64        `json:"visit_id,omitempty"`
	State           State        `json:"state"`
	DepartmentID    int64        `json:"department_id,omitempty"`
	Supervised      bool         `json:"supervised"`
	ResponseDueAt   time.Time    `json:"response_due_at"`
	ResolutionDueAt time.Time    `json:"resolution_due_at"`
	Solved          Solved       `json:"solved,omitempty"`
	Satisfaction    Satisfaction `json:"satisfaction,omitempty"`
	RejectReason    RejectReason `json:"reject_reason,omitempty"`
}

func (p Appeal) auditView() auditView {
	return auditView{ID: p.ID, EnterpriseID: p.EnterpriseID, Category: p.Category, Channel: p.Channel, VisitID: p.VisitID,
		State: p.State, DepartmentID: p.DepartmentID, Supervised: p.Supervised, ResponseDueAt: p.ResponseDueAt,
		ResolutionDueAt: p.ResolutionDueAt, Solved: p.Solved, Satisfaction: p.Satisfaction, RejectReason: p.RejectReason}
}
