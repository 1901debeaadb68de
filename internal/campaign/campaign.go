package campaign

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Campaign is a year's campaign with its phases in order.
type Campaign struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Year      int       `json:"year"`
	Goals     string    `json:"goals"`
	UnitID    int64     `json:"unit_id"`
	UnitName  string    `json:"unit_name"`
	Phases    []Phase   `json:"phases"`
	CreatedAt time.Time `json:"created_at"`
}

// Phase is one dated stage of a campaign; Start and End are CST dates,
// both days included.
type Phase struct {
	ID    int64  `json:"id"`
	Seq   int    `json:"seq"`
	Name  string `json:"name"`
	Start string `json:"start"`
	End   string `json:"end"`
	Goals string `json:"goals"`
}

// Holds reports whether the phase covers the CST date d.
func (p Phase) Holds(d string) bool { return p.Start <= d && d <= p.End }

// PhaseOn is the phase covering the CST date d, if any.
func (c Campaign) PhaseOn(d string) (Phase, bool) {
	for _, p := range c.Phases {
		if p.Holds(d) {
			return p, true
		}
	}
	return Phase{}, false
}

// Input is a new campaign. Without phases it takes the default template
// for its year.
type Input struct {
	Name   string       `json:"name"`
	Year   int          `json:"year"`
	Goals  string       `json:"goals"`
	UnitID int64        `json:"unit_id"`
	Phases []PhaseInput `json:"phases"`
}

// PhaseInput is one phase of a new campaign.
type PhaseInput struct {
	Name  string `json:"name"`
	Start string `json:"start"`
	End   string `json:"end"`
	Goals string `json:"goals"`
}

// Limits of the free text, in characters.
const (
	MaxName   = 100
	MaxGoals  = 2000
	MaxPhases = 12
)

// validate trims in and checks what needs no database. Phases must each
// have a name and a valid date range, and follow each other in order
// without overlapping.
func (in *Input) validate() errs.Fields {
	f := errs.Fields{}
	in.Name = strings.TrimSpace(in.Name)
	in.Goals = strings.TrimSpace(in.Goals)
	checkText(f, "name", in.Name, MaxName, true)
	checkText(f, "goals", in.Goals, MaxGoals, false)
	if in.Year < 2000 || in.Year > 2100 {
		f.Add("year", "err.campaign_year")
	}
	if in.UnitID <= 0 {
		f.Add("unit_id", "err.required")
	}
	if len(in.Phases) == 0 && in.Year >= 2000 && in.Year <= 2100 {
		in.Phases = DefaultPhases(in.Year)
	}
	if len(in.Phases) > MaxPhases {
		f.Add("phases", "err.campaign_phases_too_many")
		return f
	}
	prevEnd := ""
	for i := range in.Phases {
		p := &in.Phases[i]
		key := fmt.Sprintf("phases[%d].", i)
		p.Name = strings.TrimSpace(p.Name)
		p.Goals = strings.TrimSpace(p.Goals)
		checkText(f, key+"name", p.Name, MaxName, true)
		checkText(f, key+"goals", p.Goals, MaxGoals, false)
		_, startOK := parseDate(p.Start)
		_, endOK := parseDate(p.End)
		switch {
		case !startOK:
			f.Add(key+"start", "err.bad_date")
		case prevEnd != "" && p.Start <= prevEnd:
			// Each phase begins after the one before has ended.
			f.Add(key+"start", "err.campaign_phase_overlap")
		}
		switch {
		case !endOK:
			f.Add(key+"end", "err.bad_date")
		case startOK && p.End < p.Start:
			f.Add(key+"end", "err.campaign_date_order")
		}
		if endOK {
			prevEnd = p.End
		}
	}
	return f
}

// checkText adds a problem for required text left empty or text too long.
func checkText(f errs.Fields, field, s string, max int, required bool) {
	switch {
	case required && s == "":
		f.Add(field, "err.required")
	case utf8.RuneCountInString(s) > max:
		f.Add(field, "err.too_long")
	}
}

