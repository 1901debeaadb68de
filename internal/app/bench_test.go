package app_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
)

// benchEnvs runs a benchmark on every database.
func benchEnvs(b *testing.B, fn func(b *testing.B, e *env)) {
	for _, d := range dbtest.Dialects() {
		b.Run(string(d), func(b *testing.B) {
			e := newEnvTB(b, d)
			fn(b, e)
		})
	}
}

// BenchmarkUnitCreate measures one audited mutation: a unit inserted, its
// path set and its audit record appended, in one transaction.
func BenchmarkUnitCreate(b *testing.B) {
	benchEnvs(b, func(b *testing.B, e *env) {
		ctx := context.Background()
		root := e.unit("root")
		admin := access.Actor{UserID: 1, Username: "admin", Role: access.Sysadmin, UnitID: root.ID, ScopePath: root.Path}
		parent := e.unit("LG-PH").ID
		kind := org.Department
		var n atomic.Int64
		b.ResetTimer()
		for b.Loop() {
			i := n.Add(1)
			name, code := fmt.Sprintf("部门%d", i), fmt.Sprintf("B-%d", i)
			if _, err := e.app.Units.Create(ctx, admin, org.Input{ParentID: &parent, Kind: &kind, Name: &name, Code: &code}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
	})
}

// BenchmarkAPI measures requests through the whole stack (middleware,
// bearer-token session lookup, scope, SQL, JSON) from parallel clients.
func BenchmarkAPI(b *testing.B) {
	benchEnvs(b, func(b *testing.B, e *env) {
		tok := e.token("leader")
		hehua := strconv.FormatInt(e.unit("PH-HEHUA").ID, 10)
		for _, c := range []struct{ name, path string }{
			{"list-with-total", "/api/v1/units?page=1&page_size=20"},
			{"get-by-id", "/api/v1/units/" + hehua},
			{"me", "/api/v1/me"},
		} {
			b.Run(c.name, func(b *testing.B) {
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
				b.SetParallelism(4)
				b.ResetTimer()
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						req, _ := http.NewRequest("GET", e.srv.URL+c.path, nil)
						req.Header.Set("Authorization", "Bearer "+tok)
						res, err := client.Do(req)
						if err != nil {
							b.Fatal(err)
						}
						_, _ = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if res.StatusCode != 200 {
							b.Fatalf("%s: %d", c.path, res.StatusCode)
						}
					}
				})
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
			})
		}
	})
}

// BenchmarkCampaignReads measures the campaign's and the key projects'
// read paths on the demo (150 projects with their milestones and reports,
// the 2022 campaign, the supervision notices), one client at a time: the
// cost of one answer, as a leader sees it.
func BenchmarkCampaignReads(b *testing.B) {
	benchEnvs(b, func(b *testing.B, e *env) {
		tok := e.token("leader")
		for _, c := range []struct{ name, path string }{
			{"project-list", "/api/v1/projects?page=1&page_size=20"},
			{"project-stats", "/api/v1/stats/projects?as_of=2022-07-01"},
			{"supervision-stats", "/api/v1/stats/supervision?as_of=2022-12-31"},
			{"assessment-2022", "/api/v1/assessment/cadres?year=2022"},
			{"reminders", "/api/v1/reminders"},
		} {
			b.Run(c.name, func(b *testing.B) {
				for b.Loop() {
					if r := e.api("GET", c.path, tok, nil); r.Status != 200 {
						b.Fatalf("%s: %d %s", c.path, r.Status, r.Body)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/op")
			})
		}
	})
}
