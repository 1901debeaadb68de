package proposal

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// Limits of the free text, in characters.
const (
	MaxTitle = 100
	MaxBody  = 5000
	MaxName  = 30
)

// Input is a cadre's proposal.
type Input struct {
	Title       string `json:"title"`
	Body        string `json:"body"`
	CommunityID int64  `json:"community_id"`
}

// PublicInput is a resident's proposal from the public form. Name and
// mobile are optional. Website is the form's honeypot: a field people do
// not see and programs fill in.
type PublicInput struct {
	Name        string `json:"name"`
	Mobile      string `json:"mobile"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	CommunityID int64  `json:"community_id"`
	Website     string `json:"website"`
}

func checkText(f errs.Fields, title, body *string) {
	*title, *body = strings.TrimSpace(*title), strings.TrimSpace(*body)
	switch {
	case *title == "":
		f.Add("title", "err.required")
	case utf8.RuneCountInString(*title) > MaxTitle:
		f.Add("title", "err.too_long")
	}
	switch {
	case *body == "":
		f.Add("body", "err.required")
	case utf8.RuneCountInString(*body) > MaxBody:
		f.Add("body", "err.too_long")
	}
}

// community checks that id is an active community and returns its name;
// any other unit is invalid for the field.
func community(ctx context.Context, q db.Querier, f errs.Fields, id int64) string {
	if id <= 0 {
		f.Add("community_id", "err.required")
		return ""
	}
	var name string
	err := q.QueryRowContext(ctx, "SELECT name FROM units WHERE id = $1 AND kind = $2 AND active = TRUE", id, string(org.Community)).Scan(&name)
	if err != nil {
		f.Add("community_id", "err.unit_unknown")
	}
	return name
}

// Submit records a cadre's proposal. Any community of the organisation
// may be named: an idea need not concern the cadre's own.
func (s *Service) Submit(ctx context.Context, a access.Actor, in Input) (Proposal, error) {
	if !slices.Contains(staffRoles, a.Role) || !a.HasScope() {
		return Proposal{}, errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	checkText(f, &in.Title, &in.Body)
	p := Proposal{Source: Cadre, Title: in.Title, Body: in.Body, CommunityID: in.CommunityID, OriginUnitID: a.UnitID,
		SubmittedBy: a.UserID, SubmitterName: a.Name}
	p.CommunityName = community(ctx, s.DB.R, f, in.CommunityID)
	if err := f.Err(); err != nil {
		return Proposal{}, err
	}
	return s.store(ctx, a, p, "", "")
}

// SubmitPublic records a resident's proposal and returns it with its
// receipt. A filled-in honeypot is refused like any invalid field, and
// nothing is written.
func (s *Service) SubmitPublic(ctx context.Context, a access.Actor, in PublicInput) (Proposal, error) {
	f := errs.Fields{}
	if strings.TrimSpace(in.Website) != "" {
		f.Add("website", "err.proposal_honeypot")
	}
	checkText(f, &in.Title, &in.Body)
	in.Name = strings.TrimSpace(in.Name)
	if utf8.RuneCountInString(in.Name) > MaxName {
		f.Add("name", "err.too_long")
	}
	mobile := ""
	if strings.TrimSpace(in.Mobile) != "" {
		m, ok := pii.NormalizeMobile(in.Mobile)
		if !ok {
			f.Add("mobile", "err.mobile")
		}
		mobile = m
	}
	p := Proposal{Source: Resident, Title: in.Title, Body: in.Body, CommunityID: in.CommunityID}
	p.CommunityName = community(ctx, s.DB.R, f, in.CommunityID)
	if err := f.Err(); err != nil {
		return Proposal{}, err
	}
	return s.store(ctx, a, p, in.Name, mobile)
}

// store writes p with a fresh receipt and its audit record. A receipt
// drawn twice (one chance in a trillion) is drawn again.
func (s *Service) store(ctx context.Context, a access.Actor, p Proposal, name, mobile string) (Proposal, error) {
	now := s.now()
	p.State, p.SubmittedAt, p.UpdatedAt = Submitted, now, now
	p.ResidentName, p.ResidentMobile = MaskName(name), pii.MaskMobile(mobile)
	for try := 0; ; try++ {
		p.Receipt = newReceipt()
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			if err := insert(ctx, tx, &p, name, mobile); err != nil {
				return err
			}
			return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "proposal.submit", Entity: "proposal", EntityID: p.ID, After: p.auditView()})
		})
		if err != nil && try < 3 && isReceiptClash(err) {
			continue
		}
		if err != nil {
			return Proposal{}, err
		}
		return p, nil
	}
}

func isReceiptClash(err error) bool {
	var e *errs.Error
	return errors.As(err, &e) && db.IsUniqueViolation(e.Err)
}

// PublicStatus reads what the public status page shows for a receipt:
// the state and the dates only.
func (s *Service) PublicStatus(ctx context.Context, raw string) (Status, error) {
	r, err := ParseReceipt(raw)
	if err != nil {
		return Status{}, errs.E(errs.NotFound)
	}
	var st Status
	var submitted int64
	var decided *int64
	err = s.DB.R.QueryRowContext(ctx, "SELECT receipt, state, submitted_at, decided_at FROM proposals WHERE receipt = $1", string(r)).
		Scan(&st.Receipt, &st.State, &submitted, &decided)
	if errors.Is(err, sql.ErrNoRows) {
		return Status{}, errs.E(errs.NotFound)
	}
	st.SubmittedAt, st.DecidedAt = db.Time(submitted), db.NullTime(decided)
	return st, errs.Wrap(err, "proposal status")
}

// Get reads one proposal in the actor's scope with its evaluations and
// the rules it became.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Proposal, error) {
	p, _, err := getInScope(ctx, s.DB.R, a, id)
	if err != nil {
		return p, err
	}
	if p.Evaluations, err = evaluations(ctx, s.DB.R, id); err != nil {
		return p, err
	}
	p.RuleIDs, err = ruleIDs(ctx, s.DB.R, id)
	return p, err
}