// Create starts a campaign. Only leaders and the office run campaigns, for
// a unit in their scope.
func (s *Service) Create(ctx context.Context, a access.Actor, in Input) (Campaign, error) {
	if !canRunCampaigns(a) || !a.HasScope() {
		return Campaign{}, errs.E(errs.NotFound)
	}
	f := in.validate()
	var c Campaign
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if in.UnitID > 0 {
			if _, err := unitInScope(ctx, tx, a, in.UnitID, "unit_id"); err != nil {
				if e := errs.As(err); e.Code == errs.Invalid {
					f.Add("unit_id", e.Fields["unit_id"])
				} else {
					return err
				}
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.now()
		if err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (name, year, goals, unit_id, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`, in.Name, in.Year, in.Goals, in.UnitID, nullID(a.UserID),
			db.Micros(now)).Scan(&c.ID); err != nil {
			return errs.Wrap(err, "campaign insert")
		}
		for i, p := range in.Phases {
			if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_phases (campaign_id, seq, name, starts_on, ends_on, goals)
				VALUES ($1, $2, $3, $4, $5, $6)`, c.ID, i+1, p.Name, p.Start, p.End, p.Goals); err != nil {
				return errs.Wrap(err, "campaign phase insert")
			}
		}
		var err error
		if c, err = getCampaign(ctx, tx, c.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "campaign.create", Entity: "campaign", EntityID: c.ID, After: c})
	})
	if err != nil {
		return Campaign{}, err
	}
	return c, nil
}

const campaignFrom = ` FROM campaigns c JOIN units cu ON cu.id = c.unit_id`
const campaignColumns = `c.id, c.name, c.year, c.goals, c.unit_id, cu.name, c.created_at`

func scanCampaign(row interface{ Scan(...any) error }) (Campaign, error) {
	var c Campaign
	var created int64
	err := row.Scan(&c.ID, &c.Name, &c.Year, &c.Goals, &c.UnitID, &c.UnitName, &created)
	c.CreatedAt = db.Time(created)
	return c, err
}

// Get reads a campaign the actor may see, with its phases.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Campaign, error) {
	return s.getInScope(ctx, s.DB.R, a, id)
}

func (s *Service) getInScope(ctx context.Context, q db.Querier, a access.Actor, id int64) (Campaign, error) {
	var w db.Where
	w.And("c.id = ?", id)
	campaignScope(&w, a)
	c, err := scanCampaign(q.QueryRowContext(ctx, "SELECT "+campaignColumns+campaignFrom+w.SQL(), w.Args...))
	if errors.Is(err, sql.ErrNoRows) {
		return Campaign{}, errs.E(errs.NotFound)
	}
	if err != nil {
		return Campaign{}, errs.Wrap(err, "campaign get")
	}
	c.Phases, err = phasesOf(ctx, q, c.ID)
	return c, err
}

// getCampaign reads a campaign without scope, for a caller that has just
// written it or checked its scope otherwise.
func getCampaign(ctx context.Context, q db.Querier, id int64) (Campaign, error) {
	c, err := scanCampaign(q.QueryRowContext(ctx, "SELECT "+campaignColumns+campaignFrom+" WHERE c.id = $1", id))
	if errors.Is(err, sql.ErrNoRows) {
		return Campaign{}, errs.E(errs.NotFound)
	}
	if err != nil {
		return Campaign{}, errs.Wrap(err, "campaign get")
	}
	c.Phases, err = phasesOf(ctx, q, c.ID)
	return c, err
}

func phasesOf(ctx context.Context, q db.Querier, campaignID int64) ([]Phase, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, seq, name, starts_on, ends_on, goals FROM campaign_phases
		WHERE campaign_id = $1 ORDER BY seq`, campaignID)
	if err != nil {
		return nil, errs.Wrap(err, "campaign phases")
	}
	defer rows.Close()
	out := []Phase{}
	for rows.Next() {
		var p Phase
		if err := rows.Scan(&p.ID, &p.Seq, &p.Name, &p.Start, &p.End, &p.Goals); err != nil {
			return nil, errs.Wrap(err, "campaign phases")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "campaign phases")
}

// List is the campaigns the actor may see, newest year first, each with
// its phases. Campaigns are few (one or two a year), so the list is not
// paginated beyond a cap.
func (s *Service) List(ctx context.Context, a access.Actor) ([]Campaign, error) {
	var w db.Where
	campaignScope(&w, a)
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+campaignColumns+campaignFrom+w.SQL()+" ORDER BY c.year DESC, c.id DESC LIMIT 100", w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "campaign list")
	}
	out := []Campaign{}
	for rows.Next() {
		c, err := scanCampaign(rows)
		if err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "campaign list")
		}
		out = append(out, c)
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "campaign list")
	}
	for i := range out {
		if out[i].Phases, err = phasesOf(ctx, s.DB.R, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// nullID stores 0 as NULL.
func nullID(id int64) any {
	if id <= 0 {
		return nil
	}
	return id
}
