package party

import (
	"context"
	"database/sql"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// SocialOrgInput is a social organisation (社会组织) to register.
type SocialOrgInput struct {
	Name        string `json:"name"`
	CommunityID int64  `json:"community_id"`
}

// SocialOrg is one registered social organisation.
type SocialOrg struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	CommunityID int64  `json:"community_id"`
}

// CreateSocialOrg registers a social organisation of a community the
// actor writes for, so that an organisation may cover it.
func (s *Service) CreateSocialOrg(ctx context.Context, a access.Actor, in SocialOrgInput) (SocialOrg, error) {
	if !Writes(a) {
		return SocialOrg{}, errs.E(errs.NotFound)
	}
	f := errs.Fields{}
	checkText(f, "name", &in.Name, MaxName, true)
	out := SocialOrg{Name: in.Name, CommunityID: in.CommunityID}
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		var path string
		err := tx.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND kind = $2 AND active = TRUE",
			in.CommunityID, string(org.Community)).Scan(&path)
		if err != nil || !writes(a, path) {
			f.Add("community_id", "err.unit_unknown")
		}
		if err := f.Err(); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "INSERT INTO social_orgs (name, community_id, created_at) VALUES ($1, $2, $3) RETURNING id",
			in.Name, in.CommunityID, s.now().UnixMicro()).Scan(&out.ID); err != nil {
			return errs.Wrap(err, "social org insert")
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "social_org.create", Entity: "social_org", EntityID: out.ID, After: out})
	})
	return out, err
}

// SocialOrgRow is a social organisation as its list shows it: with its
// community and the organisations covering it now.
type SocialOrgRow struct {
	SocialOrg
	CommunityName string `json:"community_name"`
	CoveredBy     string `json:"covered_by"` // names, comma-separated; "" when none
}

// ListSocialOrgs lists the social organisations of the communities in the
// actor's scope, by community and name.
func (s *Service) ListSocialOrgs(ctx context.Context, a access.Actor) ([]SocialOrgRow, error) {
	out := []SocialOrgRow{}
	if !Sees(a) {
		return out, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT so.id, so.name, so.community_id, c.name FROM social_orgs so
		JOIN units c ON c.id = so.community_id WHERE c.path LIKE $1 ORDER BY c.path, so.name, so.id LIMIT $2`, a.ScopePattern(), MaxPoints)
	if err != nil {
		return nil, errs.Wrap(err, "social org list")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var r SocialOrgRow
		if err := rows.Scan(&r.ID, &r.Name, &r.CommunityID, &r.CommunityName); err != nil {
			return nil, errs.Wrap(err, "social org scan")
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, errs.Wrap(err, "social org list")
	}
	for i := range out {
		names, err := choices(ctx, s.DB.R, `SELECT p.id, p.name FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id
			WHERE k.social_org_id = $1 AND k.until_day IS NULL ORDER BY p.name`, out[i].ID)
		if err != nil {
			return nil, err
		}
		for j, n := range names {
			if j > 0 {
				out[i].CoveredBy += "、"
			}
			out[i].CoveredBy += n.Name
		}
	}
	return out, nil
}
