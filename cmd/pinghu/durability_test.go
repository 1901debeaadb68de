//go:build unix

package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
)

// durabilityCycles is PINGHU_DURABILITY_CYCLES, 20 when unset.
func durabilityCycles(t *testing.T) int {
	t.Helper()
	s := os.Getenv("PINGHU_DURABILITY_CYCLES")
	if s == "" {
		return 20
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("PINGHU_DURABILITY_CYCLES=%q is not a positive number", s)
	}
	return n
}

// durabilitySeed is PINGHU_DURABILITY_SEED, or the clock; it is logged so
// that a failing run can be repeated with the same delays.
func durabilitySeed(t *testing.T) uint64 {
	t.Helper()
	if s := os.Getenv("PINGHU_DURABILITY_SEED"); s != "" {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatalf("PINGHU_DURABILITY_SEED=%q: %v", s, err)
		}
		return n
	}
	return uint64(time.Now().UnixNano())
}

// appealTarget is what a writer needs to raise appeals.
type appealTarget struct {
	token      string
	enterprise int64
	category   string
}

// prepareWriter logs in as the demo leader and picks an enterprise and a
// category to raise appeals with.
func prepareWriter(t *testing.T, s *server, lookup bool, tg *appealTarget) {
	t.Helper()
	var login loginAnswer
	if code := call(t, "POST", s.url("/api/v1/login"), "", map[string]string{"username": "leader", "password": demoPassword}, &login); code != http.StatusOK || login.Token == "" {
		t.Fatalf("%s: login as leader: status %d", s.name, code)
	}
	tg.token = login.Token
	if !lookup {
		return
	}
	var ents struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if code := call(t, "GET", s.url("/api/v1/enterprises?page_size=1"), tg.token, nil, &ents); code != http.StatusOK || len(ents.Items) == 0 {
		t.Fatalf("%s: enterprises: status %d, %d items", s.name, code, len(ents.Items))
	}
	tg.enterprise = ents.Items[0].ID
	var cats struct {
		Items []struct {
			Code   string `json:"code"`
			Active bool   `json:"active"`
		} `json:"items"`
	}
	if code := call(t, "GET", s.url("/api/v1/appeal-categories"), tg.token, nil, &cats); code != http.StatusOK {
		t.Fatalf("%s: appeal categories: status %d", s.name, code)
	}
	for _, c := range cats.Items {
		if c.Active {
			tg.category = c.Code
			break
		}
	}
	if tg.category == "" {
		t.Fatalf("%s: no active appeal category", s.name)
	}
}

// writeLoad is writers creating appeals over HTTP until stop is called.
// Only an appeal answered 201 with its id counts as acknowledged; a
// request cut off by the kill is unknown, not lost.
type writeLoad struct {
	mu       sync.Mutex
	acked    []int64
	attempts atomic.Int64
	unknown  atomic.Int64
	stopping atomic.Bool
	failure  error // an unexpected answer while the server was up
	wg       sync.WaitGroup
	tr       *http.Transport
}

func startWriteLoad(s *server, tg appealTarget, writers int, tag string) *writeLoad {
	l := &writeLoad{tr: &http.Transport{MaxIdleConnsPerHost: writers}}
	client := &http.Client{Transport: l.tr, Timeout: 10 * time.Second}
	url := s.url("/api/v1/appeals")
	for w := range writers {
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			for n := 0; !l.stopping.Load(); n++ {
				body, _ := json.Marshal(map[string]any{
					"enterprise_id": tg.enterprise, "category": tg.category, "channel": "hotline",
					"title":       fmt.Sprintf("durability %s w%d n%d", tag, w, n),
					"description": "written by TestKillAndRestartLosesNothing",
				})
				req, _ := http.NewRequest("POST", url, bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				req.Header.Set("Authorization", "Bearer "+tg.token)
				l.attempts.Add(1)
				resp, err := client.Do(req)
				if err != nil {
					l.unknown.Add(1)
					if l.stopping.Load() {
						return
					}
					l.fail(fmt.Errorf("writer %d: %v", w, err))
					return
				}
				b, rerr := io.ReadAll(resp.Body)
				resp.Body.Close()
				var out struct {
					ID int64 `json:"id"`
				}
				if resp.StatusCode == http.StatusCreated && rerr == nil && json.Unmarshal(b, &out) == nil && out.ID > 0 {
					l.mu.Lock()
					l.acked = append(l.acked, out.ID)
					l.mu.Unlock()
					continue
				}
				l.unknown.Add(1)
				if l.stopping.Load() {
					return
				}
				l.fail(fmt.Errorf("writer %d: status %d %q (read error %v)", w, resp.StatusCode, tail(string(b), 300), rerr))
				return
			}
		}()
	}
	return l
}

