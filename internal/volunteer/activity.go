package volunteer

import (
	"context"
	"database/sql"
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

// Activity is one volunteer activity of a joint team.
type Activity struct {
	ID            int64     `json:"id"`
	TeamID        int64     `json:"team_id"`
	TeamName      string    `json:"team_name"`
	CommunityID   int64     `json:"community_id"`
	CommunityName string    `json:"community_name"`
	Kind          Kind      `json:"kind"`
	Title         string    `json:"title"`
	Day           string    `json:"day"`
	StartsAt      time.Time `json:"starts_at"`
	EndsAt        time.Time `json:"ends_at"`
	Place         string    `json:"place"`
	Capacity      int       `json:"capacity"`
	SignedUp      int       `json:"signed_up"`
	// ApprovedHours is the sum of the approved hours reported on it.
	ApprovedHours float64 `json:"approved_hours"`
	// Organisers are the team's member organisations that organise it.
	Organisers []Org `json:"organisers"`
	// Signups and Hours are its sign-ups and reports (Get only).
	Signups []Signup `json:"signups,omitempty"`
	Hours   []Report `json:"hours,omitempty"`
}

// Minutes is how long the activity lasts.
func (x Activity) Minutes() int { return int(x.EndsAt.Sub(x.StartsAt) / time.Minute) }

// Hours is how long the activity lasts, in hours.
func (x Activity) Duration() float64 { return float64(x.Minutes()) / 60 }

// ActivityInput is an activity's form. Start and End are times of Day
// (HH:MM, China Standard Time); OrgIDs name the team's organisations that
// organise it.
type ActivityInput struct {
	TeamID   int64   `json:"team_id"`
	Kind     Kind    `json:"kind"`
	Title    string  `json:"title"`
	Day      string  `json:"day"`
	Start    string  `json:"start"`
	End      string  `json:"end"`
	Place    string  `json:"place"`
	Capacity int     `json:"capacity"`
	OrgIDs   []int64 `json:"org_ids"`
}

const activityColumns = `x.id, x.team_id, t.name, t.community_id, c.name, x.kind, x.title, x.day, x.starts_at, x.ends_at, x.place, x.capacity,
	(SELECT count(*) FROM volunteer_signups su WHERE su.activity_id = x.id),
	(SELECT COALESCE(sum(h.minutes), 0) FROM volunteer_hours h WHERE h.activity_id = x.id AND h.status = 'approved')`

func scanActivity(row interface{ Scan(...any) error }, extra ...any) (Activity, error) {
	var x Activity
	var starts, ends, minutes int64
	err := row.Scan(append([]any{&x.ID, &x.TeamID, &x.TeamName, &x.CommunityID, &x.CommunityName, &x.Kind, &x.Title, &x.Day,
		&starts, &ends, &x.Place, &x.Capacity, &x.SignedUp, &minutes}, extra...)...)
	x.StartsAt, x.EndsAt, x.ApprovedHours = db.Time(starts), db.Time(ends), float64(minutes)/60
	return x, err
}

// activityScope: an activity is seen by whoever sees its team.
func activityScope(w *db.Where, a access.Actor) { teamScope(w, a) }

// getActivity reads one activity the actor may see, with its team (for
// the rules on who manages it) and its community's path.
func getActivity(ctx context.Context, q db.Querier, a access.Actor, id int64) (Activity, Team, string, error) {
	var w db.Where
	w.And("x.id = ?", id)
	activityScope(&w, a)
	var path string
	var coordinator int64
	x, err := scanActivity(q.QueryRowContext(ctx, "SELECT "+activityColumns+", c.path, COALESCE(t.coordinator_id, 0)"+activityFrom+w.SQL(),
		w.Args...), &path, &coordinator)
	if errors.Is(err, sql.ErrNoRows) {
		return x, Team{}, "", errs.E(errs.NotFound)
	}
	if err != nil {
		return x, Team{}, "", errs.Wrap(err, "activity get")
	}
	x.Organisers, err = organisers(ctx, q, id)
	return x, Team{ID: x.TeamID, CommunityID: x.CommunityID, CoordinatorID: coordinator}, path, err
}

func organisers(ctx context.Context, q db.Querier, id int64) ([]Org, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.name, o.kind, COALESCE(o.unit_id, 0) FROM volunteer_activity_orgs ao
		JOIN volunteer_team_orgs o ON o.id = ao.org_id WHERE ao.activity_id = $1 ORDER BY o.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "activity organisers")
	}
	defer rows.Close()
	out := []Org{}
	for rows.Next() {
		var o Org
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.UnitID); err != nil {
			return nil, errs.Wrap(err, "activity organisers")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "activity organisers")
}

