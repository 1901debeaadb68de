package volunteer

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Team is a joint volunteer team (共融) of a community.
type Team struct {
	ID              int64     `json:"id"`
	Name            string    `json:"name"`
	CommunityID     int64     `json:"community_id"`
	CommunityName   string    `json:"community_name"`
	CoordinatorID   int64     `json:"coordinator_id"`
	CoordinatorName string    `json:"coordinator_name"`
	Members         int       `json:"members"`
	UpdatedAt       time.Time `json:"updated_at"`
	Orgs            []Org     `json:"orgs"`
	// Volunteers are the team's volunteers (Get only).
	Volunteers []Ref `json:"volunteers,omitempty"`
}

// Org is a member organisation of a joint team: a party organisation or
// a unit, with the unit of the organisation tree when it has one.
type Org struct {
	ID     int64   `json:"id"`
	Name   string  `json:"name"`
	Kind   OrgKind `json:"kind"`
	UnitID int64   `json:"unit_id"`
}

// OrgInput is one member organisation of a team's form.
type OrgInput struct {
	Name   string  `json:"name"`
	Kind   OrgKind `json:"kind"`
	UnitID int64   `json:"unit_id"`
}

// TeamInput is a team's form. Orgs are matched to the stored ones by
// name: a new name adds an organisation, a missing one removes it unless
// an activity names it as an organiser.
type TeamInput struct {
	Name          string     `json:"name"`
	CommunityID   int64      `json:"community_id"`
	CoordinatorID int64      `json:"coordinator_id"`
	Orgs          []OrgInput `json:"orgs"`
	VolunteerIDs  []int64    `json:"volunteer_ids"`
}

const teamColumns = `t.id, t.name, t.community_id, c.name, COALESCE(t.coordinator_id, 0), COALESCE(co.display_name, ''),
	(SELECT count(*) FROM volunteer_team_members m WHERE m.team_id = t.id), t.updated_at`

func scanTeam(row interface{ Scan(...any) error }, extra ...any) (Team, error) {
	var t Team
	var updated int64
	err := row.Scan(append([]any{&t.ID, &t.Name, &t.CommunityID, &t.CommunityName, &t.CoordinatorID, &t.CoordinatorName,
		&t.Members, &updated}, extra...)...)
	t.UpdatedAt = db.Time(updated)
	return t, err
}

// getTeam reads one team the actor may see, with the path of its
// community.
func getTeam(ctx context.Context, q db.Querier, a access.Actor, id int64) (Team, string, error) {
	var w db.Where
	w.And("t.id = ?", id)
	teamScope(&w, a)
	var path string
	t, err := scanTeam(q.QueryRowContext(ctx, "SELECT "+teamColumns+", c.path"+teamFrom+w.SQL(), w.Args...), &path)
	if errors.Is(err, sql.ErrNoRows) {
		return t, "", errs.E(errs.NotFound)
	}
	if err != nil {
		return t, "", errs.Wrap(err, "team get")
	}
	t.Orgs, err = teamOrgs(ctx, q, id)
	return t, path, err
}

func teamOrgs(ctx context.Context, q db.Querier, id int64) ([]Org, error) {
	rows, err := q.QueryContext(ctx, "SELECT id, name, kind, COALESCE(unit_id, 0) FROM volunteer_team_orgs WHERE team_id = $1 ORDER BY id", id)
	if err != nil {
		return nil, errs.Wrap(err, "team orgs")
	}
	defer rows.Close()
	out := []Org{}
	for rows.Next() {
		var o Org
		if err := rows.Scan(&o.ID, &o.Name, &o.Kind, &o.UnitID); err != nil {
			return nil, errs.Wrap(err, "team orgs")
		}
		out = append(out, o)
	}
	return out, errs.Wrap(rows.Err(), "team orgs")
}

