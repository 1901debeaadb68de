package app_test

import (
	"testing"
)

// BenchmarkPartyAndOverviewReads measures the party figures, the overview
// of every module, the summary report in its three formats and the red
// map with all its layers on the demo, one client at a time, as a leader asks for them: the first half
// of 2022, as of its last day.
func BenchmarkPartyAndOverviewReads(b *testing.B) {
	benchEnvs(b, func(b *testing.B, e *env) {
		e.withoutBudgets()
		tok := e.token("leader")
		leader := e.browser().login("leader")
		const half = "from=2022-01-01&to=2022-06-30&as_of=2022-06-30"
		api := func(p string) resp { return e.api("GET", p, tok, nil) }
		for _, c := range []struct {
			name, path string
			get        func(path string) resp
		}{
			{"party-stats", "/api/v1/stats/party?" + half, api},
			{"party-organisations", "/party/organisations", leader.get},
			{"party-coverage", "/party/coverage?" + half, leader.get},
			{"overview-stats", "/api/v1/stats/overview?" + half, api},
			{"overview-page", "/overview?" + half, leader.get},
			{"summary-html", "/api/v1/reports/summary?format=html&" + half, api},
			{"summary-docx", "/api/v1/reports/summary?format=docx&" + half, api},
			{"summary-xlsx", "/api/v1/reports/summary?format=xlsx&" + half, api},
			{"red-map-page", "/map", leader.get},
			{"red-map-geojson", "/api/v1/map.geojson", api},
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
	})
}
