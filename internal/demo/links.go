package demo

import (
	"context"
	"database/sql"
	"fmt"
)

// loadLinks ties the demo's modules together as the seed tells it: the
// sub-district's key projects and the branch-led 攻坚 projects were
// launched in the 2022 campaign's third phase (大攻坚大提升), so they
// belong to the campaign; the projects listed from above do not.
func loadLinks(ctx context.Context, tx *sql.Tx, _ Env, _ *State) error {
	var campaign int64
	if err := tx.QueryRowContext(ctx, "SELECT min(id) FROM campaigns WHERE year = 2022").Scan(&campaign); err != nil {
		return fmt.Errorf("links: the 2022 campaign: %w", err)
	}
	_, err := tx.ExecContext(ctx, `UPDATE projects SET campaign_id = $1
		WHERE kind = 'branch_led' OR EXISTS (SELECT 1 FROM project_lists l WHERE l.project_id = projects.id AND l.list = 'key')`, campaign)
	if err != nil {
		return fmt.Errorf("links: projects of the campaign: %w", err)
	}
	return nil
}
