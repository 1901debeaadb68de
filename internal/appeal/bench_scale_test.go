package appeal_test

import (
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/org"
	"pinghu/internal/pii"
)

// The benchmarks of the README's figures for the enterprise service at
// city scale: a database of scaleAppeals appeals written with plain
// INSERTs in one transaction, their history as events, then the stats
// call and the list's first page with its total. BenchmarkCreate
// (bench_test.go) measures raising one appeal with its audit record.
//
//	go test ./internal/appeal -run '^$' -bench 'Stats|ListPage1WithTotal|Create' -benchtime 2s

// scaleAppeals is the size of the generated database.
const scaleAppeals = 100_000

// scaleEnterprises share the appeals, over two communities.
const scaleEnterprises = 2_000

// scaleDB builds the generated database: scaleEnterprises enterprises in
// C1 and C2 with their 四个一 department, and scaleAppeals appeals spread
// evenly over 2022, every one with its submit event; nine in ten accepted
// (one in thirteen of those late), eight in ten resolved (one in seven
// late), half of all confirmed and rated. The appeals' rows are written
// with multi-row INSERTs, the events with INSERT … SELECT.
func scaleDB(b *testing.B, dialect db.Dialect) *env {
	b.Helper()
	e := newEnv(b, dbtest.Open(b, dialect))
	began := time.Now()
	communities := []org.Unit{e.C1, e.C2}
	departments := []int64{e.D1.ID, e.D2.ID}
	categories := []string{"policy", "space_land", "financing", "talent_housing", "permits", "infrastructure", "labour", "other"}
	ids := make([]int64, 0, scaleEnterprises)
	err := e.d.Tx(e.ctx, func(tx *sql.Tx) error {
		now := db.Micros(e.clock.Now())
		for i := range scaleEnterprises {
			code, err := pii.MakeCreditCode(fmt.Sprintf("91440300MB%07d", i))
			if err != nil {
				return err
			}
			var id int64
			if err := tx.QueryRowContext(e.ctx, `INSERT INTO enterprises (name, credit_code, community_id, department_id,
				above_scale, status, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 'operating', $6, $6) RETURNING id`,
				fmt.Sprintf("规模测试企业%04d", i), code, communities[i%2].ID, departments[i%2], i%3 != 0, now).Scan(&id); err != nil {
				return err
			}
			ids = append(ids, id)
		}

		const hour, day = int64(time.Hour / time.Microsecond), int64(24 * time.Hour / time.Microsecond)
		first := db.Micros(cst("2022-01-01 08:00"))
		step := (db.Micros(cst("2022-12-31 20:00")) - first) / scaleAppeals
		const cols, batch = 15, 200
		for start := 0; start < scaleAppeals; start += batch {
			var sb strings.Builder
			sb.WriteString(`INSERT INTO appeals (enterprise_id, category, channel, title, state, department_id, submitted_at,
				response_due_at, resolution_due_at, accepted_at, resolved_at, closed_at, solved, satisfaction, updated_at) VALUES `)
			args := make([]any, 0, cols*batch)
			for i := start; i < min(start+batch, scaleAppeals); i++ {
				if i > start {
					sb.WriteString(", ")
				}
				sb.WriteString("(")
				for c := range cols {
					if c > 0 {
						sb.WriteString(", ")
					}
					fmt.Fprintf(&sb, "$%d", len(args)+c+1)
				}
				sb.WriteString(")")
				sub := first + int64(i)*step
				responseDue, resolutionDue := sub+day, sub+3*day
				state := "submitted"
				var accepted, resolved, closed, solved, satisfaction any
				if i%10 != 0 {
					at := sub + hour
					if i%13 == 0 {
						at = sub + 2*day // signed for late
					}
					accepted, state = at, "accepted"
				}
				if i%10 >= 2 {
					at := sub + 2*day
					if i%7 == 0 {
						at = sub + 5*day // resolved late
					}
					resolved, state = at, "resolved"
				}
				if i%10 >= 2 && i%10 <= 6 {
					closed, state, solved, satisfaction = sub+6*day, "closed", "solved", "satisfied"
					if i%9 == 0 {
						solved, satisfaction = "partly", "basically"
					}
				}
				args = append(args, ids[i%len(ids)], categories[i%len(categories)], "hotline", "规模测试诉求", state,
					departments[i%2], sub, responseDue, resolutionDue, accepted, resolved, closed, solved, satisfaction, sub+6*day)
			}
			if _, err := tx.ExecContext(e.ctx, sb.String(), args...); err != nil {
				return err
			}
		}
		for _, s := range []string{
			`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, resolution_due_at)
				SELECT id, submitted_at, 'bench', 'specialist', 'submit', '', 'submitted', department_id, resolution_due_at FROM appeals`,
			`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, resolution_due_at)
				SELECT id, accepted_at, 'bench', 'dept', 'accept', 'submitted', 'accepted', department_id, resolution_due_at
				FROM appeals WHERE accepted_at IS NOT NULL`,
			`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, resolution_due_at)
				SELECT id, resolved_at, 'bench', 'dept', 'resolve', 'accepted', 'resolved', department_id, resolution_due_at
				FROM appeals WHERE resolved_at IS NOT NULL`,
			`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, solved, satisfaction, resolution_due_at)
				SELECT id, closed_at, 'bench', 'enterprise', 'confirm', 'resolved', 'closed', department_id, solved, satisfaction, resolution_due_at
				FROM appeals WHERE closed_at IS NOT NULL`,
		} {
			if _, err := tx.ExecContext(e.ctx, s); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// PostgreSQL's autovacuum would analyse tables this size by itself;
	// a benchmark cannot wait for it.
	if dialect == db.Postgres {
		e.exec("ANALYZE")
	}
	if n := e.count("SELECT count(*) FROM appeals"); n != scaleAppeals {
		b.Fatalf("%d appeals generated", n)
	}
	b.Logf("%s: %d appeals and %d events generated in %s", dialect, scaleAppeals,
		e.count("SELECT count(*) FROM appeal_events"), time.Since(began).Round(time.Millisecond))
	e.at("2023-01-15 10:00")
	return e
}

// BenchmarkStats is the stats call of the dashboard and of GET
// /api/v1/stats/enterprise-service: every figure, recomputed from the
// events as of a date, in the leader's scope of scaleAppeals appeals —
// for the whole year, and for one week.
func BenchmarkStats(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			e := scaleDB(b, dialect)
			for _, c := range []struct {
				name string
				q    appeal.StatsQuery
			}{
				{"year-as-of-2022-07-01", appeal.StatsQuery{From: "2022-01-01", To: "2022-12-31", AsOf: asOf("2022-07-01")}},
				{"year-as-of-now", appeal.StatsQuery{From: "2022-01-01", To: "2022-12-31"}},
				{"week-as-of-2022-07-01", appeal.StatsQuery{From: "2022-05-23", To: "2022-05-29", AsOf: asOf("2022-07-01")}},
			} {
				b.Run(c.name, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						s, err := e.svc.Stats(e.ctx, e.leader, c.q)
						if err != nil || s.AppealsCollected == 0 {
							b.Fatal(s, err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkListPage1WithTotal is the appeal list's first page of 20 with
// the total that matched, over scaleAppeals appeals: the plain list (the
// current state), and the list behind a figure (the history as of a date,
// what the dashboard's links open).
func BenchmarkListPage1WithTotal(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			e := scaleDB(b, dialect)
			drill, err := appeal.Drill(appeal.StatsQuery{From: "2022-01-01", To: "2022-12-31", AsOf: asOf("2022-07-01")}, appeal.FigureResolved)
			if err != nil {
				b.Fatal(err)
			}
			for _, c := range []struct {
				name string
				f    appeal.Filter
				want int
			}{
				{"current", appeal.Filter{}, scaleAppeals},
				{"figure-resolved-as-of-2022-07-01", drill, 0},
			} {
				b.Run(c.name, func(b *testing.B) {
					f := c.f
					f.Page = db.NewPage(1, 20)
					b.ReportAllocs()
					for b.Loop() {
						l, err := e.svc.List(e.ctx, e.leader, f)
						if err != nil || len(l.Items) != 20 || (c.want > 0 && l.Total != c.want) {
							b.Fatal(l.Total, err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkCreateAtScale is BenchmarkCreate on the generated database:
// raising an appeal with its event and audit record when the tables and
// their indexes already hold scaleAppeals appeals.
func BenchmarkCreateAtScale(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			e := scaleDB(b, dialect)
			x := in(e.E1)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.svc.Create(e.ctx, e.spec1, x); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
		})
	}
}
