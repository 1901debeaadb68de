package campaign

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Kind is what an activity is.
type Kind string

const (
	Mobilisation Kind = "mobilisation" // 动员大会
	Study        Kind = "study"        // 学习会
	Research     Kind = "research"     // 调研走访
	Discussion   Kind = "discussion"   // 座谈讨论
	OtherKind    Kind = "other"
)

// Kinds lists the kinds in display order.
var Kinds = []Kind{Mobilisation, Study, Research, Discussion, OtherKind}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Activity is a meeting or visit of a campaign phase.
type Activity struct {
	ID           int64     `json:"id"`
	CampaignID   int64     `json:"campaign_id"`
	CampaignName string    `json:"campaign_name"`
	PhaseID      int64     `json:"phase_id"`
	PhaseName    string    `json:"phase_name"`
	Kind         Kind      `json:"kind"`
	Title        string    `json:"title"`
	Place        string    `json:"place"`
	StartsAt     time.Time `json:"starts_at"`
	EndsAt       time.Time `json:"ends_at"`
	Units        []UnitRef `json:"units"`
	Invited      int       `json:"invited"`
	SignedIn     int       `json:"signed_in"`
	OnLeave      int       `json:"on_leave"`
	// Code is the sign-in code, shown to the organisers only; empty for
	// anyone else.
	Code string `json:"code,omitempty"`
	// Manage reports whether the reader organises the activity.
	Manage bool `json:"manage"`
	// Mine is the reader's own invitation, nil when not invited.
	Mine *Invitation `json:"mine,omitempty"`
}

// UnitRef names a unit.
type UnitRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Date is the CST date of the activity.
func (v Activity) Date() string { return v.StartsAt.In(cst).Format(time.DateOnly) }

// Window is when the sign-in code works: from half an hour before the
// start to the end of the meeting.
func (v Activity) Window() (from, until time.Time) { return v.StartsAt.Add(-SignInEarly), v.EndsAt }

// SignInEarly is how long before the start the code begins to work:
// people arrive and sign in before a meeting opens.
const SignInEarly = 30 * time.Minute

// ActivityInput is a new activity. Date is a CST date, Start and End CST
// times (15:04). Without a phase, the campaign's phase covering the date
// is taken. Invitees are the users named and the active users of the units
// named in InviteUnitIDs.
type ActivityInput struct {
	CampaignID    int64   `json:"campaign_id"`
	PhaseID       int64   `json:"phase_id"`
	Kind          Kind    `json:"kind"`
	Title         string  `json:"title"`
	Place         string  `json:"place"`
	Date          string  `json:"date"`
	Start         string  `json:"start"`
	End           string  `json:"end"`
	UnitIDs       []int64 `json:"unit_ids"`
	UserIDs       []int64 `json:"user_ids"`
	InviteUnitIDs []int64 `json:"invite_unit_ids"`
}

// Limits of an activity.
const (
	MaxTitle    = 100
	MaxPlace    = 100
	MaxUnits    = 20
	MaxInvitees = 2000
)

// validate trims in and checks what needs no database; it returns the
// meeting's start and end.
func (in *ActivityInput) validate() (errs.Fields, time.Time, time.Time) {
	f := errs.Fields{}
	in.Title = strings.TrimSpace(in.Title)
	in.Place = strings.TrimSpace(in.Place)
	checkText(f, "title", in.Title, MaxTitle, true)
	checkText(f, "place", in.Place, MaxPlace, false)
	switch {
	case in.Kind == "":
		f.Add("kind", "err.required")
	case !in.Kind.Valid():
		f.Add("kind", "err.activity_kind")
	}
	if in.CampaignID <= 0 {
		f.Add("campaign_id", "err.required")
	}
	var starts, ends time.Time
	day, dayOK := parseDate(in.Date)
	if !dayOK {
		f.Add("date", "err.bad_date")
	}
	st, stOK := clock(in.Start)
	en, enOK := clock(in.End)
	if !stOK {
		f.Add("start", "err.activity_time")
	}
	if !enOK {
		f.Add("end", "err.activity_time")
	}
	if dayOK && stOK && enOK {
		starts, ends = day.Add(st).UTC(), day.Add(en).UTC()
		if !ends.After(starts) {
			f.Add("end", "err.campaign_date_order")
		}
	}
	in.UnitIDs = dedupe(in.UnitIDs)
	in.UserIDs = dedupe(in.UserIDs)
	in.InviteUnitIDs = dedupe(in.InviteUnitIDs)
	switch {
	case len(in.UnitIDs) == 0:
		f.Add("unit_ids", "err.required")
	case len(in.UnitIDs) > MaxUnits:
		f.Add("unit_ids", "err.campaign_too_many")
	}
	if len(in.UserIDs) > MaxInvitees {
		f.Add("user_ids", "err.campaign_too_many")
	}
	if len(in.InviteUnitIDs) > MaxUnits {
		f.Add("invite_unit_ids", "err.campaign_too_many")
	}
	return f, starts, ends
}

