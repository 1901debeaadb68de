package app_test

import (
	"fmt"
	"strings"
	"testing"

	"pinghu/internal/db"
)

// seen makes one request with every session given. The officers' logins
// move the clock on (each one-time code works once), so a session's first
// request afterwards records when it was last seen: a test comparing
// snapshots makes that request before the first one.
func (e *env) seen(browsers map[string]*browser, tokens map[string]string) {
	for _, b := range browsers {
		b.get("/")
	}
	for _, tok := range tokens {
		e.api("GET", "/api/v1/me", tok, nil)
	}
}

// snapshot renders every row of every table, so that any write shows.
func snapshot(t *testing.T, e *env) string {
	t.Helper()
	list := "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
	if e.app.DB.Dialect == db.Postgres {
		list = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()
			AND table_type = 'BASE TABLE' ORDER BY table_name`
	}
	rows, err := e.app.DB.R.Query(list)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		_ = rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b strings.Builder
	for _, table := range tables {
		rs, err := e.app.DB.R.Query("SELECT * FROM " + table + " ORDER BY 1")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rs.Columns()
		for rs.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			_ = rs.Scan(ptrs...)
			fmt.Fprintf(&b, "%s %v\n", table, vals)
		}
		rs.Close()
	}
	return b.String()
}

// No GET route changes state: every GET route, as every role, signed in
// to pages and to the API, leaves every table as it was. The test fails
// when a GET route is not crawled.
func TestNoGETChangesState(t *testing.T) {
	e := newEnv(t, db.SQLite)
	browsers := map[string]*browser{}
	tokens := map[string]string{}
	for _, who := range demoUsers {
		browsers[who] = e.browser().login(who)
		tokens[who] = e.token(who)
	}
	anon := e.browser()
	e.seen(browsers, tokens)
	before := snapshot(t, e)
	crawled := 0
	for key, paths := range getPaths(t, e) {
		for _, p := range paths {
			crawled++
			anon.get(p)
			for _, who := range demoUsers {
				if strings.HasPrefix(p, "/api/") {
					e.api("GET", p, tokens[who], nil)
				} else {
					browsers[who].get(p)
					browsers[who].get(p + "?lang=en&page=2&q=x")
				}
			}
		}
		_ = key
	}
	if crawled < len(getPaths(t, e)) {
		t.Fatalf("crawled %d paths for %d GET routes", crawled, len(getPaths(t, e)))
	}
	if after := snapshot(t, e); after != before {
		t.Fatalf("GET requests changed the database:\n%s", diffLines(before, after))
	}
}

func diffLines(a, b string) string {
	in := map[string]bool{}
	for _, l := range strings.Split(a, "\n") {
		in[l] = true
	}
	var out []string
	for _, l := range strings.Split(b, "\n") {
		if !in[l] {
			out = append(out, "+ "+l)
		}
	}
	return strings.Join(out, "\n")
}
