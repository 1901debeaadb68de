package web

import (
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// The list filters read from any query string stay in range, and what the
// pager carries on is the filters as read: reading them again changes
// nothing.
func FuzzListQuery(f *testing.F) {
	for _, s := range []string{"", "page=2&size=50&id=7&active=true&q=平湖", "page=-1&size=100000&id=-5&active=yes",
		"page=99999999999999999999&id=9223372036854775808", "q=%20%E3%80%80x%20&status=&from=2022-05-26", "%zz&page=3", "from=2022-02-30&to=0000-01-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		if id := queryID(q, "id"); id < 0 {
			t.Fatalf("%q: id %d", raw, id)
		}
		if b := queryBool(q, "active"); b != nil && q.Get("active") != map[bool]string{true: "true", false: "false"}[*b] {
			t.Fatalf("%q: active %v from %q", raw, *b, q.Get("active"))
		}
		pg := db.NewPage(queryInt(q, "page"), queryInt(q, "size"))
		if pg.Number < 1 || pg.Number > db.MaxPageNumber || pg.Size < 1 || pg.Size > db.MaxPageSize || pg.Offset() < 0 {
			t.Fatalf("%q: page %+v", raw, pg)
		}
		names := []string{"q", "status", "from", "to"}
		kept := filterValues(q, names...)
		for k, vs := range kept {
			if len(vs) != 1 || vs[0] == "" || vs[0] != strings.TrimSpace(vs[0]) || !strings.Contains(strings.Join(names, " "), k) {
				t.Fatalf("%q: pager carries %s=%q", raw, k, vs)
			}
		}
		if again := filterValues(kept, names...); !reflect.DeepEqual(again, kept) {
			t.Fatalf("%q: filters %v read again as %v", raw, kept, again)
		}
		// The audit list's date filter: a date it uses is the start of that
		// day in CST and is exactly the text given; anything else is no filter.
		for _, name := range []string{"from", "to"} {
			s := q.Get(name)
			d := parseDay(s)
			if d.IsZero() {
				if isDate(s) {
					t.Fatalf("%q: parseDay refused %q, a date", raw, s)
				}
				continue
			}
			if d.Format(time.DateOnly) != s || d.Location() != i18n.Zone || d.Hour() != 0 || !isDate(s) {
				t.Fatalf("%q: parseDay(%q) = %s", raw, s, d)
			}
		}
	})
}

// The dashboard's parameters: only its own are ever refused, accepted
// dates are canonical and in order, and the links it makes carry exactly
// what it read, so that following one shows the same figures.
func FuzzReadDashQuery(f *testing.F) {
	for _, s := range []string{"", "from=2022-05-26&to=2022-05-31&as_of=2022-07-01&unit_id=3", "from=2022-06-01&to=2022-05-01",
		"from=2022-5-1&as_of=yesterday&unit_id=x", "unit_id=0", "to=2022-05-31", "as_of=2022-02-29", "unit_id=-1&from=+2022-05-26",
		"from=%202022-05-26%20&to=2022-05-26"} {
		f.Add(s)
	}
	own := map[string]bool{"from": true, "to": true, "as_of": true, "unit_id": true}
	f.Fuzz(func(t *testing.T, raw string) {
		q, _ := url.ParseQuery(raw)
		d := readDashQuery(q, "2026-03-02")
		for name, msg := range d.Errs {
			if !own[name] || msg == "" {
				t.Fatalf("%q: refused %s=%q", raw, name, msg)
			}
		}
		if len(d.Errs) > 0 {
			return
		}
		for _, s := range []string{d.From, d.To, d.AsOf} {
			if s != "" && !isDate(s) {
				t.Fatalf("%q: accepted %q as a date", raw, s)
			}
		}
		if d.From != "" && d.To != "" && d.To < d.From || d.UnitID < 0 || (d.AsOf == "") != d.asOf.IsZero() {
			t.Fatalf("%q: accepted %+v", raw, d)
		}
		back, err := url.ParseQuery(strings.TrimPrefix(d.Href(), dashboardPath+"?"))
		if err != nil {
			t.Fatalf("%q: link %q: %v", raw, d.Href(), err)
		}
		again := readDashQuery(back, "2026-03-02")
		if again.From != d.From || again.To != d.To || again.AsOf != d.AsOf || again.UnitID != d.UnitID ||
			!again.asOf.Equal(d.asOf) || len(again.Errs) > 0 {
			t.Fatalf("%q: read %+v, its link %q reads %+v", raw, d, d.Href(), again)
		}
	})
}