// clock reads HH:MM of day in China Standard Time.
func clock(day time.Time, s string) (time.Time, bool) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(day.Year(), day.Month(), day.Day(), t.Hour(), t.Minute(), 0, 0, i18n.Zone).UTC(), true
}

// CreateActivity plans an activity of a team the actor manages.
func (s *Service) CreateActivity(ctx context.Context, a access.Actor, in ActivityInput) (Activity, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		// Staff plan activities, and so do coordinators of another role;
		// to anyone else the route does not exist.
		if !staff(a) {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM volunteer_teams WHERE coordinator_id = $1", a.UserID).Scan(&n); err != nil {
				return errs.Wrap(err, "activity coordinator")
			}
			if n == 0 || !a.HasScope() {
				return errs.E(errs.NotFound)
			}
		}
		f := errs.Fields{}
		var team Team
		if in.TeamID <= 0 {
			f.Add("team_id", "err.required")
		} else if t, p, err := getTeam(ctx, tx, a, in.TeamID); err != nil || !manages(a, t, p) {
			f.Add("team_id", "vol.err.team")
		} else {
			team = t
		}
		day, starts, ends := in.check(f, team)
		if err := f.Err(); err != nil {
			return err
		}
		now := db.Micros(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_activities (team_id, kind, title, day, starts_at, ends_at, place, capacity,
			created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			in.TeamID, string(in.Kind), in.Title, day.Format(time.DateOnly), db.Micros(starts), db.Micros(ends), in.Place, in.Capacity,
			nullID(a.UserID), now).Scan(&id); err != nil {
			return errs.Wrap(err, "activity insert")
		}
		if err := addOrganisers(ctx, tx, id, in.OrgIDs); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_activity.create", Entity: "volunteer_activity", EntityID: id, After: in})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.GetActivity(ctx, a, id)
}

// check trims in and adds to f what is wrong with it, for an activity of
// team (none when the team itself was refused); it returns the day and
// the start and end.
func (in *ActivityInput) check(f errs.Fields, team Team) (day, starts, ends time.Time) {
	in.Title, in.Place = strings.TrimSpace(in.Title), strings.TrimSpace(in.Place)
	if !in.Kind.Valid() {
		f.Add("kind", "vol.err.kind")
	}
	switch {
	case in.Title == "":
		f.Add("title", "err.required")
	case utf8.RuneCountInString(in.Title) > MaxText:
		f.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Place) > MaxText {
		f.Add("place", "err.too_long")
	}
	day, ok := ParseDay(in.Day)
	if !ok {
		f.Add("day", "err.bad_date")
	}
	starts, okS := clock(day, in.Start)
	ends, okE := clock(day, in.End)
	if !okS {
		f.Add("start", "vol.err.time")
	}
	if !okE {
		f.Add("end", "vol.err.time")
	} else if okS && !ends.After(starts) {
		f.Add("end", "vol.err.end_before_start")
	}
	if in.Capacity < 1 || in.Capacity > MaxCapacity {
		f.Add("capacity", "vol.err.capacity")
	}
	if len(in.OrgIDs) == 0 {
		f.Add("org_ids", "vol.err.organisers")
	} else if team.ID > 0 {
		for _, o := range in.OrgIDs {
			if !slices.ContainsFunc(team.Orgs, func(x Org) bool { return x.ID == o }) {
				f.Add("org_ids", "vol.err.organiser_not_member")
			}
		}
	}
	return day, starts, ends
}

