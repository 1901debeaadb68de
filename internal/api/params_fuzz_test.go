package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// Whatever the query string, the parameter parsers never panic, name only
// the parameters they were asked for with a message the catalog has, and
// what they accept is what was written: a date reads back as the same
// date at midnight in China Standard Time, an id is positive, a page is
// in range, a text is within its length.
func FuzzParams(f *testing.F) {
	for _, s := range []string{"", "n=3&id=7&b=true&q=平湖&d=2022-05-26&page=2&page_size=50",
		"n=x&id=-1&b=maybe&d=2022-02-30&page=99999999999", "d=2022-5-6", "d=+2022-05-06", "id=0", "id=9223372036854775808",
		"page=0&page_size=1000", "b=1&b=0", "q=" + strings.Repeat("字", 101), "%zz=1&d=%20 2022-05-26%20", "d=0000-01-01"} {
		f.Add(s)
	}
	cat := i18n.MustLoad()
	asked := map[string]bool{"n": true, "id": true, "b": true, "q": true, "d": true, "page": true, "page_size": true}
	f.Fuzz(func(t *testing.T, raw string) {
		p := query(&http.Request{URL: &url.URL{RawQuery: raw}})
		n := p.int("n", 7)
		id := p.id("id")
		b := p.bool("b")
		q := p.text("q")
		d := p.day("d")
		pg := p.page()
		for name, msg := range p.f {
			if !asked[name] || !cat.Has(i18n.Hans, msg) || !cat.Has(i18n.En, msg) {
				t.Fatalf("%q: problem %s=%s is not about a parameter asked for, or not in the catalog", raw, name, msg)
			}
		}
		if (p.err() == nil) != (len(p.f) == 0) {
			t.Fatalf("%q: err %v with problems %v", raw, p.err(), p.f)
		}
		if m, err := strconv.Atoi(p.raw("n")); p.f["n"] == "" && p.raw("n") != "" && (err != nil || m != n) {
			t.Fatalf("%q: n %q read as %d", raw, p.raw("n"), n)
		}
		if p.f["n"] != "" && n != 7 {
			t.Fatalf("%q: a refused n gave %d, not the default", raw, n)
		}
		if id < 0 || (id == 0) != (p.raw("id") == "" || p.f["id"] != "") {
			t.Fatalf("%q: id %d with problem %q", raw, id, p.f["id"])
		}
		if b != nil && p.f["b"] != "" {
			t.Fatalf("%q: a refused bool gave %v", raw, *b)
		}
		if utf8.RuneCountInString(q) > maxQueryText || (q != "" && q != p.raw("q")) {
			t.Fatalf("%q: text %q", raw, q)
		}
		if !d.IsZero() {
			if p.f["d"] != "" || d.Location() != i18n.Zone || d.Format(time.DateOnly) != p.raw("d") ||
				d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
				t.Fatalf("%q: day %s (%s) from %q", raw, d, d.Location(), p.raw("d"))
			}
		} else if p.raw("d") != "" && p.f["d"] == "" {
			t.Fatalf("%q: date %q neither read nor refused", raw, p.raw("d"))
		}
		if pg.Number < 1 || pg.Number > db.MaxPageNumber || pg.Size < 1 || pg.Size > db.MaxPageSize || pg.Offset() < 0 {
			t.Fatalf("%q: page %+v out of range", raw, pg)
		}
	})
}
