package thinktank

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// Limits of an expert's text, in characters.
const (
	MaxName         = 30
	MaxOrganisation = 100
	MaxTitle        = 50
)

// Expert is one appointed expert. Mobile is always masked here.
type Expert struct {
	ID            int64  `json:"id"`
	Name          string `json:"name"`
	Field         Field  `json:"field"`
	Organisation  string `json:"organisation"`
	Title         string `json:"title"`
	CommunityID   int64  `json:"community_id"`
	CommunityName string `json:"community_name"`
	// AppointedFrom and AppointedTo are the term, both days included.
	AppointedFrom string `json:"appointed_from"`
	AppointedTo   string `json:"appointed_to"`
	// Active: today lies within the term.
	Active   bool   `json:"active"`
	Mobile   string `json:"mobile"` // masked
	UserID   int64  `json:"user_id,omitempty"`
	Username string `json:"username,omitempty"`
	// Load is the consultations assigned to the expert and not yet
	// answered; Consultations all those ever assigned.
	Load          int       `json:"load"`
	Consultations int       `json:"consultations"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
	communityPath string
	mobile        string // in full, for the reveal only
}

// ExpertInput is the register's form of an expert. On an update a mobile
// equal to the masked one keeps the number stored.
type ExpertInput struct {
	Name          string `json:"name"`
	Field         Field  `json:"field"`
	Organisation  string `json:"organisation"`
	Title         string `json:"title"`
	CommunityID   int64  `json:"community_id"`
	AppointedFrom string `json:"appointed_from"`
	AppointedTo   string `json:"appointed_to"`
	Mobile        string `json:"mobile"`
	UserID        int64  `json:"user_id"`
}

// ActiveOn reports whether the term includes day (YYYY-MM-DD).
func (x Expert) ActiveOn(day string) bool { return x.AppointedFrom <= day && day <= x.AppointedTo }

// expertColumns are read by scanExpert; the load and the count are
// subqueries on the consultations of each expert (consultations_expert).
const expertColumns = `x.id, x.name, x.field, x.organisation, x.title, x.community_id, xc.name, xc.path,
	x.appointed_from, x.appointed_to, x.mobile, COALESCE(x.user_id, 0), COALESCE(xu.username, ''),
	(SELECT count(*) FROM consultations l WHERE l.expert_id = x.id AND l.state = 'assigned'),
	(SELECT count(*) FROM consultations l WHERE l.expert_id = x.id),
	x.created_at, x.updated_at`

func scanExpert(row interface{ Scan(...any) error }, today string) (Expert, error) {
	var x Expert
	var created, updated int64
	err := row.Scan(&x.ID, &x.Name, &x.Field, &x.Organisation, &x.Title, &x.CommunityID, &x.CommunityName, &x.communityPath,
		&x.AppointedFrom, &x.AppointedTo, &x.mobile, &x.UserID, &x.Username, &x.Load, &x.Consultations, &created, &updated)
	x.CreatedAt, x.UpdatedAt = db.Time(created), db.Time(updated)
	x.Mobile = pii.MaskMobile(x.mobile)
	x.Active = x.ActiveOn(today)
	return x, err
}

// getExpert reads one expert in the actor's scope; any other is not found.
func (s *Service) getExpert(ctx context.Context, q db.Querier, a access.Actor, id int64) (Expert, error) {
	var w db.Where
	w.And("x.id = ?", id)
	expertScope(&w, a)
	x, err := scanExpert(q.QueryRowContext(ctx, "SELECT "+expertColumns+expertFrom+w.SQL(), w.Args...), s.today())
	if errors.Is(err, sql.ErrNoRows) {
		return x, errs.E(errs.NotFound)
	}
	return x, errs.Wrap(err, "expert get")
}

// Expert reads one expert in the actor's scope.
func (s *Service) Expert(ctx context.Context, a access.Actor, id int64) (Expert, error) {
	return s.getExpert(ctx, s.DB.R, a, id)
}

// parseDay checks a calendar day, naming field when it is not one.
func parseDay(f errs.Fields, field, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		f.Add(field, "err.required")
		return ""
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		f.Add(field, "err.bad_date")
		return ""
	}
	return t.Format(time.DateOnly)
}

func checkLen(f errs.Fields, field string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	switch {
	case *s == "" && required:
		f.Add(field, "err.required")
	case utf8.RuneCountInString(*s) > max:
		f.Add(field, "err.too_long")
	}
}

// validateExpert checks the input against the database: the community
// must be one the actor keeps, the account one of role expert in the
// actor's scope not linked to another expert. It returns the mobile to
// store: keep (the stored one) when the input sends it back masked.
func (s *Service) validateExpert(ctx context.Context, q db.Querier, a access.Actor, in *ExpertInput, id int64, keep string) (string, error) {
	f := errs.Fields{}
	checkLen(f, "name", &in.Name, MaxName, true)
	checkLen(f, "organisation", &in.Organisation, MaxOrganisation, false)
	checkLen(f, "title", &in.Title, MaxTitle, false)
	if !in.Field.Valid() {
		f.Add("field", "tt.err.field")
	}
	from, to := parseDay(f, "appointed_from", in.AppointedFrom), parseDay(f, "appointed_to", in.AppointedTo)
	if from != "" && to != "" && to < from {
		f.Add("appointed_to", "tt.err.term")
	}
	in.AppointedFrom, in.AppointedTo = from, to
	mobile := keep
	if m := strings.TrimSpace(in.Mobile); m != pii.MaskMobile(keep) || keep == "" {
		mobile = ""
		if m != "" {
			n, ok := pii.NormalizeMobile(m)
			if !ok {
				f.Add("mobile", "err.mobile")
			}
			mobile = n
		}
	}
	var path string
	if in.CommunityID <= 0 {
		f.Add("community_id", "err.required")
	} else if err := q.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND kind = $2 AND active = TRUE",
		in.CommunityID, string(org.Community)).Scan(&path); err != nil || !keepsRegister(a, path) {
		f.Add("community_id", "err.unit_unknown")
	}
	if in.UserID > 0 {
		var role, unitPath string
		var other int64
		err := q.QueryRowContext(ctx, `SELECT u.role, COALESCE(n.path, ''), COALESCE((SELECT x.id FROM experts x WHERE x.user_id = u.id AND x.id <> $2), 0)
			FROM users u LEFT JOIN units n ON n.id = u.unit_id WHERE u.id = $1`, in.UserID, id).Scan(&role, &unitPath, &other)
		switch {
		case err != nil || role != string(access.Expert) || !a.Covers(unitPath):
			f.Add("user_id", "tt.err.user_role")
		case other > 0:
			f.Add("user_id", "tt.err.user_linked")
		}
	}
	return mobile, f.Err()
}

// expertAudit is an expert as the audit log records it: no name and no
// mobile number.
type expertAudit struct {
	ID            int64  `json:"id"`
	Field         Field  `json:"field"`
	CommunityID   int64  `json:"community_id"`
	AppointedFrom string `json:"appointed_from"`
	AppointedTo   string `json:"appointed_to"`
	UserID        int64  `json:"user_id,omitempty"`
}

func (x Expert) audit() expertAudit {
	return expertAudit{ID: x.ID, Field: x.Field, CommunityID: x.CommunityID, AppointedFrom: x.AppointedFrom,
		AppointedTo: x.AppointedTo, UserID: x.UserID}
}

// CreateExpert appoints an expert in a community the actor keeps.
func (s *Service) CreateExpert(ctx context.Context, a access.Actor, in ExpertInput) (Expert, error) {
	if !MayKeepExperts(a) {
		return Expert{}, errs.E(errs.NotFound)
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		mobile, err := s.validateExpert(ctx, tx, a, &in, 0, "")
		if err != nil {
			return err
		}
		now := db.Micros(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO experts (name, field, organisation, title, community_id, appointed_from,
			appointed_to, mobile, user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			in.Name, string(in.Field), in.Organisation, in.Title, in.CommunityID, in.AppointedFrom, in.AppointedTo, mobile,
			nullID(in.UserID), now).Scan(&id); err != nil {
			return errs.Wrap(err, "expert insert")
		}
		x, err := s.getExpert(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "expert.create", Entity: "expert", EntityID: id, After: x.audit()})
	})
	if err != nil {
		return Expert{}, err
	}
	return s.Expert(ctx, a, id)
}

// UpdateExpert changes an expert the actor keeps; the community may
// change only to another the actor keeps.
func (s *Service) UpdateExpert(ctx context.Context, a access.Actor, id int64, in ExpertInput) (Expert, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := s.getExpert(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !keepsRegister(a, was.communityPath) {
			return errs.E(errs.NotFound)
		}
		mobile, err := s.validateExpert(ctx, tx, a, &in, id, was.mobile)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE experts SET name = $1, field = $2, organisation = $3, title = $4, community_id = $5,
			appointed_from = $6, appointed_to = $7, mobile = $8, user_id = $9, updated_at = $10 WHERE id = $11`,
			in.Name, string(in.Field), in.Organisation, in.Title, in.CommunityID, in.AppointedFrom, in.AppointedTo, mobile,
			nullID(in.UserID), db.Micros(s.now()), id); err != nil {
			return errs.Wrap(err, "expert update")
		}
		x, err := s.getExpert(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "expert.update", Entity: "expert", EntityID: id,
			Before: was.audit(), After: x.audit()})
	})
	if err != nil {
		return Expert{}, err
	}
	return s.Expert(ctx, a, id)
}

// RevealMobile returns an expert's mobile in full, for calling them, after
// recording why (audit.Log.Reveal). Those who keep the expert's register
// may; to anyone else, and for an expert without a number, it is not found.
func (s *Service) RevealMobile(ctx context.Context, a access.Actor, id int64, reason, note string) (string, error) {
	var mobile string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		x, err := s.getExpert(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !keepsRegister(a, x.communityPath) || x.mobile == "" {
			return errs.E(errs.NotFound)
		}
		if err := s.Audit.Reveal(ctx, tx, a, audit.Reveal{Entity: "expert", EntityID: id, Field: "mobile", Reason: reason, Note: note}); err != nil {
			return err
		}
		mobile = x.mobile
		return nil
	})
	return mobile, err
}

// MayReveal reports whether the actor may reveal x's mobile, for the page.
func MayReveal(a access.Actor, x Expert) bool {
	return x.mobile != "" && keepsRegister(a, x.communityPath)
}

// MayEdit reports whether the actor keeps x's register, for the page.
func MayEdit(a access.Actor, x Expert) bool { return keepsRegister(a, x.communityPath) }

func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
