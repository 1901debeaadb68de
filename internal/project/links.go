package project

import (
	"context"
	"database/sql"
	"slices"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Links are what a project's page shows it linked to: its campaign, the
// adopted proposals it came from, the rules that came from it and the
// appeals it takes up (only those the viewer may see).
type Links struct {
	Campaign  *Ref  `json:"campaign,omitempty"`
	Proposals []Ref `json:"proposals"`
	Rules     []Ref `json:"rules"`
	Appeals   []Ref `json:"appeals"`
}

// campaignSeen is the condition "campaign c (owned by unit cu) is one the
// actor takes part in": owned by a unit in its subtree or above it, as
// the campaign module's scope has it.
const campaignSeen = "(cu.path LIKE $2 OR $3 LIKE cu.path || '%')"

// checkCampaign refuses a campaign the actor does not know, naming
// campaign_id; an unchanged one stays.
func checkCampaign(ctx context.Context, q db.Querier, a access.Actor, p, was Project) error {
	if p.CampaignID <= 0 || p.CampaignID == was.CampaignID {
		return nil
	}
	ok, err := exists(ctx, q, "SELECT 1 FROM campaigns c JOIN units cu ON cu.id = c.unit_id WHERE c.id = $1 AND "+campaignSeen,
		p.CampaignID, a.ScopePattern(), a.ScopePath)
	if err != nil {
		return err
	}
	if !ok {
		return errs.InvalidField("campaign_id", "err.project_campaign")
	}
	return nil
}

// appealSeen reports whether the actor may see appeal id; without the
// appeal module wired, no appeal is.
func (s *Service) appealSeen(ctx context.Context, a access.Actor, id int64) (bool, error) {
	if s.AppealVisible == nil || id <= 0 {
		return false, nil
	}
	err := s.AppealVisible(ctx, a, id)
	if errs.CodeOf(err) == errs.NotFound {
		return false, nil
	}
	return err == nil, err
}

// setAppeals makes want the project's appeals as the actor sees them: a
// newly named appeal must be in the actor's scope (else refused naming
// appeal_ids); a linked appeal the actor does not see stays linked.
func (s *Service) setAppeals(ctx context.Context, tx *sql.Tx, a access.Actor, p Project, was []int64, want []int64) error {
	for _, id := range want {
		if slices.Contains(was, id) {
			continue
		}
		if ok, err := s.appealSeen(ctx, a, id); err != nil {
			return err
		} else if !ok {
			return errs.InvalidField("appeal_ids", "err.project_appeal")
		}
	}
	for _, id := range was {
		if slices.Contains(want, id) {
			continue
		}
		if ok, err := s.appealSeen(ctx, a, id); err != nil {
			return err
		} else if !ok {
			continue
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM project_appeals WHERE project_id = $1 AND appeal_id = $2", p.ID, id); err != nil {
			return errs.Wrap(err, "project appeal unlink")
		}
	}
	for _, id := range want {
		if slices.Contains(was, id) {
			continue
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO project_appeals (project_id, appeal_id, created_by, created_at) VALUES ($1, $2, $3, $4)",
			p.ID, id, nullID(a.UserID), db.Micros(s.now())); err != nil {
			return errs.Wrap(err, "project appeal link")
		}
	}
	return nil
}

// appealIDs reads the appeals linked to a project, all of them.
func appealIDs(ctx context.Context, q db.Querier, projectID int64) ([]int64, error) {
	rows, err := q.QueryContext(ctx, "SELECT appeal_id FROM project_appeals WHERE project_id = $1 ORDER BY appeal_id", projectID)
	if err != nil {
		return nil, errs.Wrap(err, "project appeals")
	}
	out := []int64{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "project appeals")
		}
		out = append(out, id)
	}
	return out, closeRows(rows)
}

// seenAppeals keeps the ids the actor may see.
func (s *Service) seenAppeals(ctx context.Context, a access.Actor, ids []int64) ([]int64, error) {
	out := []int64{}
	for _, id := range ids {
		ok, err := s.appealSeen(ctx, a, id)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, id)
		}
	}
	return out, nil
}

// LinkAppeal links an appeal in the actor's scope to a project the actor
// edits; linking it twice changes nothing.
func (s *Service) LinkAppeal(ctx context.Context, a access.Actor, projectID, appealID int64) error {
	return s.changeAppeal(ctx, a, projectID, appealID, true)
}

