package enterprise

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Form is how a visit was made.
type Form string

const (
	OnSite  Form = "on_site" // 实地走访
	Meeting Form = "meeting" // 座谈
	Phone   Form = "phone"   // 电话
)

// Forms lists the forms in display order.
var Forms = []Form{OnSite, Meeting, Phone}

// Valid reports whether f is a known form.
func (f Form) Valid() bool {
	for _, x := range Forms {
		if x == f {
			return true
		}
	}
	return false
}

// Person is someone who went on a visit: an account, or a person named
// without one (a community worker, a leader from the district).
type Person struct {
	UserID int64  `json:"user_id"`
	Name   string `json:"name"`
}

// Visit is one visit (走访) to an enterprise.
type Visit struct {
	ID             int64        `json:"id"`
	EnterpriseID   int64        `json:"enterprise_id"`
	EnterpriseName string       `json:"enterprise_name"`
	Date           string       `json:"date"` // YYYY-MM-DD, China Standard Time
	Form           Form         `json:"form"`
	Findings       string       `json:"findings"`
	People         []Person     `json:"people"`
	CreatedBy      int64        `json:"created_by"`
	CreatedAt      time.Time    `json:"created_at"`
	Attachments    []Attachment `json:"attachments"`
}

// VisitInput is a visit as recorded on the form.
type VisitInput struct {
	EnterpriseID int64    `json:"enterprise_id"`
	Date         string   `json:"date"`
	Form         Form     `json:"form"`
	Findings     string   `json:"findings"`
	People       []Person `json:"people"`
	Photos       []Upload `json:"-"`
}

// Limits of a visit record.
const (
	MaxFindings   = 5000
	MaxPeople     = 20
	MaxPersonName = 40
	// FirstVisitDate bounds dates typed by hand: nothing in the registry
	// predates it, and a year of 0202 is a slip of the finger.
	FirstVisitDate = "2000-01-01"
)

// zone is where a visit's date is a date: the sub-district's.
var zone = i18n.Zone

// validate checks what can be checked without the database. now decides
// which dates are in the future.
func (in *VisitInput) validate(now time.Time) errs.Fields {
	f := errs.Fields{}
	in.Date = strings.TrimSpace(in.Date)
	in.Findings = strings.TrimSpace(in.Findings)
	in.Form = Form(strings.TrimSpace(string(in.Form)))
	if in.EnterpriseID <= 0 {
		f.Add("enterprise_id", "err.required")
	}
	if d, err := time.ParseInLocation(time.DateOnly, in.Date, zone); err != nil {
		f.Add("date", "err.bad_date")
	} else {
		in.Date = d.Format(time.DateOnly)
		if in.Date > now.In(zone).Format(time.DateOnly) {
			f.Add("date", "err.visit_date_future")
		} else if in.Date < FirstVisitDate {
			f.Add("date", "err.visit_date_old")
		}
	}
	if !in.Form.Valid() {
		f.Add("form", "err.visit_form")
	}
	if utf8.RuneCountInString(in.Findings) > MaxFindings {
		f.Add("findings", "err.too_long")
	}
	switch {
	case len(in.People) == 0:
		f.Add("people", "err.visit_people")
	case len(in.People) > MaxPeople:
		f.Add("people", "err.visit_people_too_many")
	}
	// The caller's slice is theirs: trim a copy.
	in.People = slices.Clone(in.People)
	for i := range in.People {
		p := &in.People[i]
		p.Name = strings.TrimSpace(p.Name)
		switch {
		case p.UserID < 0:
			f.Add("people", "err.visit_person_unknown")
		case p.UserID == 0 && p.Name == "":
			f.Add("people", "err.visit_person_name")
		case p.UserID == 0 && utf8.RuneCountInString(p.Name) > MaxPersonName:
			f.Add("people", "err.too_long")
		}
	}
	if err := CheckUploads("photos", in.Photos); err != nil {
		for k, v := range errs.As(err).Fields {
			f.Add(k, v)
		}
	}
	return f
}

