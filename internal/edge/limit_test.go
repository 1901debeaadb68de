package edge

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"pinghu/internal/account"
	"pinghu/internal/errs"
)

// fakeClock is a clock the test moves.
type fakeClock struct{ t time.Time }

func (c *fakeClock) Now() time.Time { return c.t }

func TestBudgetSet(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Budget
		bad  bool
	}{
		{in: "20/10m", want: Budget{N: 20, Per: 10 * time.Minute}},
		{in: " 3 / 1h ", want: Budget{N: 3, Per: time.Hour}},
		{in: "1/1s", want: Budget{N: 1, Per: time.Second}},
		{in: "off", want: Budget{}},
		{in: "0", want: Budget{}},
		{in: "20", bad: true},
		{in: "0/1m", bad: true},
		{in: "-1/1m", bad: true},
		{in: "x/1m", bad: true},
		{in: "2/0s", bad: true},
		{in: "2/500ms", bad: true},
		{in: "2/169h", bad: true},
		{in: "2/later", bad: true},
		{in: "1000001/1h", bad: true},
		{in: "", bad: true},
	} {
		b := Budget{N: 7, Per: time.Minute}
		err := b.Set(tc.in)
		if tc.bad {
			if err == nil || b != (Budget{N: 7, Per: time.Minute}) {
				t.Errorf("Set(%q) = %v, budget %v: want an error and no change", tc.in, err, b)
			}
			continue
		}
		if err != nil || b != tc.want {
			t.Errorf("Set(%q) = %v, %v; want %v", tc.in, b, err, tc.want)
		}
	}
}

func TestLimiterSpendsAndRefills(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	l := &Limiter{Now: clk.Now, Budgets: map[Cost]Budget{Export: {N: 3, Per: time.Minute}, Import: {}}}
	allow := func(who string, c Cost) (bool, time.Duration) { return l.Allow(who, c) }
	for i := 0; i < 3; i++ {
		if ok, _ := allow("user:1", Export); !ok {
			t.Fatalf("request %d of 3 refused", i+1)
		}
	}
	ok, wait := allow("user:1", Export)
	if ok || wait != 20*time.Second {
		t.Fatalf("4th request: ok %v, wait %s; want refused for 20s", ok, wait)
	}
	// A refusal spends nothing: the wait does not grow.
	if _, again := allow("user:1", Export); again != wait {
		t.Fatalf("wait after a refusal %s, want %s", again, wait)
	}
	if ok, _ := allow("user:2", Export); !ok {
		t.Fatal("another user refused")
	}
	for _, c := range []Cost{Cheap, Import} {
		for i := 0; i < 10; i++ {
			if ok, _ := allow("user:1", c); !ok {
				t.Fatalf("class %s without a budget refused", c)
			}
		}
	}
	clk.t = clk.t.Add(wait - time.Second)
	if ok, w := allow("user:1", Export); ok || w != time.Second {
		t.Fatalf("a second early: ok %v, wait %s", ok, w)
	}
	clk.t = clk.t.Add(time.Second)
	if ok, _ := allow("user:1", Export); !ok {
		t.Fatal("refused after the wait it gave")
	}
	if ok, _ := allow("user:1", Export); ok {
		t.Fatal("two requests back after one interval")
	}
	// A long pause refills the bucket to N, never beyond.
	clk.t = clk.t.Add(time.Hour)
	for i := 0; i < 3; i++ {
		if ok, _ := allow("user:1", Export); !ok {
			t.Fatalf("after an hour, request %d refused", i+1)
		}
	}
	if ok, _ := allow("user:1", Export); ok {
		t.Fatal("the bucket held more than N after a pause")
	}
}

