package rule

import (
	"context"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/proposal"
)

// Service is the use cases on rules.
type Service struct {
	DB        *db.DB
	Audit     *audit.Log
	Now       func() time.Time
	Proposals *proposal.Service
	// ProjectVisible answers nil if the actor may see project id, not
	// found if not; nil refuses every project. The project module
	// provides it.
	ProjectVisible func(ctx context.Context, a access.Actor, id int64) error
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Status is where a rule stands.
type Status string

const (
	Draft    Status = "draft"
	InForce  Status = "in_force"
	Repealed Status = "repealed"
)

// Statuses lists every status in order.
var Statuses = []Status{Draft, InForce, Repealed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Rule is one rule with its current text (the latest version).
type Rule struct {
	ID          int64     `json:"id"`
	Number      string    `json:"number"`
	Title       string    `json:"title"`
	UnitID      int64     `json:"unit_id"`
	UnitName    string    `json:"unit_name"`
	EffectiveOn string    `json:"effective_on,omitempty"` // YYYY-MM-DD
	Status      Status    `json:"status"`
	ProjectID   int64     `json:"project_id,omitempty"`
	Version     int       `json:"version"`
	Body        string    `json:"body"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Versions and ProposalIDs are filled by Get only.
	Versions    []Version `json:"versions,omitempty"`
	ProposalIDs []int64   `json:"proposal_ids,omitempty"`
}

// Version is one whole text of a rule.
type Version struct {
	Version    int       `json:"version"`
	Body       string    `json:"body,omitempty"`
	Comment    string    `json:"comment"`
	AuthorName string    `json:"author_name"`
	At         time.Time `json:"at"`
}

// auditView is the rule as the audit log records it, without its text.
type auditView struct {
	ID          int64  `json:"id"`
	Number      string `json:"number"`
	UnitID      int64  `json:"unit_id"`
	EffectiveOn string `json:"effective_on,omitempty"`
	Status      Status `json:"status"`
	Version     int    `json:"version"`
	ProjectID   int64  `json:"project_id,omitempty"`
}

func (r Rule) auditView() auditView {
	return auditView{ID: r.ID, Number: r.Number, UnitID: r.UnitID, EffectiveOn: r.EffectiveOn, Status: r.Status,
		Version: r.Version, ProjectID: r.ProjectID}
}
