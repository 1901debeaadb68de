package party

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/overview"
)

// OverviewFigures gives the overview (and the summary report written from
// it) the party figures of its query: the period's days, both included,
// the as-of day and the unit, all resolved by the overview already.
func (s *Service) OverviewFigures(ctx context.Context, a access.Actor, q overview.Query) (overview.Party, error) {
	var days [3]time.Time
	for i, d := range []string{q.From, q.To, q.AsOf} {
		t, err := time.ParseInLocation(time.DateOnly, d, i18n.Zone)
		if err != nil {
			return overview.Party{}, errs.Wrap(err, "party overview day")
		}
		days[i] = t
	}
	f, err := s.Figures(ctx, a, Query{From: days[0], To: days[1], AsOf: days[2], UnitID: q.UnitID})
	if err != nil {
		return overview.Party{}, err
	}
	return overview.Party{Organisations: f.Organisations, NewOrganisations: f.NewOrganisations,
		NewByKind: overview.NewByKind(f.NewByKind), OrgCoverageRate: f.OrgCoverageRate, SingleBuiltRate: f.SingleBuiltRate,
		WorkCoverageRate: f.WorkCoverageRate, Positions: f.Positions.Total}, nil
}