func (l *writeLoad) fail(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.failure == nil {
		l.failure = err
	}
}

// wait waits for the writers, which end on the first error once
// stopping is set (errors from then on are expected), and returns the
// acknowledged ids.
func (l *writeLoad) wait() []int64 {
	l.wg.Wait()
	l.tr.CloseIdleConnections()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]int64(nil), l.acked...)
}

// sqliteReadOnly opens the SQLite file of url read-only, as no server
// would write it.
func sqliteReadOnly(t *testing.T, url string) *sql.DB {
	t.Helper()
	c, err := sql.Open("sqlite", "file:"+strings.TrimPrefix(url, "sqlite:")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// countIDs counts how many of ids are rows of appeals.
func countIDs(t *testing.T, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, ids []int64) int {
	t.Helper()
	total := 0
	for len(ids) > 0 {
		chunk := ids[:min(len(ids), 500)]
		ids = ids[len(chunk):]
		var sb strings.Builder
		for i, id := range chunk {
			if i > 0 {
				sb.WriteByte(',')
			}
			sb.WriteString(strconv.FormatInt(id, 10))
		}
		var n int
		if err := q.QueryRowContext(context.Background(), "SELECT count(*) FROM appeals WHERE id IN ("+sb.String()+")").Scan(&n); err != nil {
			t.Fatalf("counting acknowledged appeals: %v", err)
		}
		total += n
	}
	return total
}

// missingIDs names the ids that are not rows of appeals (for the report).
func missingIDs(t *testing.T, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, ids []int64) []int64 {
	t.Helper()
	var missing []int64
	for _, id := range ids {
		if countIDs(t, q, []int64{id}) == 0 {
			missing = append(missing, id)
		}
	}
	return missing
}

func sigkill(t *testing.T, s *server) {
	t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("%s: SIGKILL: %v", s.name, err)
	}
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s did not die within 10 s of SIGKILL", s.name)
	}
}

// TestKillAndRestartLosesNothing drives appeal creation over HTTP, kills
// the server with SIGKILL at a random moment, and checks with the process
// dead that every appeal it acknowledged is stored, that the SQLite file
// is intact and that the audit chain verifies; then restarts it and goes
// again. PINGHU_DURABILITY_CYCLES sets the number of cycles (20 by
// default), PINGHU_DURABILITY_SEED the random delays.
func TestKillAndRestartLosesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("kills and restarts servers")
	}
	dbtest.RequirePostgresInCI(t)
	cycles := durabilityCycles(t)
	for _, dialect := range dbtest.Dialects() {
		t.Run(string(dialect), func(t *testing.T) {
			killAndRestart(t, dialect, cycles)
		})
	}
}

