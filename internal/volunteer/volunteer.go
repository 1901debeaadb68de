package volunteer

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
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
)

// Volunteer is one registered volunteer. Mobile and IDNumber are always
// masked.
type Volunteer struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	Mobile        string    `json:"mobile"`
	IDNumber      string    `json:"id_number"`
	CommunityID   int64     `json:"community_id"`
	CommunityName string    `json:"community_name"`
	Organisation  string    `json:"organisation"`
	Skills        string    `json:"skills"`
	RegisteredOn  string    `json:"registered_on"`
	UserID        int64     `json:"user_id"`
	UserName      string    `json:"user_name"`
	UpdatedAt     time.Time `json:"updated_at"`
	// Teams are the joint teams the volunteer belongs to (Get only).
	Teams []Ref `json:"teams,omitempty"`
}

// Ref names a record.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Input is a volunteer's registration. On an update an empty Mobile or
// IDNumber keeps the stored one, since forms show them masked.
type Input struct {
	Name         string `json:"name"`
	Mobile       string `json:"mobile"`
	IDNumber     string `json:"id_number"`
	CommunityID  int64  `json:"community_id"`
	Organisation string `json:"organisation"`
	Skills       string `json:"skills"`
	RegisteredOn string `json:"registered_on"`
	UserID       int64  `json:"user_id"`
}

const volunteerColumns = `v.id, v.name, v.mobile, v.id_number, v.community_id, c.name, v.organisation, v.skills, v.registered_on,
	COALESCE(v.user_id, 0), COALESCE(lu.display_name, ''), v.updated_at`

// scanVolunteer reads volunteerColumns, masking the personal numbers on
// the way out.
func scanVolunteer(row interface{ Scan(...any) error }, extra ...any) (Volunteer, error) {
	var v Volunteer
	var updated int64
	err := row.Scan(append([]any{&v.ID, &v.Name, &v.Mobile, &v.IDNumber, &v.CommunityID, &v.CommunityName, &v.Organisation,
		&v.Skills, &v.RegisteredOn, &v.UserID, &v.UserName, &updated}, extra...)...)
	v.UpdatedAt = db.Time(updated)
	v.Mobile, v.IDNumber = pii.MaskMobile(v.Mobile), pii.MaskIDCard(v.IDNumber)
	return v, err
}

// auditView is what the audit log keeps of a volunteer: no numbers.
func (v Volunteer) auditView() map[string]any {
	return map[string]any{"name": v.Name, "community_id": v.CommunityID, "organisation": v.Organisation,
		"skills": v.Skills, "registered_on": v.RegisteredOn, "user_id": v.UserID}
}

// ParseDay reads a calendar date, YYYY-MM-DD, in China Standard Time.
func ParseDay(s string) (time.Time, bool) {
	t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(s), i18n.Zone)
	return t, err == nil
}

// check validates in and returns the normalised numbers; stored holds the
// numbers kept when the input leaves them empty (an update).
func (s *Service) check(ctx context.Context, q db.Querier, a access.Actor, in *Input, update bool) (errs.Fields, string, string, string) {
	f := errs.Fields{}
	in.Name, in.Organisation, in.Skills = strings.TrimSpace(in.Name), strings.TrimSpace(in.Organisation), strings.TrimSpace(in.Skills)
	switch {
	case in.Name == "":
		f.Add("name", "err.required")
	case utf8.RuneCountInString(in.Name) > MaxName:
		f.Add("name", "err.too_long")
	}
	mobile := ""
	switch m := strings.TrimSpace(in.Mobile); {
	case m == "" && update:
	case m == "":
		f.Add("mobile", "err.required")
	default:
		n, ok := pii.NormalizeMobile(m)
		if !ok {
			f.Add("mobile", "err.mobile")
		}
		mobile = n
	}
	idNumber := ""
	if raw := strings.TrimSpace(in.IDNumber); raw != "" {
		idNumber = pii.NormalizeIDCard(raw)
		if !pii.ValidIDCard(idNumber, s.now()) {
			f.Add("id_number", "vol.err.id_number")
		}
	}
	if utf8.RuneCountInString(in.Organisation) > MaxText {
		f.Add("organisation", "err.too_long")
	}
	if utf8.RuneCountInString(in.Skills) > MaxSkills {
		f.Add("skills", "err.too_long")
	}
	if _, ok := ParseDay(in.RegisteredOn); !ok {
		f.Add("registered_on", "err.bad_date")
	}
	in.RegisteredOn = strings.TrimSpace(in.RegisteredOn)
	name := community(ctx, q, a, f, "community_id", in.CommunityID)
	if in.UserID > 0 {
		var active bool
		if err := q.QueryRowContext(ctx, "SELECT active FROM users WHERE id = $1", in.UserID).Scan(&active); err != nil || !active {
			f.Add("user_id", "vol.err.user")
		}
	}
	return f, mobile, idNumber, name
}

// Create registers a volunteer in a community of the actor's scope.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Volunteer, error) {
	if !staff(a) {
		return Volunteer{}, errs.E(errs.NotFound)
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		f, mobile, idNumber, _ := s.check(ctx, tx, a, &in, false)
		if err := f.Err(); err != nil {
			return err
		}
		now := db.Micros(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteers (name, mobile, id_number, community_id, organisation, skills,
			registered_on, user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			in.Name, mobile, idNumber, in.CommunityID, in.Organisation, in.Skills, in.RegisteredOn, nullID(in.UserID), now).Scan(&id); err != nil {
			return errs.Wrap(err, "volunteer insert")
		}
		v, err := getVolunteer(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer.create", Entity: "volunteer", EntityID: id, After: v.auditView()})
	})
	if err != nil {
		return Volunteer{}, err
	}
	return s.Get(ctx, a, id)
}

