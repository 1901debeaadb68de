package app_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"pinghu/internal/edge"
)

// Costly routes spend a budget per user and class: past it they answer
// 429 with Retry-After and a message in the user's language, the handler
// does not run, another user is not affected, and the budget comes back
// with time.
func TestCostlyRoutesHaveABudget(t *testing.T) {
	exports := []string{"/ledgers/appeals.xlsx", "/ledgers/appeals.csv", "/ledgers/enterprises.xlsx",
		"/ledgers/enterprises.csv", "/ledgers/visits.xlsx", "/ledgers/visits.csv"}
	each(t, func(t *testing.T, e *env) {
		budget := e.app.Config.ExportLimit
		if budget.N <= 0 {
			t.Fatal("exports have no budget by default")
		}
		leader := e.browser().login("leader")
		for i := 0; i < budget.N; i++ {
			if r := leader.get(exports[i%len(exports)]); r.Status != http.StatusOK {
				t.Fatalf("export %d of %d: %d", i+1, budget.N, r.Status)
			}
		}
		// Every export route shares the class's budget, in any language.
		for _, path := range exports {
			r := leader.get(path + "?lang=en")
			wait := retryAfter(t, r)
			if r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "Too many exports") ||
				strings.Contains(r.Header.Get("Content-Type"), "spreadsheet") {
				t.Fatalf("%s over budget: %d %q %s", path, r.Status, r.Header.Get("Content-Type"), snippet(r.Body))
			}
			if every := budget.Per / time.Duration(budget.N); wait < every-time.Second || wait > every+time.Second {
				t.Fatalf("Retry-After %s, want about %s", wait, every)
			}
			if !strings.Contains(r.Body, strconv.Itoa(int(wait/time.Second))+" seconds") {
				t.Fatalf("message does not say how long: %s", snippet(r.Body))
			}
		}
		if r := leader.get(exports[0] + "?lang=zh-Hans"); r.Status != http.StatusTooManyRequests || !strings.Contains(r.Body, "导出次数过多") {
			t.Fatalf("zh-Hans refusal: %d %s", r.Status, snippet(r.Body))
		}
		// The page routes cost nothing, and another user has a budget of
		// their own.
		if r := leader.get(dashboard); r.Status != http.StatusOK {
			t.Fatalf("dashboard while exports are refused: %d", r.Status)
		}
		office := e.browser().login("office")
		if r := office.get(exports[0]); r.Status != http.StatusOK {
			t.Fatalf("another user's export: %d", r.Status)
		}
		// After the wait it said, one more; then refused again.
		e.clock.Add(budget.Per / time.Duration(budget.N))
		if r := leader.get(exports[0]); r.Status != http.StatusOK {
			t.Fatalf("export after Retry-After: %d", r.Status)
		}
		if r := leader.get(exports[0]); r.Status != http.StatusTooManyRequests {
			t.Fatalf("second export after one came back: %d", r.Status)
		}
		// After the whole period, the whole budget.
		e.clock.Add(budget.Per)
		for i := 0; i < budget.N; i++ {
			if r := leader.get(exports[i%len(exports)]); r.Status != http.StatusOK {
				t.Fatalf("export %d after the period: %d", i+1, r.Status)
			}
		}

		// Imports have their own budget: spending it leaves exports alone,
		// and a refused upload is not read.
		imports := e.app.Config.ImportLimit
		for i := 0; i < imports.N; i++ {
			if r := office.upload("/enterprises/import", []byte("not a workbook")); r.Status != http.StatusUnprocessableEntity {
				t.Fatalf("import %d of %d: %d", i+1, imports.N, r.Status)
			}
		}
		r := office.upload("/enterprises/import?lang=en", []byte("not a workbook"))
		if r.Status != http.StatusTooManyRequests || retryAfter(t, r) <= 0 || !strings.Contains(r.Body, "Too many imports") {
			t.Fatalf("import over budget: %d %s", r.Status, snippet(r.Body))
		}
		if r := office.get(exports[1]); r.Status != http.StatusOK {
			t.Fatalf("export while imports are refused: %d", r.Status)
		}
		if r := leader.upload("/enterprises/import", []byte("not a workbook")); r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("another user's import: %d", r.Status)
		}
	})
}

// The public pages and feeds, read without login, spend a budget per
// address, shared by every public page: past it they answer 429 with
// Retry-After, and a signed-in reader, who spends their own, is not held
// back.
func TestPublicPagesHaveABudget(t *testing.T) {
	public := []string{"/p/stations", "/p/stations.geojson", "/p/microprojects", "/p/microprojects/new", "/p/proposals/new"}
	each(t, func(t *testing.T, e *env) {
		budget := e.app.Config.PublicReadLimit
		if budget.N <= 0 {
			t.Fatal("public pages have no budget by default")
		}
		anon := e.browser()
		for i := 0; i < budget.N; i++ {
			if r := anon.get(public[i%len(public)]); r.Status != http.StatusOK {
				t.Fatalf("public read %d of %d (%s): %d", i+1, budget.N, public[i%len(public)], r.Status)
			}
		}
		for _, path := range public {
			r := anon.get(path + "?lang=en")
			if r.Status != http.StatusTooManyRequests || retryAfter(t, r) <= 0 || !strings.Contains(r.Body, "Too many public pages") {
				t.Fatalf("%s over budget: %d %s", path, r.Status, snippet(r.Body))
			}
		}
		if r := e.browser().login("community").get(public[0]); r.Status != http.StatusOK {
			t.Fatalf("a signed-in reader while the address is refused: %d", r.Status)
		}
		e.clock.Add(budget.Per / time.Duration(budget.N))
		if r := anon.get(public[0]); r.Status != http.StatusOK {
			t.Fatalf("public read after Retry-After: %d", r.Status)
		}
	})
}

// The budget is the user's, not the session's: a second sign-in does not
// bring a fresh one.
func TestBudgetFollowsTheUser(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		first := e.browser().login("leader")
		for i := 0; i < e.app.Config.ExportLimit.N; i++ {
			first.get("/ledgers/visits.csv")
		}
		if r := e.browser().login("leader").get("/ledgers/visits.csv"); r.Status != http.StatusTooManyRequests {
			t.Fatalf("a new session of the same user: %d", r.Status)
		}
	})
}

// retryAfter reads the Retry-After header in seconds; a 429 must have one.
func retryAfter(t *testing.T, r resp) time.Duration {
	t.Helper()
	if r.Status != http.StatusTooManyRequests {
		return 0
	}
	s, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || s < 1 {
		t.Fatalf("429 with Retry-After %q", r.Header.Get("Retry-After"))
	}
	return time.Duration(s) * time.Second
}

// withoutBudgets serves the instance again with no budget for costly
// routes, for a test that checks many ledgers rather than the budget;
// make browsers after calling it.
func (e *env) withoutBudgets() {
	e.t.Helper()
	e.app.Config.ExportLimit, e.app.Config.ImportLimit, e.app.Config.PublicReadLimit = edge.Budget{}, edge.Budget{}, edge.Budget{}
	e.srv = httptest.NewServer(e.app.Handler())
	e.t.Cleanup(e.srv.Close)
}