// clock reads "15:04" as the time since midnight.
func clock(s string) (time.Duration, bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, false
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, true
}

// dedupe drops repeated and non-positive ids, keeping the order.
func dedupe(ids []int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if id > 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// CreateActivity records an activity with its organisers and invitations.
// Leaders and the office organise for any unit in their scope; a
// department or a community for its own unit (or below). The activity's
// date must lie in its phase.
func (s *Service) CreateActivity(ctx context.Context, a access.Actor, in ActivityInput) (Activity, error) {
	if !canOrganise(a) || !a.HasScope() {
		return Activity{}, errs.E(errs.NotFound)
	}
	f, starts, ends := in.validate()
	var v Activity
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		c, people, err := s.checkActivity(ctx, tx, a, &in, starts, f)
		if err != nil {
			return err
		}
		now := s.now()
		code, err := newCode()
		if err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO activities (campaign_id, phase_id, kind, title, place, starts_at, ends_at,
			code, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			c.ID, in.PhaseID, string(in.Kind), in.Title, in.Place, db.Micros(starts), db.Micros(ends), code,
			nullID(a.UserID), db.Micros(now)).Scan(&v.ID); err != nil {
			return errs.Wrap(err, "activity insert")
		}
		for _, id := range in.UnitIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO activity_units (activity_id, unit_id) VALUES ($1, $2)", v.ID, id); err != nil {
				return errs.Wrap(err, "activity unit insert")
			}
		}
		for _, p := range people {
			if err := invite(ctx, tx, v.ID, p, now, false); err != nil {
				return err
			}
		}
		if v, err = s.getActivity(ctx, tx, a, v.ID, true); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "activity.create", Entity: "activity", EntityID: v.ID,
			After: auditOf(v, in.UnitIDs, len(people))})
	})
	if err != nil {
		return Activity{}, err
	}
	return v, nil
}

// checkActivity checks what needs the database, adding to f: the campaign
// in scope, the phase that holds the date (in.PhaseID is set to it), the
// organising units in scope, and the people to invite. It returns the
// error of f when there is one.
func (s *Service) checkActivity(ctx context.Context, tx *sql.Tx, a access.Actor, in *ActivityInput, starts time.Time, f errs.Fields) (Campaign, []person, error) {
	var c Campaign
	if in.CampaignID > 0 {
		var w db.Where
		w.And("c.id = ?", in.CampaignID)
		campaignScope(&w, a)
		var err error
		c, err = scanCampaign(tx.QueryRowContext(ctx, "SELECT "+campaignColumns+campaignFrom+w.SQL(), w.Args...))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			f.Add("campaign_id", "err.campaign_unknown")
		case err != nil:
			return c, nil, errs.Wrap(err, "activity campaign")
		default:
			if c.Phases, err = phasesOf(ctx, tx, c.ID); err != nil {
				return c, nil, err
			}
		}
	}
	if c.ID > 0 && !starts.IsZero() {
		d := starts.In(cst).Format(time.DateOnly)
		var phase Phase
		ok := false
		if in.PhaseID > 0 {
			for _, p := range c.Phases {
				if p.ID == in.PhaseID {
					phase, ok = p, true
				}
			}
			if !ok {
				f.Add("phase_id", "err.campaign_phase_unknown")
			} else if !phase.Holds(d) {
				f.Add("date", "err.activity_outside_phase")
			}
		} else if phase, ok = c.PhaseOn(d); !ok {
			f.Add("date", "err.activity_outside_phase")
		}
		in.PhaseID = phase.ID
	}
	for _, id := range in.UnitIDs {
		if _, err := unitInScope(ctx, tx, a, id, "unit_ids"); err != nil {
			if errs.CodeOf(err) != errs.Invalid {
				return c, nil, err
			}
			f.Add("unit_ids", "err.unit_unknown")
		}
	}
	people, err := s.invitees(ctx, tx, a, in.UserIDs, in.InviteUnitIDs, f)
	if err != nil {
		return c, nil, err
	}
	return c, people, f.Err()
}