// Update changes a volunteer's registration; the community may move only
// within the actor's scope.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Volunteer, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, err := getVolunteer(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !staff(a) {
			return errs.E(errs.NotFound)
		}
		f, mobile, idNumber, _ := s.check(ctx, tx, a, &in, true)
		if err := f.Err(); err != nil {
			return err
		}
		// #nosec G202 -- constant SQL; only the numbers given are written
		q := `UPDATE volunteers SET name = $1, community_id = $2, organisation = $3, skills = $4, registered_on = $5, user_id = $6,
			updated_at = $7, mobile = CASE WHEN $8 = '' THEN mobile ELSE $8 END, id_number = CASE WHEN $9 = '' THEN id_number ELSE $9 END
			WHERE id = $10`
		if _, err := tx.ExecContext(ctx, q, in.Name, in.CommunityID, in.Organisation, in.Skills, in.RegisteredOn, nullID(in.UserID),
			db.Micros(s.now()), mobile, idNumber, id); err != nil {
			return errs.Wrap(err, "volunteer update")
		}
		v, err := getVolunteer(ctx, tx, a, id)
		if err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer.update", Entity: "volunteer", EntityID: id,
			Before: was.auditView(), After: v.auditView()})
	})
	if err != nil {
		return Volunteer{}, err
	}
	return s.Get(ctx, a, id)
}

// getVolunteer reads one volunteer the actor may see; any other is not
// found, whether it exists or not.
func getVolunteer(ctx context.Context, q db.Querier, a access.Actor, id int64) (Volunteer, error) {
	var w db.Where
	w.And("v.id = ?", id)
	volunteerScope(&w, a)
	v, err := scanVolunteer(q.QueryRowContext(ctx, "SELECT "+volunteerColumns+volunteerFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return v, errs.E(errs.NotFound)
	}
	return v, errs.Wrap(err, "volunteer get")
}

// Get reads one volunteer in the actor's scope with their teams.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Volunteer, error) {
	v, err := getVolunteer(ctx, s.DB.R, a, id)
	if err != nil {
		return v, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT t.id, t.name FROM volunteer_team_members m JOIN volunteer_teams t ON t.id = m.team_id
		WHERE m.volunteer_id = $1 ORDER BY t.id`, id)
	if err != nil {
		return v, errs.Wrap(err, "volunteer teams")
	}
	defer rows.Close()
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return v, errs.Wrap(err, "volunteer teams")
		}
		v.Teams = append(v.Teams, r)
	}
	return v, errs.Wrap(rows.Err(), "volunteer teams")
}

// MayEdit reports whether the actor may change v.
func MayEdit(a access.Actor) bool { return staff(a) }

// VolunteerFilter selects volunteers in the actor's scope.
type VolunteerFilter struct {
	Query  string // in the name, the organisation and the skills
	UnitID int64  // the community, or a unit above it
	TeamID int64
	Page   db.Page
}

func (s *Service) volunteerWhere(ctx context.Context, w *db.Where, a access.Actor, f VolunteerFilter) {
	volunteerScope(w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		il := s.DB.ILike()
		w.And("(v.name "+il+" ? ESCAPE '\\' OR v.organisation "+il+" ? ESCAPE '\\' OR v.skills "+il+" ? ESCAPE '\\')", pat, pat, pat)
	}
	if f.UnitID > 0 {
		unitFilter(ctx, s.DB.R, w, f.UnitID)
	}
	if f.TeamID > 0 {
		w.And("EXISTS (SELECT 1 FROM volunteer_team_members m WHERE m.volunteer_id = v.id AND m.team_id = ?)", f.TeamID)
	}
}

// unitFilter keeps the records of the unit's subtree; an unknown unit
// keeps none.
func unitFilter(ctx context.Context, q db.Querier, w *db.Where, unitID int64) {
	var path string
	if err := q.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", unitID).Scan(&path); err != nil {
		w.And("1 = 0")
		return
	}
	w.And("c.path LIKE ?", path+"%")
}

// Volunteers returns one page of the volunteers in the actor's scope
// that f selects, by name.
func (s *Service) Volunteers(ctx context.Context, a access.Actor, f VolunteerFilter) (db.List[Volunteer], error) {
	out := db.List[Volunteer]{Items: []Volunteer{}}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxText {
		return out, errs.InvalidField("q", "err.too_long")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	sel := db.Select{Columns: volunteerColumns, From: volunteerFrom, Order: "v.name, v.id"}
	s.volunteerWhere(ctx, &sel.Where, a, f)
	return db.SelectPage(ctx, s.DB.R, "volunteer", sel, f.Page, func(r db.Row) (Volunteer, error) { return scanVolunteer(r) })
}

// RevealMobile returns a volunteer's mobile in full, for calling them,
// after recording why (audit.Log.Reveal). Only the staff who keep the
// volunteer may; to anyone else it is not found.
func (s *Service) RevealMobile(ctx context.Context, a access.Actor, id int64, reason, note string) (string, error) {
	if !staff(a) {
		return "", errs.E(errs.NotFound)
	}
	var mobile string
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if _, err := getVolunteer(ctx, tx, a, id); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT mobile FROM volunteers WHERE id = $1", id).Scan(&mobile); err != nil {
			return errs.Wrap(err, "volunteer mobile")
		}
		return s.Audit.Reveal(ctx, tx, a, audit.Reveal{Entity: "volunteer", EntityID: id, Field: "mobile", Reason: reason, Note: note})
	})
	return mobile, err
}