// GetTeam reads one team in the actor's scope with its organisations and
// volunteers.
func (s *Service) GetTeam(ctx context.Context, a access.Actor, id int64) (Team, error) {
	t, _, err := getTeam(ctx, s.DB.R, a, id)
	if err != nil {
		return t, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT v.id, v.name FROM volunteer_team_members m JOIN volunteers v ON v.id = m.volunteer_id
		WHERE m.team_id = $1 ORDER BY v.name, v.id`, id)
	if err != nil {
		return t, errs.Wrap(err, "team volunteers")
	}
	defer rows.Close()
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return t, errs.Wrap(err, "team volunteers")
		}
		t.Volunteers = append(t.Volunteers, r)
	}
	return t, errs.Wrap(rows.Err(), "team volunteers")
}

// MayManageTeam reports whether the actor runs t's activities and may
// edit it.
func (s *Service) MayManageTeam(ctx context.Context, a access.Actor, t Team) bool {
	var path string
	_ = s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", t.CommunityID).Scan(&path)
	return manages(a, t, path)
}

func (s *Service) checkTeam(ctx context.Context, q db.Querier, a access.Actor, in *TeamInput) errs.Fields {
	f := errs.Fields{}
	in.Name = strings.TrimSpace(in.Name)
	switch {
	case in.Name == "":
		f.Add("name", "err.required")
	case utf8.RuneCountInString(in.Name) > MaxText:
		f.Add("name", "err.too_long")
	}
	community(ctx, q, a, f, "community_id", in.CommunityID)
	if in.CoordinatorID > 0 {
		var active bool
		err := q.QueryRowContext(ctx, "SELECT u.active FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = $1 AND n.path LIKE $2",
			in.CoordinatorID, a.ScopePattern()).Scan(&active)
		if err != nil || !active {
			f.Add("coordinator_id", "vol.err.coordinator")
		}
	}
	var orgs []OrgInput
	seen := map[string]bool{}
	for i, o := range in.Orgs {
		o.Name = strings.TrimSpace(o.Name)
		if o.Name == "" {
			continue
		}
		field := "orgs." + strconv.Itoa(i)
		switch {
		case utf8.RuneCountInString(o.Name) > MaxText:
			f.Add(field, "err.too_long")
		case !o.Kind.Valid():
			f.Add(field, "vol.err.org_kind")
		case seen[o.Name]:
			f.Add(field, "vol.err.org_twice")
		}
		if o.UnitID > 0 {
			var n int
			if err := q.QueryRowContext(ctx, "SELECT count(*) FROM units WHERE id = $1 AND active = TRUE", o.UnitID).Scan(&n); err != nil || n == 0 {
				f.Add(field, "err.unit_unknown")
			}
		}
		seen[o.Name] = true
		orgs = append(orgs, o)
	}
	in.Orgs = orgs
	if len(orgs) == 0 {
		f.Add("orgs", "vol.err.orgs")
	} else if len(orgs) > MaxOrgs {
		f.Add("orgs", "vol.err.orgs_many")
	}
	ids := slices.Clone(in.VolunteerIDs)
	slices.Sort(ids)
	in.VolunteerIDs = slices.Compact(ids)
	for _, id := range in.VolunteerIDs {
		var cid int64
		var w db.Where
		w.And("v.id = ?", id)
		volunteerScope(&w, a)
		if err := q.QueryRowContext(ctx, "SELECT v.community_id"+volunteerFrom+w.SQL(), w.Args...).Scan(&cid); err != nil || cid != in.CommunityID {
			f.Add("volunteer_ids", "vol.err.volunteer_scope")
			break
		}
	}
	return f
}

// CreateTeam forms a joint team in a community of the actor's scope.
func (s *Service) CreateTeam(ctx context.Context, a access.Actor, in TeamInput) (Team, error) {
	if !staff(a) {
		return Team{}, errs.E(errs.NotFound)
	}
	var id int64
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := s.checkTeam(ctx, tx, a, &in).Err(); err != nil {
			return err
		}
		now := db.Micros(s.now())
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_teams (name, community_id, coordinator_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, in.Name, in.CommunityID, nullID(in.CoordinatorID), now).Scan(&id); err != nil {
			return errs.Wrap(err, "team insert")
		}
		if err := writeMembers(ctx, tx, id, in); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_team.create", Entity: "volunteer_team", EntityID: id, After: in})
	})
	if err != nil {
		return Team{}, err
	}
	return s.GetTeam(ctx, a, id)
}

// UpdateTeam changes a team the actor manages.
func (s *Service) UpdateTeam(ctx context.Context, a access.Actor, id int64, in TeamInput) (Team, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		was, path, err := getTeam(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !staff(a) || !a.Covers(path) {
			return errs.E(errs.NotFound)
		}
		f := s.checkTeam(ctx, tx, a, &in)
		keep := map[string]bool{}
		for _, o := range in.Orgs {
			keep[o.Name] = true
		}
		var gone []int64
		for _, o := range was.Orgs {
			if keep[o.Name] {
				continue
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM volunteer_activity_orgs WHERE org_id = $1", o.ID).Scan(&n); err != nil {
				return errs.Wrap(err, "team org use")
			}
			if n > 0 {
				f.Add("orgs", "vol.err.org_in_use")
			}
			gone = append(gone, o.ID)
		}
		if in.CommunityID != was.CommunityID {
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM volunteer_activities WHERE team_id = $1", id).Scan(&n); err != nil {
				return errs.Wrap(err, "team activities")
			}
			if n > 0 {
				f.Add("community_id", "vol.err.team_has_activities")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "UPDATE volunteer_teams SET name = $1, community_id = $2, coordinator_id = $3, updated_at = $4 WHERE id = $5",
			in.Name, in.CommunityID, nullID(in.CoordinatorID), db.Micros(s.now()), id); err != nil {
			return errs.Wrap(err, "team update")
		}
		for _, g := range gone {
			if _, err := tx.ExecContext(ctx, "DELETE FROM volunteer_team_orgs WHERE id = $1", g); err != nil {
				return errs.Wrap(err, "team org delete")
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM volunteer_team_members WHERE team_id = $1", id); err != nil {
			return errs.Wrap(err, "team members delete")
		}
		if err := writeMembers(ctx, tx, id, in); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_team.update", Entity: "volunteer_team", EntityID: id,
			Before: was.Name, After: in})
	})
	if err != nil {
		return Team{}, err
	}
	return s.GetTeam(ctx, a, id)
}

// writeMembers upserts the team's organisations by name and adds its
// volunteers.
func writeMembers(ctx context.Context, tx *sql.Tx, id int64, in TeamInput) error {
	for _, o := range in.Orgs {
		res, err := tx.ExecContext(ctx, "UPDATE volunteer_team_orgs SET kind = $1, unit_id = $2 WHERE team_id = $3 AND name = $4",
			string(o.Kind), nullID(o.UnitID), id, o.Name)
		if err != nil {
			return errs.Wrap(err, "team org update")
		}
		if n, err := res.RowsAffected(); err != nil || n > 0 {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO volunteer_team_orgs (team_id, name, kind, unit_id) VALUES ($1, $2, $3, $4)",
			id, o.Name, string(o.Kind), nullID(o.UnitID)); err != nil {
			return errs.Wrap(err, "team org insert")
		}
	}
	for _, v := range in.VolunteerIDs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO volunteer_team_members (team_id, volunteer_id) VALUES ($1, $2)", id, v); err != nil {
			return errs.Wrap(err, "team member insert")
		}
	}
	return nil
}

// TeamFilter selects teams in the actor's scope.
type TeamFilter struct {
	Query  string
	UnitID int64
	Page   db.Page
}

// Teams returns one page of the teams in the actor's scope, by name.
func (s *Service) Teams(ctx context.Context, a access.Actor, f TeamFilter) (db.List[Team], error) {
	out := db.List[Team]{Items: []Team{}}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxText {
		return out, errs.InvalidField("q", "err.too_long")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	sel := db.Select{Columns: teamColumns, From: teamFrom, Order: "t.name, t.id"}
	w := &sel.Where
	teamScope(w, a)
	if f.Query != "" {
		w.And("t.name "+s.DB.ILike()+" ? ESCAPE '\\'", db.LikePattern(f.Query))
	}
	if f.UnitID > 0 {
		unitFilter(ctx, s.DB.R, w, f.UnitID)
	}
	out, err := db.SelectPage(ctx, s.DB.R, "team", sel, f.Page, func(r db.Row) (Team, error) { return scanTeam(r) })
	if err != nil {
		return out, err
	}
	for i := range out.Items {
		if out.Items[i].Orgs, err = teamOrgs(ctx, s.DB.R, out.Items[i].ID); err != nil {
			return out, err
		}
	}
	return out, nil
}

// Coordinators lists the active staff accounts in the actor's scope who
// may coordinate a team, for the form.
func (s *Service) Coordinators(ctx context.Context, a access.Actor) ([]Ref, error) {
	out := []Ref{}
	if !staff(a) {
		return out, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.display_name FROM users u JOIN units n ON n.id = u.unit_id
		WHERE u.active = TRUE AND n.path LIKE $1 AND u.role IN ('leader', 'office', 'community') ORDER BY u.display_name, u.id LIMIT 200`,
		a.ScopePattern())
	if err != nil {
		return nil, errs.Wrap(err, "coordinators")
	}
	defer rows.Close()
	for rows.Next() {
		var r Ref
		if err := rows.Scan(&r.ID, &r.Name); err != nil {
			return nil, errs.Wrap(err, "coordinators")
		}
		out = append(out, r)
	}
	return out, errs.Wrap(rows.Err(), "coordinators")
}
