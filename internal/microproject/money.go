package microproject

import (
	"context"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// FundUse is how much of a community's fund of a year is committed: the
// budgets of its projects not refused.
type FundUse struct {
	CommunityID   int64  `json:"community_id"`
	CommunityName string `json:"community_name"`
	Year          int    `json:"year"`
	Fund          int64  `json:"fund"`
	Committed     int64  `json:"committed"`
	Spent         int64  `json:"spent"`
	Remaining     int64  `json:"remaining"`
	Projects      int    `json:"projects"`
}

// committed sums the budgets of a community's projects of a year that
// hold money, leaving out the project being checked (0: none).
func committed(ctx context.Context, q db.Querier, communityID int64, year int, except int64) (int64, error) {
	var sum int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(SUM(budget), 0) FROM microprojects
		WHERE community_id = $1 AND year = $2 AND stage <> $3 AND id <> $4`, communityID, year, string(Rejected), except).Scan(&sum)
	return sum, errs.Wrap(err, "microproject fund")
}

// checkMoney refuses a budget over its type's cap or over what is left of
// the community's fund for the year, naming the figures; nothing else is
// checked here.
func checkMoney(ctx context.Context, q db.Querier, p Project) error {
	set, err := settingsFor(ctx, q, p.Year, p.CommunityID)
	if err != nil {
		return err
	}
	if limit := set.Cap(p.Kind); p.Budget > limit {
		return &errs.Error{Code: errs.Invalid, Message: "mp.err.over_cap", Args: []any{p.Budget, limit},
			Fields: map[string]string{"budget": "mp.err.budget_over_cap"}}
	}
	used, err := committed(ctx, q, p.CommunityID, p.Year, p.ID)
	if err != nil {
		return err
	}
	if remaining := set.Fund - used; p.Budget > remaining {
		return &errs.Error{Code: errs.Invalid, Message: "mp.err.over_fund", Args: []any{p.Budget, set.Fund, used, remaining},
			Fields: map[string]string{"budget": "mp.err.budget_over_fund"}}
	}
	return nil
}
