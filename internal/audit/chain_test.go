package audit_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

func TestChainVerifies(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	for _, n := range []int{0, 1, 2, 7} {
		t.Run(fmt.Sprintf("%d records", n), func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				l, c := newLog(d)
				appendN(t, l, c, n)
				got, err := l.Verify(context.Background())
				if err != nil || got != int64(n) {
					t.Fatalf("%d records: Verify = %d, %v; want %d, nil", n, got, err, n)
				}
				rs := records(t, d)
				if len(rs) != n {
					t.Fatalf("%d records stored, want %d", len(rs), n)
				}
				prev := ""
				for i, r := range rs {
					if r.Seq != int64(i+1) {
						t.Errorf("record %d has seq %d", i+1, r.Seq)
					}
					if r.PrevHash != prev {
						t.Errorf("record %d links to %q, want %q", r.Seq, r.PrevHash, prev)
					}
					if r.Hash != r.ComputeHash() || len(r.Hash) != 64 {
						t.Errorf("record %d: stored hash %q does not match its content", r.Seq, r.Hash)
					}
					if want := start.Add(timeSecond(i)); !r.At.Equal(want) {
						t.Errorf("record %d at %v, want the injected clock's %v", r.Seq, r.At, want)
					}
					prev = r.Hash
				}
			})
		})
	}
}

func TestAppendRecordsWhatItIsGiven(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		l, _ := newLog(d)
		a := access.Actor{UserID: 42, Username: "zhang", Role: access.Sysadmin, IP: "10.0.0.9", RequestID: "req-1"}
		appendOne(t, l, a, audit.Entry{Action: "unit.update", Entity: "unit", EntityID: int64(7),
			Before: map[string]string{"name": "旧"}, After: map[string]string{"name": "新"}})
		appendOne(t, l, access.System("test"), audit.Entry{Action: "x", Entity: "y", EntityID: "abc", Result: audit.Denied})
		rs := records(t, d)
		if len(rs) != 2 {
			t.Fatalf("%d records, want 2", len(rs))
		}
		r := rs[0]
		if r.ActorID != 42 || r.Actor != "zhang" || r.Role != "sysadmin" || r.IP != "10.0.0.9" || r.RequestID != "req-1" ||
			r.Action != "unit.update" || r.Entity != "unit" || r.EntityID != "7" || r.Result != audit.OK ||
			r.Before != `{"name":"旧"}` || r.After != `{"name":"新"}` {
			t.Errorf("first record %+v", r)
		}
		r = rs[1]
		if r.ActorID != 0 || r.Actor != "system:test" || r.EntityID != "abc" || r.Result != audit.Denied || r.Before != "" || r.After != "" {
			t.Errorf("second record %+v", r)
		}
		var nullActor bool
		if err := d.R.QueryRow("SELECT actor_id IS NULL FROM audit_log WHERE seq = 2").Scan(&nullActor); err != nil || !nullActor {
			t.Errorf("the system's record must have a NULL actor_id: %v, %v", nullActor, err)
		}
	})
}

