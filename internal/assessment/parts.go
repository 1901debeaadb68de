package assessment

import (
	"context"
	"time"
)

// Parts are one cadre's figures for one year, as of a date. Each module
// fills its own fields through a Source.
type Parts struct {
	ProjectsLed    int `json:"projects_led"`    // lead cadre of the project
	ProjectsMember int `json:"projects_member"` // member, not lead

	// Milestones owned with a due date in the year.
	MilestonesOnTime  int `json:"milestones_on_time"` // done on or before the due date
	MilestonesLate    int `json:"milestones_late"`    // done after the due date
	MilestonesOverdue int `json:"milestones_overdue"` // not done, due date passed
	MilestonesPending int `json:"milestones_pending"` // not done, not yet due

	// Supervision notices addressed to the cadre (or to their unit) with a
	// deadline in the year.
	NoticesReceived int `json:"notices_received"`
	NoticesOnTime   int `json:"notices_on_time"` // answered by the deadline
	NoticesLate     int `json:"notices_late"`    // answered after it
	NoticesOverdue  int `json:"notices_overdue"` // unanswered, deadline passed
	NoticesPending  int `json:"notices_pending"` // unanswered, not yet due

	// Campaign activities the cadre was invited to, held in the year.
	Invited  int `json:"activities_invited"`
	Attended int `json:"activities_attended"`
	OnLeave  int `json:"activities_on_leave"`
	Absent   int `json:"activities_absent"`
}

// Source fills the parts a module owns, for the given cadres, and lists
// the records behind one cadre's figures (the drill-down).
type Source interface {
	Fill(ctx context.Context, year int, asOf time.Time, parts map[int64]*Parts) error
	Records(ctx context.Context, year int, asOf time.Time, userID int64) ([]Record, error)
}

// Record is one item behind a cadre's figures.
type Record struct {
	Kind    string    `json:"kind"` // project | milestone | notice | activity
	Title   string    `json:"title"`
	Date    time.Time `json:"date"`    // due date, deadline or activity date
	Outcome string    `json:"outcome"` // led, member, on_time, late, overdue, pending, attended, on_leave, absent
	Path    string    `json:"path"`    // the record's page
}