// UnlinkAppeal removes the link; unlinking an appeal not linked changes
// nothing, and one the actor does not see is not found.
func (s *Service) UnlinkAppeal(ctx context.Context, a access.Actor, projectID, appealID int64) error {
	return s.changeAppeal(ctx, a, projectID, appealID, false)
}

func (s *Service) changeAppeal(ctx context.Context, a access.Actor, projectID, appealID int64, link bool) error {
	return s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := s.editable(ctx, tx, a, projectID)
		if err != nil {
			return err
		}
		want := slices.DeleteFunc(slices.Clone(p.AppealIDs), func(id int64) bool { return id == appealID })
		action := "project.appeal_unlink"
		if link {
			if slices.Contains(p.AppealIDs, appealID) {
				return nil
			}
			want, action = append(want, appealID), "project.appeal_link"
		} else if ok, err := s.appealSeen(ctx, a, appealID); err != nil {
			return err
		} else if !ok {
			return errs.E(errs.NotFound)
		} else if !slices.Contains(p.AppealIDs, appealID) {
			return nil
		}
		if err := s.setAppeals(ctx, tx, a, p, p.AppealIDs, want); err != nil {
			if errs.CodeOf(err) == errs.Invalid {
				return errs.InvalidField("appeal_id", "err.project_appeal")
			}
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: action, Entity: "project", EntityID: p.ID,
			After: map[string]int64{"appeal_id": appealID}})
	})
}

// LinksOf reads what project p (as the actor read it) is linked to.
func (s *Service) LinksOf(ctx context.Context, a access.Actor, p Project) (Links, error) {
	l := Links{}
	q := s.DB.R
	if p.CampaignID > 0 {
		c, err := refs(ctx, q, "SELECT id, name FROM campaigns WHERE id = $1", p.CampaignID)
		if err != nil {
			return l, err
		}
		if len(c) == 1 {
			l.Campaign = &c[0]
		}
	}
	var err error
	if l.Proposals, err = refs(ctx, q, "SELECT id, title FROM proposals WHERE project_id = $1 ORDER BY id", p.ID); err != nil {
		return l, err
	}
	if l.Rules, err = refs(ctx, q, "SELECT id, number || ' ' || title FROM rules WHERE project_id = $1 ORDER BY id", p.ID); err != nil {
		return l, err
	}
	l.Appeals = []Ref{}
	for _, id := range p.AppealIDs {
		r, err := refs(ctx, q, "SELECT id, title FROM appeals WHERE id = $1", id)
		if err != nil {
			return l, err
		}
		l.Appeals = append(l.Appeals, r...)
	}
	return l, nil
}

// ForCampaign lists the projects of a campaign the actor sees, by name.
func (s *Service) ForCampaign(ctx context.Context, a access.Actor, campaignID int64) ([]Ref, error) {
	return s.refsWhere(ctx, a, "p.campaign_id = ?", campaignID)
}

// ForAppeal lists the projects the actor sees that take up an appeal.
func (s *Service) ForAppeal(ctx context.Context, a access.Actor, appealID int64) ([]Ref, error) {
	return s.refsWhere(ctx, a, "EXISTS (SELECT 1 FROM project_appeals pa WHERE pa.project_id = p.id AND pa.appeal_id = ?)", appealID)
}

// Ref reads a project's name if the actor sees it; any other is not found.
func (s *Service) Ref(ctx context.Context, a access.Actor, id int64) (Ref, error) {
	rs, err := s.refsWhere(ctx, a, "p.id = ?", id)
	if err != nil {
		return Ref{}, err
	}
	if len(rs) == 0 {
		return Ref{}, errs.E(errs.NotFound)
	}
	return rs[0], nil
}

func (s *Service) refsWhere(ctx context.Context, a access.Actor, cond string, arg any) ([]Ref, error) {
	var w db.Where
	w.And(cond, arg)
	readScope(&w, a)
	// #nosec G202 -- the query is constants and db.Where fragments.
	return refs(ctx, s.DB.R, "SELECT p.id, p.name"+projectFrom+w.SQL()+" ORDER BY p.id", w.Args...)
}
