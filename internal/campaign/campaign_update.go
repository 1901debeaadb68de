package campaign

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Update corrects a campaign: its name, goals and phases; the year and
// the unit that runs it stay (in.Year and in.UnitID are ignored). Phases
// are matched by their place in the list: the first given corrects the
// first phase, and so on; more add phases at the end, fewer remove the
// last ones. Every activity already organised must still fall in its own
// phase, and a phase that holds activities is not removed, so that the
// phase board and attendance by phase stay true; either is refused
// naming the phase. Only leaders and the office, within their scope.
func (s *Service) Update(ctx context.Context, a access.Actor, id int64, in Input) (Campaign, error) {
	if !canRunCampaigns(a) || !a.HasScope() {
		return Campaign{}, errs.E(errs.NotFound)
	}
	var c Campaign
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		before, err := s.getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		in.Year, in.UnitID = before.Year, before.UnitID
		// A campaign keeps its phases: none given is a mistake, not the
		// default template that a new campaign takes.
		noPhases := len(in.Phases) == 0
		f := in.validate()
		if noPhases {
			f.Add("phases", "err.required")
		}
		if err := f.Err(); err != nil {
			return err
		}
		held, err := activityDays(ctx, tx, id)
		if err != nil {
			return err
		}
		for i, p := range before.Phases {
			for _, day := range held[p.ID] {
				key := fmt.Sprintf("phases[%d].", i)
				switch {
				case i >= len(in.Phases):
					f.Add("phases", "err.campaign_phase_has_activities")
				case day < in.Phases[i].Start:
					f.Add(key+"start", "err.campaign_phase_has_activities")
				case day > in.Phases[i].End:
					f.Add(key+"end", "err.campaign_phase_has_activities")
				}
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		now := s.now()
		if _, err := tx.ExecContext(ctx, "UPDATE campaigns SET name = $1, goals = $2, updated_at = $3 WHERE id = $4",
			in.Name, in.Goals, db.Micros(now), id); err != nil {
			return errs.Wrap(err, "campaign update")
		}
		for i, p := range in.Phases {
			if i < len(before.Phases) {
				_, err = tx.ExecContext(ctx, "UPDATE campaign_phases SET name = $1, starts_on = $2, ends_on = $3, goals = $4 WHERE id = $5",
					p.Name, p.Start, p.End, p.Goals, before.Phases[i].ID)
			} else {
				_, err = tx.ExecContext(ctx, `INSERT INTO campaign_phases (campaign_id, seq, name, starts_on, ends_on, goals)
					VALUES ($1, $2, $3, $4, $5, $6)`, id, i+1, p.Name, p.Start, p.End, p.Goals)
			}
			if err != nil {
				return errs.Wrap(err, "campaign phase")
			}
		}
		for _, p := range before.Phases[min(len(in.Phases), len(before.Phases)):] {
			if _, err := tx.ExecContext(ctx, "DELETE FROM campaign_phases WHERE id = $1", p.ID); err != nil {
				return errs.Wrap(err, "campaign phase delete")
			}
		}
		if c, err = getCampaign(ctx, tx, id); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "campaign.update", Entity: "campaign", EntityID: id, Before: before, After: c})
	})
	if err != nil {
		return Campaign{}, err
	}
	return c, nil
}

// activityDays lists, by phase, the CST days of the campaign's activities.
func activityDays(ctx context.Context, q db.Querier, campaignID int64) (map[int64][]string, error) {
	rows, err := q.QueryContext(ctx, "SELECT phase_id, starts_at FROM activities WHERE campaign_id = $1 AND phase_id IS NOT NULL", campaignID)
	if err != nil {
		return nil, errs.Wrap(err, "campaign activities")
	}
	defer func() { _ = rows.Close() }()
	out := map[int64][]string{}
	for rows.Next() {
		var phase, starts int64
		if err := rows.Scan(&phase, &starts); err != nil {
			return nil, errs.Wrap(err, "campaign activities")
		}
		out[phase] = append(out[phase], time.UnixMicro(starts).In(cst).Format(time.DateOnly))
	}
	return out, errs.Wrap(rows.Err(), "campaign activities")
}