func TestChainCatchesTampering(t *testing.T) {
	const n = 5
	cases := []struct {
		name    string
		guards  bool // the triggers must be out of the way
		tamper  func(t *testing.T, d *db.DB)
		seq     int64 // where Verify must stop
		checked int64
		reason  string
	}{
		{
			name: "field changed and hash recomputed breaks the next link", guards: true,
			tamper: func(t *testing.T, d *db.DB) {
				r := record(t, d, 3)
				r.Action, r.After = "test.harmless", `{"n":0}`
				r.Hash = r.ComputeHash()
				overwrite(t, d, r)
			},
			seq: 4, checked: 3, reason: "does not link",
		},
		{
			name: "field changed in the middle, hash kept", guards: true,
			tamper: func(t *testing.T, d *db.DB) {
				r := record(t, d, 3)
				r.Result = audit.Denied
				overwrite(t, d, r)
			},
			seq: 3, checked: 2, reason: "altered",
		},
		{
			name: "time moved, hash kept", guards: true,
			tamper: func(t *testing.T, d *db.DB) {
				r := record(t, d, 2)
				r.At = r.At.Add(-timeSecond(3600))
				overwrite(t, d, r)
			},
			seq: 2, checked: 1, reason: "altered",
		},
		{
			name: "last record altered is caught by its own hash", guards: true,
			tamper: func(t *testing.T, d *db.DB) {
				r := record(t, d, n)
				r.Actor = "somebody-else"
				overwrite(t, d, r)
			},
			seq: n, checked: n - 1, reason: "altered",
		},
		{
			name: "middle record deleted", guards: true,
			tamper: func(t *testing.T, d *db.DB) { exec(t, d, "DELETE FROM audit_log WHERE seq = 3") },
			seq:    4, checked: 2, reason: "records 3 to 3 are missing",
		},
		{
			name: "two middle records deleted", guards: true,
			tamper: func(t *testing.T, d *db.DB) { exec(t, d, "DELETE FROM audit_log WHERE seq IN (2, 3)") },
			seq:    4, checked: 1, reason: "records 2 to 3 are missing",
		},
		{
			name: "first record given a predecessor", guards: true,
			tamper: func(t *testing.T, d *db.DB) {
				r := record(t, d, 1)
				r.PrevHash = strings.Repeat("0", 64)
				r.Hash = r.ComputeHash()
				overwrite(t, d, r)
			},
			seq: 1, checked: 0, reason: "does not link",
		},
		{
			name: "oldest record deleted, no retention anchor", guards: true,
			tamper: func(t *testing.T, d *db.DB) { exec(t, d, "DELETE FROM audit_log WHERE seq = 1") },
			seq:    2, checked: 0, reason: "records 1 to 1 are missing",
		},
		{
			name: "oldest records deleted, no retention anchor", guards: true,
			tamper: func(t *testing.T, d *db.DB) { exec(t, d, "DELETE FROM audit_log WHERE seq <= 3") },
			seq:    4, checked: 0, reason: "records 1 to 3 are missing",
		},
		{
			name: "record inserted out of turn leaves a gap",
			tamper: func(t *testing.T, d *db.DB) {
				last := record(t, d, n)
				forged := last
				forged.Seq, forged.PrevHash, forged.Action = n+2, last.Hash, "forged"
				forged.Hash = forged.ComputeHash()
				insert(t, d, forged)
			},
			seq: n + 2, checked: n, reason: "are missing",
		},
		{
			name: "forged record appended with a made-up link",
			tamper: func(t *testing.T, d *db.DB) {
				forged := record(t, d, n)
				forged.Seq, forged.PrevHash, forged.Action = n+1, strings.Repeat("f", 64), "forged"
				forged.Hash = forged.ComputeHash()
				insert(t, d, forged)
			},
			seq: n + 1, checked: n, reason: "does not link",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dbtest.Run(t, func(t *testing.T, d *db.DB) {
				l, clk := newLog(d)
				appendN(t, l, clk, n)
				if got, err := l.Verify(context.Background()); err != nil || got != n {
					t.Fatalf("before tampering: Verify = %d, %v", got, err)
				}
				if c.guards {
					disableGuards(t, d)
				}
				c.tamper(t, d)
				got, err := l.Verify(context.Background())
				if e := brokenAt(err, c.seq); e != nil {
					t.Fatal(e)
				}
				if !strings.Contains(err.Error(), c.reason) {
					t.Errorf("reason %q, want it to say %q", err, c.reason)
				}
				if got != c.checked {
					t.Errorf("Verify checked %d records before the break, want %d", got, c.checked)
				}
			})
		})
	}
}

func TestTriggersRefuseTampering(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		l, c := newLog(d)
		// Young records: the delete trigger compares with the database's clock.
		c.Set(wallNow().Add(-time.Hour))
		appendN(t, l, c, 3)
		for _, q := range []string{
			"UPDATE audit_log SET action = 'x' WHERE seq = 2",
			"DELETE FROM audit_log WHERE seq = 2",
			"DELETE FROM audit_log",
		} {
			if _, err := d.W.Exec(q); err == nil {
				t.Errorf("%s: accepted", q)
			}
		}
		if got, err := l.Verify(context.Background()); err != nil || got != 3 {
			t.Fatalf("Verify = %d, %v after refused tampering", got, err)
		}
	})
}