func killAndRestart(t *testing.T, dialect db.Dialect, cycles int) {
	isolateEnv(t)
	seed := durabilitySeed(t)
	rng := rand.New(rand.NewPCG(seed, 0x5eed))
	t.Logf("durability %s: seed %d (PINGHU_DURABILITY_SEED), %d cycles", dialect, seed, cycles)
	began := time.Now()

	url := dbtest.URL(t, dialect)
	data := t.TempDir()
	env := childEnv("PINGHU_DEMO_PASSWORD=" + demoPassword)
	args := []string{"--addr", "127.0.0.1:0", "--db", url, "--data", data}

	// The first start loads the demo; it ends cleanly.
	first := startServe(t, "demo", env, append(args, "--demo")...)
	first.waitHealthy(t, 60*time.Second)
	var tg appealTarget
	prepareWriter(t, first, true, &tg)
	first.sigterm(t)
	first.waitExit0(t, 30*time.Second)

	var pg *db.DB
	if dialect == db.Postgres {
		pg = openDB(t, url)
	}
	var all []int64
	var prev []int64
	acked, lost, unknown, cutoffCommitted := 0, 0, 0, 0
	for c := range cycles {
		s := startServe(t, fmt.Sprintf("cycle-%d", c), env, args...)
		s.waitHealthy(t, 30*time.Second)
		prepareWriter(t, s, false, &tg)

		// The restarted server serves what the killed one acknowledged.
		for _, id := range prev[max(0, len(prev)-3):] {
			if code := call(t, "GET", s.url("/api/v1/appeals/"+strconv.FormatInt(id, 10)), tg.token, nil, nil); code != http.StatusOK {
				t.Errorf("cycle %d: GET acknowledged appeal %d after restart: status %d", c, id, code)
			}
		}

		writers := 2 + rng.IntN(3)
		delay := time.Duration(10+rng.IntN(291)) * time.Millisecond
		load := startWriteLoad(s, tg, writers, fmt.Sprintf("c%d", c))
		time.Sleep(delay)
		load.stopping.Store(true)
		sigkill(t, s)
		ids := load.wait()
		if load.failure != nil {
			t.Fatalf("cycle %d: while the server was up: %v", c, load.failure)
		}

		// The process is dead: look at what is on disk.
		var stored, inTable int
		if dialect == db.SQLite {
			ro := sqliteReadOnly(t, url)
			stored = countIDs(t, ro, ids)
			if stored != len(ids) {
				t.Errorf("cycle %d: LOST acknowledged appeals %v (seed %d, kill after %v)", c, missingIDs(t, ro, ids), seed, delay)
			}
			if err := ro.QueryRow("SELECT count(*) FROM appeals WHERE title LIKE ?", fmt.Sprintf("durability c%d w%%", c)).Scan(&inTable); err != nil {
				t.Fatal(err)
			}
			ro.Close()
			if err := db.IntegrityCheck(context.Background(), url); err != nil {
				t.Fatalf("cycle %d: %v", c, err)
			}
		} else {
			stored = countIDs(t, pg.R, ids)
			if stored != len(ids) {
				t.Errorf("cycle %d: LOST acknowledged appeals %v (seed %d, kill after %v)", c, missingIDs(t, pg.R, ids), seed, delay)
			}
			if err := pg.R.QueryRow("SELECT count(*) FROM appeals WHERE title LIKE $1", fmt.Sprintf("durability c%d w%%", c)).Scan(&inTable); err != nil {
				t.Fatal(err)
			}
		}
		if out, err := runCLI(t, "", "audit", "verify", "--db", url); err != nil || !strings.Contains(out, "audit chain verified") {
			t.Fatalf("cycle %d: audit verify after SIGKILL: %v %q", c, err, out)
		}
		cyUnknown := int(load.unknown.Load())
		t.Logf("cycle %d: %d writers, SIGKILL after %v: %d acknowledged, %d cut off (%d of them committed), %d lost",
			c, writers, delay, len(ids), cyUnknown, inTable-stored, len(ids)-stored)
		acked += len(ids)
		lost += len(ids) - stored
		unknown += cyUnknown
		cutoffCommitted += inTable - stored
		all = append(all, ids...)
		prev = ids
	}

	// A last start: every acknowledged appeal is there, through the server.
	s := startServe(t, "final", env, args...)
	s.waitHealthy(t, 30*time.Second)
	prepareWriter(t, s, false, &tg)
	for _, id := range prev {
		if code := call(t, "GET", s.url("/api/v1/appeals/"+strconv.FormatInt(id, 10)), tg.token, nil, nil); code != http.StatusOK {
			t.Errorf("final: GET acknowledged appeal %d: status %d", id, code)
		}
	}
	s.sigterm(t)
	s.waitExit0(t, 30*time.Second)
	var d *db.DB
	if dialect == db.Postgres {
		d = pg
	} else {
		d = openDB(t, url)
	}
	if got := countIDs(t, d.R, all); got != len(all) {
		t.Errorf("at the end %d of %d acknowledged appeals are stored", got, len(all))
	}
	if out, err := runCLI(t, "", "audit", "verify", "--db", url); err != nil {
		t.Errorf("final audit verify: %v %q", err, out)
	}

	t.Logf("durability %s: %d cycles, %d acknowledged, %d lost (%d requests cut off, %d of those committed), seed %d, %v",
		dialect, cycles, acked, lost, unknown, cutoffCommitted, seed, time.Since(began).Round(time.Millisecond))
	if acked == 0 {
		t.Errorf("no write was acknowledged in %d cycles: the harness tested nothing", cycles)
	}
	if lost > 0 {
		t.Errorf("%d acknowledged appeals lost on %s (seed %d)", lost, dialect, seed)
	}
}