// GetActivity reads one activity in the actor's scope with its sign-ups
// and reports of hours.
func (s *Service) GetActivity(ctx context.Context, a access.Actor, id int64) (Activity, error) {
	x, _, _, err := getActivity(ctx, s.DB.R, a, id)
	if err != nil {
		return x, err
	}
	if x.Signups, err = signups(ctx, s.DB.R, id); err != nil {
		return x, err
	}
	x.Hours, err = reports(ctx, s.DB.R, "h.activity_id = $1", id)
	return x, err
}

// MayManage reports whether the actor runs the activity: records
// attendance and approves hours.
func (s *Service) MayManage(ctx context.Context, a access.Actor, x Activity) bool {
	_, t, path, err := getActivity(ctx, s.DB.R, a, x.ID)
	return err == nil && manages(a, t, path)
}

// ActivityFilter selects activities in the actor's scope.
type ActivityFilter struct {
	Query  string
	UnitID int64 // the community, or a unit above it
	TeamID int64
	Kind   Kind
	// Organiser keeps the activities a member organisation of this name
	// organises (the figures' "by unit").
	Organiser string
	// From and To bound the activity's start, To excluded; zero is open.
	From, To time.Time
	Page     db.Page
}

func (f *ActivityFilter) validate() error {
	bad := errs.Fields{}
	f.Query, f.Organiser = strings.TrimSpace(f.Query), strings.TrimSpace(f.Organiser)
	if utf8.RuneCountInString(f.Query) > MaxText {
		bad.Add("q", "err.too_long")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		bad.Add("type", "vol.err.kind")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

func (s *Service) activityWhere(ctx context.Context, w *db.Where, a access.Actor, f ActivityFilter) {
	activityScope(w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		w.And("(x.title "+s.DB.ILike()+" ? ESCAPE '\\' OR x.place "+s.DB.ILike()+" ? ESCAPE '\\')", pat, pat)
	}
	if f.UnitID > 0 {
		unitFilter(ctx, s.DB.R, w, f.UnitID)
	}
	if f.TeamID > 0 {
		w.And("x.team_id = ?", f.TeamID)
	}
	if f.Kind != "" {
		w.And("x.kind = ?", string(f.Kind))
	}
	if f.Organiser != "" {
		w.And(`EXISTS (SELECT 1 FROM volunteer_activity_orgs ao JOIN volunteer_team_orgs o ON o.id = ao.org_id
			WHERE ao.activity_id = x.id AND o.name = ?)`, f.Organiser)
	}
	if !f.From.IsZero() {
		w.And("x.starts_at >= ?", db.Micros(f.From))
	}
	if !f.To.IsZero() {
		w.And("x.starts_at < ?", db.Micros(f.To))
	}
}

// Activities returns one page of the activities in the actor's scope
// that f selects, the latest first.
func (s *Service) Activities(ctx context.Context, a access.Actor, f ActivityFilter) (db.List[Activity], error) {
	if err := f.validate(); err != nil {
		return db.List[Activity]{Items: []Activity{}}, err
	}
	sel := db.Select{Columns: activityColumns, From: activityFrom, Order: "x.day DESC, x.starts_at DESC, x.id DESC"}
	s.activityWhere(ctx, &sel.Where, a, f)
	out, err := db.SelectPage(ctx, s.DB.R, "activity", sel, f.Page, func(r db.Row) (Activity, error) { return scanActivity(r) })
	if err != nil {
		return out, err
	}
	for i := range out.Items {
		if out.Items[i].Organisers, err = organisers(ctx, s.DB.R, out.Items[i].ID); err != nil {
			return out, err
		}
	}
	return out, nil
}
