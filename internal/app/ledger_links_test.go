package app_test

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// ledgerLinkRe finds a list page's ledger buttons.
var ledgerLinkRe = regexp.MustCompile(`href="(/(?:ledgers/[a-z-]+|assessment)\.(?:xlsx|csv)[^"]*)"`)

// A list's ledger button carries the list's filters, so that the ledger
// holds the rows the list shows and not the whole registry; where the
// ledger is a CSV, it has exactly the list's total of rows.
func TestListLedgerKeepsTheFilters(t *testing.T) {
	cases := []struct {
		list   string // a filtered list
		ledger string // the path of its ledger button
		csv    bool   // count the ledger's rows against the list's total
	}{
		{"/enterprises?above_scale=true&status=operating", "/ledgers/enterprises.csv", true},
		{"/appeals?state=resolved&category=policy", "/ledgers/appeals.csv", true},
		{"/visits?from=2022-05-26&to=2022-05-31", "/ledgers/visits.csv", true},
		{"/projects?list=key&field=epidemic", "/ledgers/projects.xlsx", false},
		{"/assessment?year=2022", "/assessment.xlsx", false},
		{"/party/organisations?sector=nonpublic&status=active", "/ledgers/party-organisations.xlsx", false},
		{"/microprojects?year=2022&stage=accepted", "/ledgers/microprojects.xlsx", false},
	}
	each(t, func(t *testing.T, e *env) {
		e.withoutBudgets()
		b := e.browser().login("leader")
		for _, c := range cases {
			r := b.get(c.list)
			if r.Status != http.StatusOK {
				t.Errorf("%s: status %d: %s", c.list, r.Status, snippet(r.Body))
				continue
			}
			want, _ := url.Parse(c.list)
			var href string
			for _, m := range ledgerLinkRe.FindAllStringSubmatch(r.Body, -1) {
				if h := html.UnescapeString(m[1]); strings.HasPrefix(h, c.ledger) {
					href = h
				}
			}
			if href == "" {
				t.Errorf("%s: no button to %s", c.list, c.ledger)
				continue
			}
			got, err := url.Parse(href)
			if err != nil {
				t.Errorf("%s: ledger link %q: %v", c.list, href, err)
				continue
			}
			for k, v := range want.Query() {
				if got.Query().Get(k) != v[0] {
					t.Errorf("%s: ledger link %q has %s=%q, want %q", c.list, href, k, got.Query().Get(k), v[0])
				}
			}
			if !c.csv {
				continue
			}
			total := pageTotal(t, b, c.list)
			l := b.get(href)
			rows := strings.Count(l.Body, "\r\n") - 1 // the header
			if l.Status != http.StatusOK || rows != total || total == 0 {
				t.Errorf("%s lists %d, its ledger %s has %d rows (status %d)", c.list, total, href, rows, l.Status)
			}
		}
	})
}
