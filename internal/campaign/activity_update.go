package campaign

import (
	"context"
	"database/sql"
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// UpdateActivity corrects an activity its organisers keep: the kind,
// title, place, date and times and the organising units, and invites more
// people; nobody invited is uninvited, since their attendance or leave
// belongs to the record. The campaign stays. Once someone has signed in or
// asked for leave, the date and times stay too, because that attendance
// was taken against them; once the activity is over nothing changes.
func (s *Service) UpdateActivity(ctx context.Context, a access.Actor, id int64, in ActivityInput) (Activity, error) {
	if !canOrganise(a) || !a.HasScope() {
		return Activity{}, errs.E(errs.NotFound)
	}
	var v Activity
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.managed(ctx, tx, a, id)
		if err != nil {
			return err
		}
		in.CampaignID = before.CampaignID
		f, starts, ends := in.validate()
		if attended, err := hasAttendance(ctx, tx, id); err != nil {
			return err
		} else if attended && !starts.IsZero() && (!starts.Equal(before.StartsAt) || !ends.Equal(before.EndsAt)) {
			f.Add("date", "err.activity_edit_attended")
		}
		_, people, err := s.checkActivity(ctx, tx, a, &in, starts, f)
		if err != nil {
			return err
		}
		// The fields first, so that a form comes back with all it needs.
		now := s.now()
		if !now.Before(before.EndsAt) {
			return errs.New(errs.Conflict, "err.activity_edit_over")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activities SET phase_id = $1, kind = $2, title = $3, place = $4,
			starts_at = $5, ends_at = $6, updated_at = $7 WHERE id = $8`, in.PhaseID, string(in.Kind), in.Title, in.Place,
			db.Micros(starts), db.Micros(ends), db.Micros(now), id); err != nil {
			return errs.Wrap(err, "activity update")
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM activity_units WHERE activity_id = $1", id); err != nil {
			return errs.Wrap(err, "activity units")
		}
		for _, u := range in.UnitIDs {
			if _, err := tx.ExecContext(ctx, "INSERT INTO activity_units (activity_id, unit_id) VALUES ($1, $2)", id, u); err != nil {
				return errs.Wrap(err, "activity unit insert")
			}
		}
		invited, err := invitedIDs(ctx, tx, id)
		if err != nil {
			return err
		}
		added := 0
		for _, p := range people {
			if slices.Contains(invited, p.id) {
				continue
			}
			if err := invite(ctx, tx, id, p, now, false); err != nil {
				return err
			}
			added++
		}
		if v, err = s.getActivity(ctx, tx, a, id, true); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "activity.update", Entity: "activity", EntityID: id,
			Before: auditOf(before, nil, before.Invited),
			After:  auditOf(v, in.UnitIDs, added)})
	})
	if err != nil {
		return Activity{}, err
	}
	return v, nil
}

// auditOf is the activity as the audit log keeps it; invited counts the
// invitations (all of them before a change, those it added after).
func auditOf(v Activity, units []int64, invited int) activityAudit {
	if units == nil {
		for _, u := range v.Units {
			units = append(units, u.ID)
		}
	}
	return activityAudit{ID: v.ID, CampaignID: v.CampaignID, PhaseID: v.PhaseID, Kind: v.Kind, Title: v.Title,
		StartsAt: v.StartsAt, EndsAt: v.EndsAt, Units: units, Invited: invited}
}

// hasAttendance reports whether anyone has signed in to the activity or
// asked for leave.
func hasAttendance(ctx context.Context, q db.Querier, id int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM activity_invitations WHERE activity_id = $1
		AND (signed_in_at IS NOT NULL OR leave_at IS NOT NULL)`, id).Scan(&n)
	return n > 0, errs.Wrap(err, "activity attendance")
}

// invitedIDs lists the users invited to the activity.
func invitedIDs(ctx context.Context, q db.Querier, id int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT user_id FROM activity_invitations WHERE activity_id = $1", id)
	if err != nil {
		return nil, errs.Wrap(err, "activity invitations")
	}
	defer func() { _ = rows.Close() }()
	var out []int64
	for rows.Next() {
		var u int64
		if err := rows.Scan(&u); err != nil {
			return nil, errs.Wrap(err, "activity invitations")
		}
		out = append(out, u)
	}
	return out, errs.Wrap(rows.Err(), "activity invitations")
}
