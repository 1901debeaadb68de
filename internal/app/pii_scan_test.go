package app_test

import (
	"flag"
	"fmt"
	"os"
	"testing"

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