// Requests at the same moment from many connections of one user get
// exactly the budget between them.
func TestLimiterUnderConcurrentRequests(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	l := &Limiter{Now: clk.Now, Budgets: map[Cost]Budget{Export: {N: 25, Per: time.Minute}}}
	var wg sync.WaitGroup
	var allowed atomic.Int64
	for range 8 {
		wg.Go(func() {
			for range 20 {
				if ok, _ := l.Allow("user:1", Export); ok {
					allowed.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if allowed.Load() != 25 {
		t.Fatalf("%d of 160 simultaneous requests allowed, want the budget of 25", allowed.Load())
	}
}

func TestLimiterForgetsFullBuckets(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	l := &Limiter{Now: clk.Now, Budgets: map[Cost]Budget{Export: {N: 2, Per: time.Minute}}}
	for i := 0; i < pruneAt; i++ {
		l.Allow("ip:"+strconv.Itoa(i), Export)
	}
	clk.t = clk.t.Add(time.Minute)
	l.Allow("user:1", Export)
	if len(l.buckets) != 1 {
		t.Fatalf("%d buckets kept after every other one refilled", len(l.buckets))
	}
}

func TestRetryAfter(t *testing.T) {
	for d, want := range map[time.Duration]string{0: "1", time.Millisecond: "1", time.Second: "1",
		time.Second + time.Nanosecond: "2", 20 * time.Second: "20", 15 * time.Minute: "900"} {
		if got := RetryAfter(d); got != want {
			t.Errorf("RetryAfter(%s) = %s, want %s", d, got, want)
		}
	}
}

// Mount refuses a costly route over budget before its handler runs: JSON
// for the API, the page renderer for pages, Retry-After on both.
func TestMountRefusesOverBudget(t *testing.T) {
	clk := &fakeClock{t: time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)}
	l := &Limiter{Now: clk.Now, Budgets: map[Cost]Budget{Export: {N: 1, Per: time.Minute}, Import: {N: 1, Per: time.Hour}}}
	ran := 0
	handler := func(w http.ResponseWriter, r *http.Request) { ran++ }
	var paged error
	page := func(w http.ResponseWriter, r *http.Request, err error) {
		paged = err
		w.WriteHeader(Status(errs.CodeOf(err)))
	}
	mux := http.NewServeMux()
	Mount(mux, []Route{
		{Method: "GET", Pattern: "/api/v1/export", Access: Signed, API: true, Handler: handler, Cost: Export},
		{Method: "POST", Pattern: "/import", Access: Signed, Handler: handler, Cost: Import},
		{Method: "GET", Pattern: "/page", Access: Signed, Handler: handler},
	}, l, page)
	as := func(id int64, method, path string) *httptest.ResponseRecorder {
		r := httptest.NewRequest(method, path, nil)
		r = withState(r, &State{Signed: true, User: account.User{ID: id}, Lang: "en"})
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, r)
		return w
	}
	if w := as(1, "GET", "/api/v1/export"); w.Code != http.StatusOK || ran != 1 {
		t.Fatalf("first export: %d, handler ran %d times", w.Code, ran)
	}
	w := as(1, "GET", "/api/v1/export")
	var body ErrorBody
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil || w.Code != http.StatusTooManyRequests ||
		body.Error.Code != errs.RateLimited || !strings.Contains(body.Error.Message, "60 seconds") ||
		w.Header().Get("Retry-After") != "60" || ran != 1 {
		t.Fatalf("API over budget: %d %q %s, handler ran %d times", w.Code, w.Header().Get("Retry-After"), w.Body, ran)
	}
	if w := as(2, "GET", "/api/v1/export"); w.Code != http.StatusOK || ran != 2 {
		t.Fatalf("another user's export: %d", w.Code)
	}
	as(1, "POST", "/import")
	w = as(1, "POST", "/import")
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "3600" || errs.CodeOf(paged) != errs.RateLimited ||
		errs.As(paged).Message != "err.too_many_import" || ran != 3 {
		t.Fatalf("page over budget: %d %q %v, handler ran %d times", w.Code, w.Header().Get("Retry-After"), paged, ran)
	}
	for i := 0; i < 5; i++ {
		if w := as(1, "GET", "/page"); w.Code != http.StatusOK {
			t.Fatalf("cheap route refused: %d", w.Code)
		}
	}
	clk.t = clk.t.Add(time.Minute)
	if w := as(1, "GET", "/api/v1/export"); w.Code != http.StatusOK {
		t.Fatalf("export after the period: %d", w.Code)
	}
}

// Budget.Set reads configuration from the environment: whatever it is
// given, it accepts only budgets it prints back the same, and changes
// nothing when it refuses.
func FuzzBudgetSet(f *testing.F) {
	for _, s := range []string{"20/10m", "off", "0", "1/1s", "3/1h30m", "x", "/", "1/", "99999999999999999999/1m", "2/1e3s", " 5 /\t2m "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		before := Budget{N: 9, Per: time.Minute}
		b := before
		if err := b.Set(s); err != nil {
			if b != before {
				t.Fatalf("Set(%q) failed with %v but changed the budget to %v", s, err, b)
			}
			return
		}
		if b.N == 0 {
			if b != (Budget{}) {
				t.Fatalf("Set(%q) = %v: off must be the zero budget", s, b)
			}
		} else if b.N < 1 || b.N > maxBudget || b.Per < time.Second || b.Per > 7*24*time.Hour || b.every() <= 0 {
			t.Fatalf("Set(%q) accepted %v, out of range", s, b)
		}
		var again Budget
		if err := again.Set(b.String()); err != nil || again != b {
			t.Fatalf("Set(%q) = %v, but its String %q reads back as %v, %v", s, b, b.String(), again, err)
		}
	})
}
