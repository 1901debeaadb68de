package volunteer

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// UpdateActivity corrects an activity for those who manage its team: the
// kind, title, day and times, place, capacity and organisers; the team
// stays. Once anyone has signed in or reported hours, the day and times
// stay too, because attendance and hours were taken against them; the
// capacity never drops below those already signed up.
func (s *Service) UpdateActivity(ctx context.Context, a access.Actor, id int64, in ActivityInput) (Activity, error) {
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, team, path, err := getActivity(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !manages(a, team, path) {
			return errs.E(errs.NotFound)
		}
		full, _, err := getTeam(ctx, tx, a, team.ID)
		if err != nil {
			return err
		}
		in.TeamID = before.TeamID
		f := errs.Fields{}
		day, starts, ends := in.check(f, full)
		if in.Capacity >= 1 && in.Capacity < before.SignedUp {
			f.Add("capacity", "vol.err.capacity_below_signups")
		}
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM volunteer_signups WHERE activity_id = $1 AND signed_in_at IS NOT NULL)
			+ (SELECT count(*) FROM volunteer_hours WHERE activity_id = $1)`, id).Scan(&taken); err != nil {
			return errs.Wrap(err, "activity attendance")
		}
		if taken > 0 && !starts.IsZero() && !ends.IsZero() && (!starts.Equal(before.StartsAt) || !ends.Equal(before.EndsAt)) {
			f.Add("day", "vol.err.times_taken")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE volunteer_activities SET kind = $1, title = $2, day = $3, starts_at = $4, ends_at = $5,
			place = $6, capacity = $7, updated_at = $8 WHERE id = $9`, string(in.Kind), in.Title, day.Format(time.DateOnly),
			db.Micros(starts), db.Micros(ends), in.Place, in.Capacity, db.Micros(s.now()), id); err != nil {
			return errs.Wrap(err, "activity update")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM volunteer_activity_orgs WHERE activity_id = $1", id); err != nil {
			return errs.Wrap(err, "activity organisers")
		}
		if err := addOrganisers(ctx, tx, id, in.OrgIDs); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "volunteer_activity.update", Entity: "volunteer_activity", EntityID: id,
			Before: before, After: in})
	})
	if err != nil {
		return Activity{}, err
	}
	return s.GetActivity(ctx, a, id)
}

// addOrganisers records the organisations that organise the activity,
// each once.
func addOrganisers(ctx context.Context, tx *sql.Tx, id int64, orgIDs []int64) error {
	ids := slices.Clone(orgIDs)
	slices.Sort(ids)
	for _, o := range slices.Compact(ids) {
		if _, err := tx.ExecContext(ctx, "INSERT INTO volunteer_activity_orgs (activity_id, org_id) VALUES ($1, $2)", id, o); err != nil {
			return errs.Wrap(err, "activity organiser insert")
		}
	}
	return nil
}
