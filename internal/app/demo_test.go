package app_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/app"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/demo"
	"pinghu/internal/org"
)

// demoRows lists what the demo wrote, without times, ids or hashes.
func demoRows(t *testing.T, e *env) string {
	t.Helper()
	var b strings.Builder
	for _, q := range []string{
		"SELECT 'unit|' || kind || '|' || name || '|' || code || '|' || sort_order FROM units ORDER BY code",
		"SELECT 'user|' || u.username || '|' || u.display_name || '|' || u.role || '|' || COALESCE(n.code, '') FROM users u LEFT JOIN units n ON n.id = u.unit_id ORDER BY u.username",
	} {
		rows, err := e.app.DB.R.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			_ = rows.Scan(&s)
			b.WriteString(s + "\n")
		}
		rows.Close()
	}
	return b.String()
}

func TestDemoIsDeterministicAndIdempotent(t *testing.T) {
	each(t, func(t *testing.T, e *env) {
		first := demoRows(t, e)
		if n := strings.Count(first, "unit|community|"); n != 12 {
			t.Fatalf("%d communities, want 12", n)
		}
		for _, name := range []string{"平湖社区", "白泥坑社区", "凤凰社区", "辅城坳社区", "禾花社区", "鹅公岭社区", "良安田社区", "力昌社区", "山厦社区", "上木古社区", "新木社区", "新南社区", "平湖街道", "深圳市龙岗区"} {
			if !strings.Contains(first, "|"+name+"|") {
				t.Errorf("the demo lacks %s", name)
			}
		}
		for _, r := range access.Roles {
			if !strings.Contains(first, "|"+string(r)+"|") {
				t.Errorf("no demo account with role %s", r)
			}
		}
		// Loading again changes nothing.
		if err := e.app.Prepare(context.Background(), io.Discard); err != nil {
			t.Fatal(err)
		}
		if again := demoRows(t, e); again != first {
			t.Fatal("a second load changed the data")
		}
		// A second, fresh database gets exactly the same data.
		other := newEnv(t, e.app.DB.Dialect)
		if got := demoRows(t, other); got != first {
			t.Fatal("two fresh loads differ")
		}
	})
}

func TestDemoRefusesToMix(t *testing.T) {
	for _, d := range dbtest.Dialects() {
		t.Run(string(d), func(t *testing.T) {
			ctx := context.Background()
			cfg := app.Defaults()
			cfg.DB = dbtest.URL(t, d)
			a, err := app.Open(ctx, cfg, app.Options{Hasher: &account.Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}})
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			root, _ := org.FindByCode(ctx, a.DB.R, "root")
			if _, err := org.Insert(ctx, a.DB.W, org.Unit{Kind: org.Subdistrict, Name: "某街道", Code: "REAL", Active: true}, root); err != nil {
				t.Fatal(err)
			}
			a.Config.Demo, a.Config.DemoPassword = true, testPassword
			err = a.Prepare(ctx, io.Discard)
			if !errors.Is(err, demo.ErrForeignData) {
				t.Fatalf("demo into a database with real data: %v", err)
			}
			var n int
			_ = a.DB.R.QueryRow("SELECT count(*) FROM units").Scan(&n)
			if n != 2 {
				t.Fatalf("a refused demo load left %d units", n)
			}
		})
	}
}

func TestOperationsEndpoints(t *testing.T) {
	e := newEnv(t, db.SQLite)
	for _, p := range []string{"/healthz", "/readyz"} {
		if r := e.browser().get(p); r.Status != 200 || r.Body != "ok\n" {
			t.Errorf("%s: %d %q", p, r.Status, r.Body)
		}
	}
	e.browser().get("/login")
	r := e.browser().get("/metrics")
	if r.Status != 200 || !strings.Contains(r.Body, `pinghu_http_requests_total{method="GET",route="GET /login",status="ok"}`) ||
		!strings.Contains(r.Body, "go_sql_open_connections") {
		t.Fatalf("metrics from loopback: %d\n%s", r.Status, snippet(r.Body))
	}
	// From elsewhere, metrics need the token.
	h := e.app.Handler()
	for _, c := range []struct {
		token string
		want  int
	}{{"", 404}, {"wrong", 404}, {"s3cret-metrics", 200}} {
		e.app.Config.MetricsToken = "s3cret-metrics"
		req := httptest.NewRequest("GET", "/metrics", nil)
		req.RemoteAddr = "203.0.113.7:40000"
		if c.token != "" {
			req.Header.Set("Authorization", "Bearer "+c.token)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != c.want {
			t.Errorf("metrics from outside with token %q: %d, want %d", c.token, rec.Code, c.want)
		}
	}
	// Unknown paths: the site's 404 page, or JSON under /api/.
	if r := e.browser().get("/nope"); r.Status != 404 || !strings.Contains(r.Body, "<html") {
		t.Errorf("unknown page: %d", r.Status)
	}
	if r := e.browser().get("/api/v1/nope"); r.Status != 404 || !strings.Contains(r.Body, `"not_found"`) {
		t.Errorf("unknown API path: %d %s", r.Status, r.Body)
	}
	if r := e.browser().get("/users"); r.Status != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fusers" {
		t.Errorf("signed-out page: %d %s", r.Status, r.Header.Get("Location"))
	}
}
