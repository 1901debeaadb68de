package microproject

import (
	"context"
	"database/sql"
	"errors"
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
	MaxTitle       = 100
	MaxDescription = 5000
	MaxLocation    = 200
	MaxName        = 30
	MaxNote        = 2000
)

// Input is a project as staff record or edit it.
type Input struct {
	CommunityID    int64    `json:"community_id"`
	Kind           Kind     `json:"kind"`
	Category       Category `json:"category"`
	Title          string   `json:"title"`
	Description    string   `json:"description"`
	Location       string   `json:"location"`
	Budget         int64    `json:"budget"` // yuan
	Source         Source   `json:"source"`
	ProposerName   string   `json:"proposer_name"`
	ProposerMobile string   `json:"proposer_mobile"`
}

// PublicInput is a resident's proposed project from the public form.
// Name, mobile and the budget are optional; the community estimates the
// budget at review. Website is the form's honeypot.
type PublicInput struct {
	CommunityID int64    `json:"community_id"`
	Kind        Kind     `json:"kind"`
	Category    Category `json:"category"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Location    string   `json:"location"`
	Budget      int64    `json:"budget"`
	Name        string   `json:"name"`
	Mobile      string   `json:"mobile"`
	Website     string   `json:"website"`
}

func text(f errs.Fields, name string, v *string, limit int, required bool) {
	*v = strings.TrimSpace(*v)
	switch {
	case *v == "" && required:
		f.Add(name, "err.required")
	case utf8.RuneCountInString(*v) > limit:
		f.Add(name, "err.too_long")
	}
}

// check validates the fields every project has and returns the mobile
// number normalised.
func check(f errs.Fields, p *Project, name, mobile *string) string {
	text(f, "title", &p.Title, MaxTitle, true)
	text(f, "description", &p.Description, MaxDescription, true)
	text(f, "location", &p.Location, MaxLocation, false)
	text(f, "proposer_name", name, MaxName, false)
	if !p.Kind.Valid() {
		f.Add("kind", "mp.err.kind")
	}
	if !p.Category.Valid() {
		f.Add("category", "mp.err.category")
	}
	if !p.Source.Valid() {
		f.Add("source", "mp.err.source")
	}
	if p.Budget < 0 || p.Budget > MaxMoney {
		f.Add("budget", "mp.err.money")
	}
	out := ""
	if strings.TrimSpace(*mobile) != "" {
		m, ok := pii.NormalizeMobile(*mobile)
		if !ok {
			f.Add("proposer_mobile", "err.mobile")
		}
		out = m
	}
	return out
}

// community checks that id is an active community and returns its name
// and path.
func community(ctx context.Context, q db.Querier, f errs.Fields, id int64) (string, string) {
	if id <= 0 {
		f.Add("community_id", "err.required")
		return "", ""
	}
	var name, path string
	err := q.QueryRowContext(ctx, "SELECT name, path FROM units WHERE id = $1 AND kind = $2 AND active = TRUE", id, string(org.Community)).
		Scan(&name, &path)
	if err != nil {
		f.Add("community_id", "err.unit_unknown")
	}
	return name, path
}

// Create records a project collected by staff (on a visit, at a meeting,
// or from a paper form) for a community they manage.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Project, error) {
	if !MayCreate(a) {
		return Project{}, errs.E(errs.NotFound)
	}
	p := Project{CommunityID: in.CommunityID, Kind: in.Kind, Category: in.Category, Title: in.Title, Description: in.Description,
		Location: in.Location, Budget: in.Budget, Source: in.Source, CreatedBy: a.UserID}
	f := errs.Fields{}
	mobile := check(f, &p, &in.ProposerName, &in.ProposerMobile)
	var path string
	p.CommunityName, path = community(ctx, s.DB.R, f, in.CommunityID)
	if path != "" && !manages(a, path) {
		f.Add("community_id", "err.unit_unknown")
	}
	if err := f.Err(); err != nil {
		return Project{}, err
	}
	return s.store(ctx, a, p, in.ProposerName, mobile)
}

// SubmitPublic records a resident's proposed project and returns it with
// its receipt. A filled-in honeypot is refused like any invalid field, and
// nothing is written.
func (s *Service) SubmitPublic(ctx context.Context, a access.Actor, in PublicInput) (Project, error) {
	f := errs.Fields{}
	if strings.TrimSpace(in.Website) != "" {
		f.Add("website", "mp.err.honeypot")
	}
	p := Project{CommunityID: in.CommunityID, Kind: in.Kind, Category: in.Category, Title: in.Title, Description: in.Description,
		Location: in.Location, Budget: in.Budget, Source: PublicForm}
	mobile := check(f, &p, &in.Name, &in.Mobile)
	if _, ok := f["proposer_mobile"]; ok {
		delete(f, "proposer_mobile")
		f.Add("mobile", "err.mobile")
	}
	if _, ok := f["proposer_name"]; ok {
		delete(f, "proposer_name")
		f.Add("name", "err.too_long")
	}
	p.CommunityName, _ = community(ctx, s.DB.R, f, in.CommunityID)
	if err := f.Err(); err != nil {
		return Project{}, err
	}
	return s.store(ctx, a, p, in.Name, mobile)
}

// store writes a new project with a fresh receipt, after the money
// checks, with its first event and its audit record.
func (s *Service) store(ctx context.Context, a access.Actor, p Project, name, mobile string) (Project, error) {
	now := s.now()
	p.Stage, p.CreatedAt, p.UpdatedAt, p.Year = Collected, now, now, YearOf(now)
	p.ProposerName, p.ProposerMobile = MaskName(name), pii.MaskMobile(mobile)
	for try := 0; ; try++ {
		p.Receipt = newReceipt()
		err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
			if err := checkMoney(ctx, tx, p); err != nil {
				return err
			}
			if err := insert(ctx, tx, &p, name, mobile); err != nil {
				return err
			}
			if err := addEvent(ctx, tx, a, p.ID, "collect", "", Collected, "", now); err != nil {
				return err
			}
			return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "microproject.create", Entity: "microproject", EntityID: p.ID, After: p.auditView()})
		})
		if err != nil && try < 3 && isReceiptClash(err) {
			continue
		}
		if err != nil {
			return Project{}, err
		}
		return p, nil
	}
}

func isReceiptClash(err error) bool {
	var e *errs.Error
	return errors.As(err, &e) && db.IsUniqueViolation(e.Err)
}

// Update edits a project's details before the council votes, with the
// money checks again. The community and the proposer stay as collected.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Project, error) {
	var out Project
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !manages(a, was.communityPath) {
			return errs.E(errs.NotFound)
		}
		if !MayEdit(a, was) {
			return errs.New(errs.Conflict, "mp.err.edit_stage")
		}
		p := was
		p.Kind, p.Category, p.Title, p.Description, p.Location, p.Budget = in.Kind, in.Category, in.Title, in.Description, in.Location, in.Budget
		f := errs.Fields{}
		none := ""
		check(f, &p, &none, &none)
		if p.Stage == Reviewed && p.Budget <= 0 {
			f.Add("budget", "mp.err.budget_required") // the review passed it with one
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := checkMoney(ctx, tx, p); err != nil {
			return err
		}
		p.UpdatedAt = s.now()
		if err := update(ctx, tx, p, was); err != nil {
			return err
		}
		if err := addEvent(ctx, tx, a, p.ID, "edit", p.Stage, p.Stage, "", p.UpdatedAt); err != nil {
			return err
		}
		out = p
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "microproject.edit", Entity: "microproject", EntityID: p.ID,
			Before: was.auditView(), After: p.auditView()})
	})
	if err != nil {
		return Project{}, err
	}
	return s.Get(ctx, a, out.ID)
}

// Get reads one project in the actor's scope with its timeline and records.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Project, error) {
	p, err := getInScope(ctx, s.DB.R, a, id)
	if err != nil {
		return p, err
	}
	return p, details(ctx, s.DB.R, &p, true)
}
