package supervision

import (
	"time"

	"pinghu/internal/i18n"
)

// Kind is the kind of thing a notice supervises.
type Kind string

const (
	KindProject   Kind = "project"
	KindMilestone Kind = "milestone"
	KindAppeal    Kind = "appeal"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{KindProject, KindMilestone, KindAppeal}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindProject || k == KindMilestone || k == KindAppeal }

// State is where a notice stands.
type State string

const (
	Open     State = "open"     // waiting for the receiver's reply
	Answered State = "answered" // replied; waiting for the issuer
	Closed   State = "closed"   // the issuer accepted the reply
)

// States lists the states in order.
var States = []State{Open, Answered, Closed}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return s == Open || s == Answered || s == Closed }

// Level is how far an unanswered notice has escalated.
type Level int

const (
	// LevelNone: answered, or not yet past its deadline.
	LevelNone Level = 0
	// LevelOffice: past its deadline and unanswered; shown to the office.
	LevelOffice Level = 1
	// LevelLeader: more than EscalateAfter past its deadline; shown to the
	// leaders too.
	LevelLeader Level = 2
)

// EscalateAfter is how long past its deadline an unanswered notice goes
// up to the leaders: more than three calendar days. Calendar days, not
// working days, because a notice is already overdue and the leaders want
// to know of it whatever the calendar says.
const EscalateAfter = 3 * 24 * time.Hour

// Notice is one supervision notice with its current state. Times are UTC,
// zero when the thing has not happened. Deadline is a CST date; DueAt is
// the moment it ends (midnight at the start of the next day), against
// which replies are on time or late.
type Notice struct {
	ID               int64     `json:"id"`
	TargetKind       Kind      `json:"target_kind"`
	TargetID         int64     `json:"target_id"`
	TargetTitle      string    `json:"target_title"`
	TargetPath       string    `json:"target_path"`
	Title            string    `json:"title"`
	Content          string    `json:"content"`
	Deadline         string    `json:"deadline"`
	DueAt            time.Time `json:"due_at"`
	ReceiverUnitID   int64     `json:"receiver_unit_id"`
	ReceiverUnitName string    `json:"receiver_unit_name"`
	ReceiverUserID   int64     `json:"receiver_user_id,omitempty"`
	ReceiverUserName string    `json:"receiver_user_name,omitempty"`
	IssuerID         int64     `json:"issuer_id,omitempty"`
	IssuerName       string    `json:"issuer_name,omitempty"`
	IssuedAt         time.Time `json:"issued_at"`
	State            State     `json:"state"`
	Reply            string    `json:"reply"`
	AnsweredAt       time.Time `json:"answered_at,omitzero"`
	ClosedAt         time.Time `json:"closed_at,omitzero"`
	ReturnNote       string    `json:"return_note,omitempty"`
	UpdatedAt        time.Time `json:"updated_at"`
	// Computed at the time of reading, never stored.
	OnTime bool  `json:"on_time"`
	Late   bool  `json:"late"`
	Level  Level `json:"level"`
}

// Overdue reports whether the notice waits for a reply past its deadline.
func (n Notice) Overdue(now time.Time) bool { return n.State == Open && now.After(n.DueAt) }

// LevelAt is the escalation level of the notice at now.
func (n Notice) LevelAt(now time.Time) Level {
	switch {
	case !n.Overdue(now):
		return LevelNone
	case !now.Before(n.DueAt.Add(EscalateAfter)):
		return LevelLeader
	default:
		return LevelOffice
	}
}

// answeredOnTime reports whether the latest reply came by the deadline.
func (n Notice) answeredOnTime() bool { return !n.AnsweredAt.IsZero() && !n.AnsweredAt.After(n.DueAt) }

// computed fills the figures read at now.
func (n *Notice) computed(now time.Time) {
	n.OnTime = n.State != Open && n.answeredOnTime()
	n.Late = n.State != Open && !n.AnsweredAt.IsZero() && !n.answeredOnTime()
	n.Level = n.LevelAt(now)
}

// cst is China Standard Time, in which deadlines are dates.
var cst = i18n.Zone

// parseDate reads a YYYY-MM-DD date as the start of that day in CST.
func parseDate(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, s, cst)
	return t, err == nil && t.Format(time.DateOnly) == s
}

// dateOf is the CST date of t.
func dateOf(t time.Time) string { return t.In(cst).Format(time.DateOnly) }

// endOfDate is the end of a CST date: midnight at the start of the next
// day, UTC.
func endOfDate(d time.Time) time.Time { return d.AddDate(0, 0, 1).UTC() }

// AsOfDate turns a date such as "2022-07-01" into the last microsecond of
// that day in CST, so that everything on that day counts.
func AsOfDate(date string) (time.Time, bool) {
	t, ok := parseDate(date)
	if !ok {
		return time.Time{}, false
	}
	return endOfDate(t).Add(-time.Microsecond), true
}

// auditView is the notice as the audit log records it: no free text,
// which may hold names or numbers the log cannot mask.
type auditView struct {
	ID             int64  `json:"id"`
	TargetKind     Kind   `json:"target_kind"`
	TargetID       int64  `json:"target_id"`
	Deadline       string `json:"deadline"`
	ReceiverUnitID int64  `json:"receiver_unit_id"`
	ReceiverUserID int64  `json:"receiver_user_id,omitempty"`
	State          State  `json:"state"`
	OnTime         bool   `json:"on_time"`
}

func (n Notice) auditView() auditView {
	return auditView{ID: n.ID, TargetKind: n.TargetKind, TargetID: n.TargetID, Deadline: n.Deadline,
		ReceiverUnitID: n.ReceiverUnitID, ReceiverUserID: n.ReceiverUserID, State: n.State, OnTime: n.answeredOnTime()}
}