// activityAudit is an activity as the audit log keeps it: never its code.
type activityAudit struct {
	ID         int64     `json:"id"`
	CampaignID int64     `json:"campaign_id"`
	PhaseID    int64     `json:"phase_id"`
	Kind       Kind      `json:"kind"`
	Title      string    `json:"title"`
	StartsAt   time.Time `json:"starts_at"`
	EndsAt     time.Time `json:"ends_at"`
	Units      []int64   `json:"units"`
	Invited    int       `json:"invited"`
}

// person is an invitee with the unit they belong to.
type person struct {
	id     int64
	unitID int64
}

// invitees reads the people to invite: the users named, each an active
// business user within the organiser's reach, and the active business
// users of the units named (with their subtrees).
func (s *Service) invitees(ctx context.Context, q db.Querier, a access.Actor, userIDs, unitIDs []int64, f errs.Fields) ([]person, error) {
	var out []person
	seen := map[int64]bool{}
	for _, id := range userIDs {
		p, err := inviteeOf(ctx, q, a, id)
		if errs.CodeOf(err) == errs.Invalid {
			f.Add("user_ids", "err.activity_invitee_unknown")
			continue
		}
		if err != nil {
			return nil, err
		}
		seen[p.id] = true
		out = append(out, p)
	}
	for _, uid := range unitIDs {
		var path string
		err := q.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND active AND path LIKE $2", uid, reach(a)).Scan(&path)
		if errors.Is(err, sql.ErrNoRows) {
			f.Add("invite_unit_ids", "err.unit_unknown")
			continue
		}
		if err != nil {
			return nil, errs.Wrap(err, "activity invite unit")
		}
		rows, err := q.QueryContext(ctx, `SELECT u.id, u.unit_id FROM users u JOIN units un ON un.id = u.unit_id
			WHERE u.active AND un.path LIKE $1 AND u.role NOT IN ('sysadmin', 'secadmin', 'auditor', 'enterprise')
			ORDER BY u.id`, path+"%")
		if err != nil {
			return nil, errs.Wrap(err, "activity invite unit")
		}
		for rows.Next() {
			var p person
			if err := rows.Scan(&p.id, &p.unitID); err != nil {
				_ = rows.Close()
				return nil, errs.Wrap(err, "activity invite unit")
			}
			if !seen[p.id] {
				seen[p.id] = true
				out = append(out, p)
			}
		}
		_ = rows.Close()
		if err := rows.Err(); err != nil {
			return nil, errs.Wrap(err, "activity invite unit")
		}
	}
	if len(out) > MaxInvitees {
		f.Add("invite_unit_ids", "err.campaign_too_many")
	}
	return out, nil
}

// inviteeOf reads one user the organiser may invite: active, working with
// business data (no officer, no enterprise contact), in the organiser's
// reach. Anyone else is invalid.
func inviteeOf(ctx context.Context, q db.Querier, a access.Actor, id int64) (person, error) {
	p := person{id: id}
	err := q.QueryRowContext(ctx, `SELECT u.unit_id FROM users u JOIN units un ON un.id = u.unit_id
		WHERE u.id = $1 AND u.active AND un.path LIKE $2 AND u.role NOT IN ('sysadmin', 'secadmin', 'auditor', 'enterprise')`,
		id, reach(a)).Scan(&p.unitID)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errs.InvalidField("user_id", "err.activity_invitee_unknown")
	}
	return p, errs.Wrap(err, "activity invitee")
}

// invite stores one invitation.
func invite(ctx context.Context, q db.Querier, activityID int64, p person, at time.Time, walkIn bool) error {
	_, err := q.ExecContext(ctx, `INSERT INTO activity_invitations (activity_id, user_id, unit_id, invited_at, walk_in)
		VALUES ($1, $2, $3, $4, $5)`, activityID, p.id, nullID(p.unitID), db.Micros(at), walkIn)
	return errs.Wrap(err, "activity invitation insert")
}

// codeAlphabet leaves out 0/O and 1/I/L, which people misread from a
// screen at the back of a meeting room.
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the length of a sign-in code.
const CodeLength = 6

// newCode draws a sign-in code.
func newCode() (string, error) {
	b := make([]byte, CodeLength)
	if _, err := rand.Read(b); err != nil {
		return "", errs.Wrap(err, "activity code")
	}
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b), nil
}
