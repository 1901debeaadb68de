package app_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"pinghu/internal/db"
	"pinghu/internal/pii"
	"pinghu/internal/pii/piitest"
)

// piScan sees every answer the harness's servers give and every line the
// application logs (issue 4, item 5): a mobile or ID number in full fails
// the test that produced it. The demo holds such numbers in contacts,
// accounts, appeals and visits, so a page or a ledger that forgot to mask
// one is caught here.
var piScan piitest.Scanner

// failOnLoggedNumbers fails t for every number logged since the last check.
func failOnLoggedNumbers(t testing.TB) {
	for _, h := range piScan.LogHits() {
		t.Errorf("personal information logged: %s", h)
	}
}

// minScanned is what a whole run of this package scans at the least; a
// broken recorder that sees nothing fails here instead of passing quietly.
const (
	minAnswers  = 4000
	minLogLines = 4000
)

func TestMain(m *testing.M) {
	code := m.Run()
	answers, parts, lines := piScan.Counts()
	fmt.Printf("personal-information scan: %d answers (%d parts) and %d log lines scanned\n", answers, parts, lines)
	for _, h := range piScan.LogHits() {
		fmt.Printf("personal information logged outside a test: %s\n", h)
		code = 1
	}
	if whole := flag.Lookup("test.run").Value.String() == ""; whole && code == 0 && !testing.Short() &&
		(answers < minAnswers || lines < minLogLines) {
		fmt.Printf("personal-information scan: only %d answers and %d log lines scanned; want at least %d and %d\n",
			answers, lines, minAnswers, minLogLines)
		code = 1
	}
	os.Exit(code)
}

// The scan means something only if the data holds numbers in full: the
// demo does, in accounts, contacts, appeals and visits, and the pages that
// show them show them masked.
func TestDemoHoldsNumbersInFull(t *testing.T) {
	e := newEnv(t, db.SQLite)
	for _, c := range []struct {
		query string
		kind  func(string) bool
		min   int
	}{
		{"SELECT phone FROM users", pii.ContainsUnmaskedMobile, 9},
		{"SELECT phone FROM enterprise_contacts", pii.ContainsUnmaskedMobile, 100},
		{"SELECT description FROM appeals", pii.ContainsUnmaskedMobile, 50},
		{"SELECT description FROM appeals", pii.ContainsUnmaskedIDCard, 20},
		{"SELECT findings FROM visits", pii.ContainsUnmaskedMobile, 30},
		{"SELECT resident_mobile FROM proposals", pii.ContainsUnmaskedMobile, 6},
		{"SELECT body FROM proposals", pii.ContainsUnmaskedMobile, 1},
		{"SELECT mobile FROM experts", pii.ContainsUnmaskedMobile, 15},
		{"SELECT mobile FROM volunteers", pii.ContainsUnmaskedMobile, 40},
		{"SELECT id_number FROM volunteers", pii.ContainsUnmaskedIDCard, 10},
		{"SELECT proposer_mobile FROM microprojects", pii.ContainsUnmaskedMobile, 4},
	} {
		rows, err := e.app.DB.R.Query(c.query)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			if c.kind(s) {
				n++
			}
		}
		rows.Close()
		if n < c.min {
			t.Errorf("%s: %d rows hold a number in full, want at least %d", c.query, n, c.min)
		}
	}
	// One appeal with both, through its page, the API and the ledger.
	var id int64
	var desc string
	if err := e.app.DB.R.QueryRow(`SELECT id, description FROM appeals WHERE description LIKE '%身份证号码%'
		AND description LIKE '%电话%' ORDER BY id LIMIT 1`).Scan(&id, &desc); err != nil {
		t.Fatal(err)
	}
	masked := pii.MaskText(desc)
	if masked == desc {
		t.Fatalf("appeal %d: nothing to mask in %q", id, desc)
	}
	b := e.browser().login("leader")
	if r := b.get(fmt.Sprintf("/appeals/%d", id)); r.Status != 200 || !strings.Contains(r.Body, masked) {
		t.Errorf("appeal page: %d, the masked description is not shown", r.Status)
	}
	if r := e.api("GET", fmt.Sprintf("/api/v1/appeals/%d", id), e.token("leader"), nil); r.Status != 200 || !strings.Contains(r.Body, masked) {
		t.Errorf("appeal answer: %d, the masked description is not shown", r.Status)
	}
	// A resident's proposal with a number in its text and in its mobile
	// field: both masked on its page and in its answer.
	var pid int64
	if err := e.app.DB.R.QueryRow(`SELECT id, body FROM proposals WHERE resident_mobile <> '' AND body LIKE '%电话%' ORDER BY id LIMIT 1`).
		Scan(&pid, &desc); err != nil {
		t.Fatal(err)
	}
	masked = pii.MaskText(desc)
	if r := b.get(fmt.Sprintf("/proposals/%d", pid)); r.Status != 200 || !strings.Contains(r.Body, masked) {
		t.Errorf("proposal page: %d, the masked text is not shown", r.Status)
	}
	if r := e.api("GET", fmt.Sprintf("/api/v1/proposals/%d", pid), e.token("leader"), nil); r.Status != 200 || !strings.Contains(r.Body, `"resident_mobile":"138****6781"`) {
		t.Errorf("proposal answer: %d, the masked mobile is not shown: %s", r.Status, snippet(r.Body))
	}
}
