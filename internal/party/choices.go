package party

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Choice is an id and a name, for a form's select.
type Choice struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// choices reads id and name pairs.
func choices(ctx context.Context, q db.Querier, query string, args ...any) ([]Choice, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, errs.Wrap(err, "party choices")
	}
	defer func() { _ = rows.Close() }()
	out := []Choice{}
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&c.ID, &c.Name); err != nil {
			return nil, errs.Wrap(err, "party choices scan")
		}
		out = append(out, c)
	}
	return out, errs.Wrap(rows.Err(), "party choices")
}

// Units are the active sub-districts and communities in the actor's
// scope, in the tree's order: where an organisation or a position may
// belong.
func (s *Service) Units(ctx context.Context, a access.Actor) ([]Choice, error) {
	if !Sees(a) {
		return []Choice{}, nil
	}
	return choices(ctx, s.DB.R, `SELECT id, name FROM units WHERE active = TRUE AND kind IN ('subdistrict', 'community')
		AND path LIKE $1 ORDER BY path`, a.ScopePattern())
}

// Parents are the active organisations the actor sees, from the top of
// the tree: those an organisation may stand under.
func (s *Service) Parents(ctx context.Context, a access.Actor) ([]Choice, error) {
	if !Sees(a) {
		return []Choice{}, nil
	}
	return choices(ctx, s.DB.R, `SELECT p.id, p.name FROM party_orgs p JOIN units u ON u.id = p.unit_id
		WHERE p.status = 'active' AND p.level <> 'group' AND u.path LIKE $1
		ORDER BY u.path, CASE p.level WHEN 'working_committee' THEN 1 WHEN 'committee' THEN 2 WHEN 'general_branch' THEN 3 ELSE 4 END, p.name`,
		a.ScopePattern())
}

// Coverable are the operating enterprises in the organisation's unit
// that it does not cover now, for the cover form.
func (s *Service) Coverable(ctx context.Context, a access.Actor, id int64) ([]Choice, error) {
	o, err := getOrg(ctx, s.DB.R, a, id)
	if err != nil {
		return nil, err
	}
	if !o.Sector.CoversEnterprises() || o.Status != Active {
		return []Choice{}, nil
	}
	return choices(ctx, s.DB.R, `SELECT e.id, e.name FROM enterprises e JOIN units c ON c.id = e.community_id
		WHERE e.status = 'operating' AND c.path LIKE $1 AND NOT EXISTS (SELECT 1 FROM party_coverage k
			WHERE k.org_id = $2 AND k.enterprise_id = e.id AND k.until_day IS NULL)
		ORDER BY e.name, e.id`, o.unitPath+"%", id)
}

// CoverableSocialOrgs are the social organisations in the organisation's
// unit it does not cover now.
func (s *Service) CoverableSocialOrgs(ctx context.Context, a access.Actor, id int64) ([]Choice, error) {
	o, err := getOrg(ctx, s.DB.R, a, id)
	if err != nil {
		return nil, err
	}
	if o.Sector != SocialOrgs || o.Status != Active {
		return []Choice{}, nil
	}
	return choices(ctx, s.DB.R, `SELECT so.id, so.name FROM social_orgs so JOIN units c ON c.id = so.community_id
		WHERE c.path LIKE $1 AND NOT EXISTS (SELECT 1 FROM party_coverage k
			WHERE k.org_id = $2 AND k.social_org_id = so.id AND k.until_day IS NULL)
		ORDER BY so.name, so.id`, o.unitPath+"%", id)
}