// TestBackupUnderLoad takes a SQLite backup while appeals are being
// created over HTTP, and checks that the copy is intact, holds between the
// appeals counted before and after the backup, verifies its audit chain
// and serves in a fresh process.
func TestBackupUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers under load")
	}
	isolateEnv(t)
	url := dbtest.URL(t, db.SQLite)
	env := childEnv("PINGHU_DEMO_PASSWORD=" + demoPassword)
	s := startServe(t, "source", env, "--addr", "127.0.0.1:0", "--db", url, "--data", t.TempDir(), "--demo")
	s.waitHealthy(t, 60*time.Second)
	var tg appealTarget
	prepareWriter(t, s, true, &tg)

	countAppeals := func(u string) int {
		t.Helper()
		ro := sqliteReadOnly(t, u)
		defer ro.Close()
		var n int
		if err := ro.QueryRow("SELECT count(*) FROM appeals").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	load := startWriteLoad(s, tg, 3, "backup")
	time.Sleep(200 * time.Millisecond)
	before := countAppeals(url)
	file := filepath.Join(t.TempDir(), "backup.db")
	start := time.Now()
	out, berr := runCLI(t, "", "backup", file, "--db", url)
	took := time.Since(start)
	after := countAppeals(url)
	time.Sleep(100 * time.Millisecond)
	load.stopping.Store(true)
	s.sigterm(t)
	s.waitExit0(t, 30*time.Second)
	ids := load.wait()
	if load.failure != nil {
		t.Errorf("while the backup ran: %v", load.failure)
	}
	if berr != nil {
		t.Fatalf("backup under load: %v\n%s", berr, out)
	}
	if !strings.Contains(out, "backup written and verified") {
		t.Errorf("backup output %q", out)
	}
	if after == before {
		t.Errorf("no appeal was created while the backup ran (%d before and after): not under load", before)
	}

	copyURL := "sqlite:" + file
	if err := db.IntegrityCheck(context.Background(), copyURL); err != nil {
		t.Fatalf("copy: %v", err)
	}
	got := countAppeals(copyURL)
	if got < before || got > after {
		t.Errorf("the copy holds %d appeals, want between %d (before) and %d (after)", got, before, after)
	}
	if out, err := runCLI(t, "", "audit", "verify", "--db", copyURL); err != nil || !strings.Contains(out, "audit chain verified") {
		t.Errorf("audit verify of the copy: %v %q", err, out)
	}

	// The copy is a snapshot of the source: its newest audit record is the
	// source's record of the same number, hash for hash, and its appeals
	// are the source's up to its highest id, title for title.
	src, cp := sqliteReadOnly(t, url), sqliteReadOnly(t, copyURL)
	defer src.Close()
	defer cp.Close()
	var seq int64
	var copyHash, srcHash string
	if err := cp.QueryRow("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").Scan(&seq, &copyHash); err != nil {
		t.Fatal(err)
	}
	if err := src.QueryRow("SELECT hash FROM audit_log WHERE seq = ?", seq).Scan(&srcHash); err != nil {
		t.Fatalf("the source has no audit record %d: %v", seq, err)
	}
	if copyHash != srcHash {
		t.Errorf("audit record %d: hash %s in the copy, %s in the source", seq, copyHash, srcHash)
	}
	const digest = "SELECT count(*), COALESCE(sum(id), 0), COALESCE(group_concat(title, '|'), '') FROM (SELECT id, title FROM appeals WHERE id <= ? ORDER BY id)"
	var maxID int64
	if err := cp.QueryRow("SELECT COALESCE(max(id), 0) FROM appeals").Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	var cn, sn int
	var csum, ssum int64
	var ctitles, stitles string
	if err := cp.QueryRow(digest, maxID).Scan(&cn, &csum, &ctitles); err != nil {
		t.Fatal(err)
	}
	if err := src.QueryRow(digest, maxID).Scan(&sn, &ssum, &stitles); err != nil {
		t.Fatal(err)
	}
	if cn != sn || csum != ssum || ctitles != stitles {
		t.Errorf("appeals up to id %d differ: copy %d rows (id sum %d), source %d rows (id sum %d), titles equal: %v", maxID, cn, csum, sn, ssum, ctitles == stitles)
	}

	// The copy serves in a fresh instance.
	r := startServe(t, "restored", env, "--addr", "127.0.0.1:0", "--db", copyURL, "--data", t.TempDir())
	r.waitHealthy(t, 30*time.Second)
	var rt appealTarget
	prepareWriter(t, r, false, &rt)
	var list struct {
		Total int `json:"total"`
	}
	if code := call(t, "GET", r.url("/api/v1/appeals?page_size=1"), rt.token, nil, &list); code != http.StatusOK {
		t.Errorf("restored: list appeals: status %d", code)
	}
	r.sigterm(t)
	r.waitExit0(t, 30*time.Second)
	t.Logf("backup under load: %d appeals before, %d in the copy, %d after; %d acknowledged during the run; backup took %v; restored instance lists total %d",
		before, got, after, len(ids), took.Round(time.Millisecond), list.Total)
}
