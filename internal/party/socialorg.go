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
