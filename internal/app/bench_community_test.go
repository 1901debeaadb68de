package app_test

import (
	"context"
	"testing"
	"time"

	"pinghu/internal/i18n"
)

// BenchmarkCommunityReads measures the community governance read paths on
// the demo (its 2022 micro-projects, think tank, stations and volunteer
// services), one client at a time, as a leader sees them: the answers
// through the whole stack, then each module's figures of the year alone,
// the parts of the overview. Public feeds are read far more often than a
// person would, so the instance is served without its budgets.
func BenchmarkCommunityReads(b *testing.B) {
	benchEnvs(b, func(b *testing.B, e *env) {
		e.withoutBudgets()
		tok := e.token("leader")
		leader := e.browser().login("leader")
		anonymous := e.browser()
		for _, c := range []struct {
			name, path string
			get        func(path string) resp
		}{
			{"community-stats", "/api/v1/stats/community?from=2022-01-01&to=2022-12-31", func(p string) resp { return e.api("GET", p, tok, nil) }},
			{"microproject-list", "/microprojects", leader.get},
			{"microproject-funds", "/microprojects/funds?year=2022", leader.get},
			{"consultation-list", "/consultations", leader.get},
			{"station-feed", "/api/v1/stations.geojson", func(p string) resp { return e.api("GET", p, tok, nil) }},
			{"public-station-feed", "/p/stations.geojson", anonymous.get},
			{"volunteer-activities", "/volunteer-activities", leader.get},
			{"community-dashboard", "/dashboards/community?from=2022-01-01&to=2022-12-31", leader.get},
		} {
			b.Run(c.name, func(b *testing.B) {
				for b.Loop() {
					if r := c.get(c.path); r.Status != 200 {
						b.Fatalf("%s: %d %s", c.path, r.Status, snippet(r.Body))
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
		}

		ctx := context.Background()
		a, _, err := e.app.Accounts.Authenticate(ctx, tok, "api")
		if err != nil {
			b.Fatal(err)
		}
		from := time.Date(2022, 1, 1, 0, 0, 0, 0, i18n.Zone)
		to := from.AddDate(1, 0, 0)
		for _, c := range []struct {
			name    string
			figures func() error
		}{
			{"figures-microprojects", func() error { _, err := e.app.Microprojects.CommunityFigures(ctx, a, from, to, 0); return err }},
			{"figures-thinktank", func() error { _, err := e.app.ThinkTank.CommunityFigures(ctx, a, from, to, 0); return err }},
			// The stations read both ends as days included.
			{"figures-stations", func() error {
				_, err := e.app.Stations.CommunityFigures(ctx, a, from, to.Add(-time.Microsecond), 0)
				return err
			}},
			{"figures-volunteers", func() error { _, err := e.app.Volunteers.CommunityFigures(ctx, a, from, to, 0); return err }},
		} {
			b.Run(c.name, func(b *testing.B) {
				for b.Loop() {
					if err := c.figures(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/op")
			})
		}
	})
}
