package appeal

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// serves reports whether unit id is an active department that serves a
// community at communityPath: one that hangs from the community's
// sub-district or district. A department of another sub-district would
// take the appeal out of reach of everyone who answers for it. It returns
// the department's name too.
func serves(ctx context.Context, q db.Querier, id int64, communityPath string) (string, bool, error) {
	var kind org.Kind
	var active bool
	var name, parentPath string
	err := q.QueryRowContext(ctx, `SELECT d.kind, d.active, d.name, u.path FROM units d JOIN units u ON u.id = d.parent_id
		WHERE d.id = $1`, id).Scan(&kind, &active, &name, &parentPath)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, errs.Wrap(err, "appeal department")
	}
	return name, kind == org.Department && active && strings.HasPrefix(communityPath, parentPath), nil
}
