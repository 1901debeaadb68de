package account

import (
	"context"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// SweepSessions deletes the sessions that can no longer be used: past
// their absolute end, or unused for the idle timeout (the rule of
// Authenticate). Authenticate deletes such a session when it is presented;
// one never presented again would otherwise stay for good, with the
// address and browser it recorded.
func (s *Service) SweepSessions(ctx context.Context) (int64, error) {
	now := s.Now()
	res, err := s.DB.W.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at <= $2",
		db.Micros(now), db.Micros(now.Add(-s.Policy.IdleTimeout)))
	if err != nil {
		return 0, errs.Wrap(err, "session sweep")
	}
	return res.RowsAffected()
}