// resolvePeople names each account by its display name, the name the rest
// of the platform knows it by, and drops an account listed twice. An
// account is one of the people only when the actor could have gone with
// it: the actor, the enterprise's 四个一 leader or specialist (whom the
// form offers), or an account whose unit lies in the actor's scope. Any
// other id is refused exactly like an unknown one, so that a visit can
// neither name nor reveal the display name of an account out of sight.
func resolvePeople(ctx context.Context, q db.Querier, a access.Actor, e Enterprise, people []Person, f errs.Fields) ([]Person, error) {
	out := make([]Person, 0, len(people))
	seen := map[int64]bool{}
	for _, p := range people {
		if p.UserID > 0 {
			if seen[p.UserID] {
				continue
			}
			seen[p.UserID] = true
			var name string
			err := q.QueryRowContext(ctx, `SELECT u.display_name FROM users u LEFT JOIN units n ON n.id = u.unit_id
				WHERE u.id = $1 AND (u.id IN ($2, $3, $4) OR n.path LIKE $5)`,
				p.UserID, a.UserID, e.LeaderID, e.SpecialistID, a.ScopePattern()).Scan(&name)
			if errors.Is(err, sql.ErrNoRows) {
				f.Add("people", "err.visit_person_unknown")
				continue
			}
			if err != nil {
				return nil, errs.Wrap(err, "visit person")
			}
			p.Name = name
		}
		out = append(out, p)
	}
	sortPeople(out)
	return out, nil
}

// RecordVisit records a visit with its people and photos in one
// transaction.
func (s *Service) RecordVisit(ctx context.Context, a access.Actor, in VisitInput) (Visit, error) {
	var v Visit
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = s.RecordVisitTx(ctx, tx, a, in)
		return err
	})
	return v, err
}

// RecordVisitTx records a visit inside the caller's transaction, so that
// the appeal module can record a visit and the appeals raised on it all or
// nothing. Specialists record visits to their enterprises, communities to
// theirs, leaders and the office to any in scope; anyone else, or any
// enterprise out of scope, gets not found.
func (s *Service) RecordVisitTx(ctx context.Context, tx *sql.Tx, a access.Actor, in VisitInput) (Visit, error) {
	if !canRecordVisit(a) {
		return Visit{}, errs.E(errs.NotFound)
	}
	f := in.validate(s.Now())
	var e Enterprise
	if in.EnterpriseID > 0 {
		var err error
		if e, err = getInScope(ctx, tx, a, in.EnterpriseID); err != nil {
			return Visit{}, err
		}
	}
	var people []Person
	if len(in.People) <= MaxPeople { // never one query per entry of an oversized list
		var err error
		if people, err = resolvePeople(ctx, tx, a, e, in.People, f); err != nil {
			return Visit{}, err
		}
	}
	if err := f.Err(); err != nil {
		return Visit{}, err
	}
	v := Visit{EnterpriseID: e.ID, EnterpriseName: e.Name, Date: in.Date, Form: in.Form, Findings: in.Findings,
		People: people, CreatedBy: a.UserID, CreatedAt: s.now()}
	if err := tx.QueryRowContext(ctx, `INSERT INTO visits (enterprise_id, visit_date, form, findings, created_by, created_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		v.EnterpriseID, v.Date, v.Form, v.Findings, nullID(a.UserID), db.Micros(v.CreatedAt)).Scan(&v.ID); err != nil {
		return Visit{}, errs.Wrap(err, "visit insert")
	}
	for _, p := range people {
		if _, err := tx.ExecContext(ctx, "INSERT INTO visit_people (visit_id, user_id, name) VALUES ($1, $2, $3)",
			v.ID, nullID(p.UserID), p.Name); err != nil {
			return Visit{}, errs.Wrap(err, "visit person insert")
		}
	}
	var err error
	if v.Attachments, err = s.SaveAttachmentsTx(ctx, tx, a, OwnerVisit, v.ID, in.Photos); err != nil {
		return Visit{}, err
	}
	return v, s.Audit.Append(ctx, tx, a, audit.Entry{Action: "visit.create", Entity: "visit", EntityID: v.ID, After: v.auditView()})
}

// visitAudit is a visit as the audit log keeps it. Findings are free
// text and may hold a phone or ID-card number typed in passing; the log is
// append-only and kept for years, so it holds the text's length and hash,
// which prove what was recorded without repeating it.
type visitAudit struct {
	ID             int64        `json:"id"`
	EnterpriseID   int64        `json:"enterprise_id"`
	Date           string       `json:"date"`
	Form           Form         `json:"form"`
	FindingsRunes  int          `json:"findings_runes"`
	FindingsSHA256 string       `json:"findings_sha256"`
	People         []Person     `json:"people"`
	Attachments    []Attachment `json:"attachments"`
}

func (v Visit) auditView() visitAudit {
	sum := sha256.Sum256([]byte(v.Findings))
	return visitAudit{ID: v.ID, EnterpriseID: v.EnterpriseID, Date: v.Date, Form: v.Form,
		FindingsRunes: utf8.RuneCountInString(v.Findings), FindingsSHA256: hex.EncodeToString(sum[:]),
		People: v.People, Attachments: v.Attachments}
}
