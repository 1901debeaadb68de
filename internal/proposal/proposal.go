package proposal

import (
	"slices"
	"time"
)

// Source says who put a proposal forward.
type Source string

const (
	Cadre    Source = "cadre"    // a signed-in cadre
	Resident Source = "resident" // a resident, on the public form
)

// State is where a proposal stands.
type State string

const (
	Submitted       State = "submitted"        // received, nobody has looked at it yet
	UnderEvaluation State = "under_evaluation" // being scored and discussed
	Adopted         State = "adopted"          // taken up; final
	Declined        State = "declined"         // not taken up, with a reason; final
)

// States lists every state in the order of the workflow.
var States = []State{Submitted, UnderEvaluation, Adopted, Declined}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Decided reports whether the proposal has its final answer.
func (s State) Decided() bool { return s == Adopted || s == Declined }

// Proposal is one proposal. The resident's name and mobile number are
// always masked here: no read returns them in full.
type Proposal struct {
	ID             int64     `json:"id"`
	Receipt        Receipt   `json:"receipt"`
	Source         Source    `json:"source"`
	Title          string    `json:"title"`
	Body           string    `json:"body"`
	CommunityID    int64     `json:"community_id"`
	CommunityName  string    `json:"community_name"`
	OriginUnitID   int64     `json:"origin_unit_id,omitempty"` // the submitting cadre's unit
	UnitID         int64     `json:"unit_id,omitempty"`        // the unit it is assigned to for evaluation
	UnitName       string    `json:"unit_name,omitempty"`
	SubmittedBy    int64     `json:"submitted_by,omitempty"`
	SubmitterName  string    `json:"submitter_name,omitempty"`  // the cadre's display name
	ResidentName   string    `json:"resident_name,omitempty"`   // masked
	ResidentMobile string    `json:"resident_mobile,omitempty"` // masked
	State          State     `json:"state"`
	DeclineReason  string    `json:"decline_reason,omitempty"`
	ProjectID      int64     `json:"project_id,omitempty"`
	SubmittedAt    time.Time `json:"submitted_at"`
	DecidedAt      time.Time `json:"decided_at,omitzero"`
	UpdatedAt      time.Time `json:"updated_at"`
	// Evaluations and RuleIDs are filled by Get only.
	Evaluations []Evaluation `json:"evaluations,omitempty"`
	RuleIDs     []int64      `json:"rule_ids,omitempty"`
}

// Evaluation is one comment on a proposal, with scores from 1 to 5 when
// the evaluator gives them (both or neither).
type Evaluation struct {
	ID          int64     `json:"id"`
	AuthorID    int64     `json:"author_id,omitempty"`
	AuthorName  string    `json:"author_name"`
	UnitID      int64     `json:"unit_id,omitempty"`
	UnitName    string    `json:"unit_name,omitempty"`
	Feasibility int       `json:"feasibility,omitempty"`
	Value       int       `json:"value,omitempty"`
	Comment     string    `json:"comment"`
	At          time.Time `json:"at"`
}

// Status is what the public status page shows: the state and the dates,
// nothing a person wrote and nothing about who wrote it.
type Status struct {
	Receipt     Receipt   `json:"receipt"`
	State       State     `json:"state"`
	SubmittedAt time.Time `json:"submitted_at"`
	DecidedAt   time.Time `json:"decided_at,omitzero"`
}

// auditView is the proposal as the audit log records it: no free text and
// no personal information.
type auditView struct {
	ID          int64  `json:"id"`
	Source      Source `json:"source"`
	CommunityID int64  `json:"community_id"`
	UnitID      int64  `json:"unit_id,omitempty"`
	State       State  `json:"state"`
	ProjectID   int64  `json:"project_id,omitempty"`
}

func (p Proposal) auditView() auditView {
	return auditView{ID: p.ID, Source: p.Source, CommunityID: p.CommunityID, UnitID: p.UnitID, State: p.State, ProjectID: p.ProjectID}
}
