package appeal_test

import (
	"database/sql"
	"fmt"
	"testing"

	"pinghu/internal/appeal"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// BenchmarkCreate raises appeals one transaction each, as a user would:
// the look-ups, the calendar, the appeal, its event and its audit record.
// On SQLite every commit is a synchronous=FULL fsync.
func BenchmarkCreate(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			e := newEnv(b, dbtest.Open(b, dialect))
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

// BenchmarkCreateTx raises appeals 100 to a transaction through CreateTx,
// as a visit form or a bulk load does: the work per appeal without one
// commit (and its fsync) each.
func BenchmarkCreateTx(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			e := newEnv(b, dbtest.Open(b, dialect))
			x := in(e.E1)
			const batch = 100
			b.ReportAllocs()
			for b.Loop() {
				err := e.d.Tx(e.ctx, func(tx *sql.Tx) error {
					for range batch {
						if _, err := e.svc.CreateTx(e.ctx, tx, e.spec1, x); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batch)/b.Elapsed().Seconds(), "creates/s")
		})
	}
}

// benchAppeals is the size of the generated history for the read
// benchmarks.
const benchAppeals = 20000

// benchHistory raises benchAppeals appeals over the first half of 2022
// through CreateTx, then gives them a history in a few set-based
// statements: nine in ten accepted the next hour, eight in ten resolved
// two days later, half of all confirmed a day after that.
func benchHistory(b *testing.B, e *env) {
	b.Helper()
	enterprises := []int64{e.E1, e.E2, e.E3}
	e.at("2022-01-04 09:00")
	step := cst("2022-06-30 00:00").Sub(cst("2022-01-04 09:00")) / benchAppeals
	for i := 0; i < benchAppeals; {
		err := e.d.Tx(e.ctx, func(tx *sql.Tx) error {
			for j := 0; j < 500 && i < benchAppeals; j, i = j+1, i+1 {
				x := in(enterprises[i%len(enterprises)])
				if _, err := e.svc.CreateTx(e.ctx, tx, e.leader, x); err != nil {
					return err
				}
				e.clock.Advance(step)
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	const hour, day = int64(3600e6), int64(86400e6)
	steps := []string{
		`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, resolution_due_at)
			SELECT id, submitted_at + 1 * ` + fmt.Sprint(hour) + `, 'bench', 'dept', 'accept', 'submitted', 'accepted', department_id, resolution_due_at
			FROM appeals WHERE id % 10 <> 0`,
		`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, resolution_due_at)
			SELECT id, submitted_at + 2 * ` + fmt.Sprint(day) + `, 'bench', 'dept', 'resolve', 'accepted', 'resolved', department_id, resolution_due_at
			FROM appeals WHERE id % 10 NOT IN (0, 1)`,
		`INSERT INTO appeal_events (appeal_id, at, actor, role, action, from_state, to_state, department_id, solved, satisfaction, resolution_due_at)
			SELECT id, submitted_at + 3 * ` + fmt.Sprint(day) + `, 'bench', 'enterprise', 'confirm', 'resolved', 'closed', department_id, 'solved', 'satisfied', resolution_due_at
			FROM appeals WHERE id % 10 IN (2, 3, 4, 5, 6)`,
		`UPDATE appeals SET state = CASE WHEN id % 10 = 0 THEN 'submitted' WHEN id % 10 = 1 THEN 'accepted'
			WHEN id % 10 IN (2, 3, 4, 5, 6) THEN 'closed' ELSE 'resolved' END,
			solved = CASE WHEN id % 10 IN (2, 3, 4, 5, 6) THEN 'solved' END,
			satisfaction = CASE WHEN id % 10 IN (2, 3, 4, 5, 6) THEN 'satisfied' END`,
	}
	for _, s := range steps {
		e.exec(s)
	}
	if e.d.Dialect == "postgres" {
		e.exec("ANALYZE")
	}
	e.at("2022-07-01 12:00")
}

// BenchmarkRead measures the reads of the enterprise-service page over
// benchAppeals appeals in the leader's scope: the figures as of a date,
// a weekly breakdown, and the first page of the list with its total.
func BenchmarkRead(b *testing.B) {
	for _, dialect := range dbtest.Dialects() {
		b.Run(string(dialect), func(b *testing.B) {
			e := newEnv(b, dbtest.Open(b, dialect))
			benchHistory(b, e)
			q := appeal.StatsQuery{From: "2022-01-01", To: "2022-06-30", AsOf: asOf("2022-06-15")}
			b.Run("stats", func(b *testing.B) {
				for b.Loop() {
					s, err := e.svc.Stats(e.ctx, e.leader, q)
					if err != nil || s.AppealsCollected == 0 {
						b.Fatal(s, err)
					}
				}
			})
			b.Run("breakdown-week", func(b *testing.B) {
				for b.Loop() {
					if _, err := e.svc.Breakdown(e.ctx, e.leader, q, appeal.ByWeek); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("list-page-1-with-total", func(b *testing.B) {
				for b.Loop() {
					l, err := e.svc.List(e.ctx, e.leader, appeal.Filter{Page: db.NewPage(1, 20)})
					if err != nil || l.Total != benchAppeals {
						b.Fatal(l.Total, err)
					}
				}
			})
			b.Run("list-drill-resolved-as-of", func(b *testing.B) {
				f, _ := appeal.Drill(q, appeal.FigureResolved)
				f.Page = db.NewPage(1, 20)
				for b.Loop() {
					if _, err := e.svc.List(e.ctx, e.leader, f); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("get", func(b *testing.B) {
				for b.Loop() {
					if _, err := e.svc.Get(e.ctx, e.leader, benchAppeals/2); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