func TestRolledBackAppendLeavesNoRecordAndNoGap(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, c := newLog(d)
		appendN(t, l, c, 2)
		failed := errors.New("the change failed after its audit record was written")
		err := d.Tx(ctx, func(tx *sql.Tx) error {
			if err := l.Append(ctx, tx, access.System("test"), audit.Entry{Action: "doomed", Entity: "thing"}); err != nil {
				return err
			}
			return failed
		})
		if !errors.Is(err, failed) {
			t.Fatalf("Tx returned %v, want the caller's error", err)
		}
		if n := count(t, d); n != 2 {
			t.Fatalf("%d records after a rolled-back append, want 2", n)
		}
		var doomed int
		if err := d.R.QueryRow("SELECT count(*) FROM audit_log WHERE action = 'doomed'").Scan(&doomed); err != nil || doomed != 0 {
			t.Fatalf("the rolled-back record is visible: %d, %v", doomed, err)
		}
		appendN(t, l, c, 1)
		rs := records(t, d)
		if len(rs) != 3 || rs[2].Seq != 3 || rs[2].PrevHash != rs[1].Hash {
			t.Fatalf("the next record after a rollback: %+v", rs[len(rs)-1])
		}
		if got, err := l.Verify(ctx); err != nil || got != 3 {
			t.Fatalf("Verify = %d, %v; want 3, nil", got, err)
		}
	})
}

// TestConcurrentAppendsNeverFork runs many writers at once. On PostgreSQL
// only the advisory lock of db.LockAuditChain keeps two transactions from
// reading the same tail and linking to the same predecessor.
func TestConcurrentAppendsNeverFork(t *testing.T) {
	dbtest.RequirePostgresInCI(t)
	const writers, each = 8, 50
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		l, _ := newLog(d)
		var wg sync.WaitGroup
		errc := make(chan error, writers*each)
		for w := range writers {
			wg.Go(func() {
				a := access.Actor{UserID: int64(w + 1), Username: "writer", Role: access.Sysadmin}
				for i := range each {
					errc <- d.Tx(ctx, func(tx *sql.Tx) error {
						return l.Append(ctx, tx, a, audit.Entry{Action: "concurrent", Entity: "thing", EntityID: w*each + i})
					})
				}
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Fatalf("append: %v", err)
			}
		}
		got, err := l.Verify(ctx)
		if err != nil || got != writers*each {
			t.Fatalf("Verify = %d, %v; want %d, nil", got, err, writers*each)
		}
		var total, distinctSeq, distinctPrev, lo, hi int64
		if err := d.R.QueryRow("SELECT count(*), count(DISTINCT seq), count(DISTINCT prev_hash), min(seq), max(seq) FROM audit_log").
			Scan(&total, &distinctSeq, &distinctPrev, &lo, &hi); err != nil {
			t.Fatal(err)
		}
		if total != writers*each || distinctSeq != total || distinctPrev != total || lo != 1 || hi != total {
			t.Fatalf("count %d, distinct seqs %d, distinct links %d, seqs %d..%d; want %d records 1..%d each with its own predecessor",
				total, distinctSeq, distinctPrev, lo, hi, writers*each, writers*each)
		}
		var perWriter int
		if err := d.R.QueryRow("SELECT count(DISTINCT actor_id) FROM audit_log").Scan(&perWriter); err != nil || perWriter != writers {
			t.Fatalf("%d writers recorded, want %d (%v)", perWriter, writers, err)
		}
	})
}

func exec(t *testing.T, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := d.W.ExecContext(context.Background(), q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func insert(t *testing.T, d *db.DB, r audit.Record) {
	t.Helper()
	var actorID any
	if r.ActorID != 0 {
		actorID = r.ActorID
	}
	exec(t, d, `INSERT INTO audit_log (seq, at, actor_id, actor, role, action, entity, entity_id, result, ip, request_id,
		before_data, after_data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
		r.Seq, db.Micros(r.At), actorID, r.Actor, r.Role, r.Action, r.Entity, r.EntityID, r.Result, r.IP, r.RequestID,
		r.Before, r.After, r.PrevHash, r.Hash)
}
