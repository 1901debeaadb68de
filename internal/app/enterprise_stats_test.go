package app_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/i18n"
)

// The seed's figures, recomputed from the demo's events: between 26 and 31
// May 2022 all 324 above-scale industrial enterprises were visited and 326
// appeals collected; as of 1 July 317 were resolved and 9 in progress; more
// than 500 were resolved in the first half of 2022.
func TestDemoEnterpriseServiceFigures(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		ctx := context.Background()
		svc := &appeal.Service{DB: e.app.DB, Audit: e.app.Audit, Now: e.clock.Now, Calendar: e.app.Calendar}
		leader := leaderActor(t, e)
		asOf, _ := appeal.AsOfDate("2022-07-01")
		week, err := svc.Stats(ctx, leader, appeal.StatsQuery{From: "2022-05-26", To: "2022-05-31", AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if week.AboveScaleEnterprises != 324 || week.EnterprisesVisited != 324 || week.AppealsCollected != 326 ||
			week.AppealsResolved != 317 || week.AppealsInProgress != 9 {
			t.Fatalf("visiting week: %+v", week)
		}
		half, err := svc.Stats(ctx, leader, appeal.StatsQuery{From: "2022-01-01", To: "2022-06-30", AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if half.AppealsResolved <= 500 {
			t.Fatalf("first half-year resolved %d, want above 500", half.AppealsResolved)
		}
		// Today, the nine are resolved too.
		now, err := svc.Stats(ctx, leader, appeal.StatsQuery{From: "2022-05-26", To: "2022-05-31", AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, i18n.Zone)})
		if err != nil {
			t.Fatal(err)
		}
		if now.AppealsResolved != 326 || now.AppealsInProgress != 0 {
			t.Fatalf("visiting week as of 2026: %+v", now)
		}
	})
}

func leaderActor(t *testing.T, e *env) access.Actor {
	t.Helper()
	a, _, err := e.app.Accounts.Authenticate(context.Background(), e.token("leader"), "api")
	if err != nil {
		t.Fatal(err)
	}
	return a
}
