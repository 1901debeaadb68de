package api

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// maxPage bounds the page number so that the offset (page-1)*size can
// never overflow; no list is anywhere near this long.
const maxPage = 1_000_000_000

// maxQueryText bounds free-text filters; longer text cannot match a name.
const maxQueryText = 100

// params parses query parameters and collects every problem, so that one
// 422 answer names all the bad parameters at once.
type params struct {
	v url.Values
	f errs.Fields
}

func query(r *http.Request) *params {
	return &params{v: r.URL.Query(), f: errs.Fields{}}
}

// err returns the collected problems as one invalid error, or nil.
func (p *params) err() error { return p.f.Err() }

func (p *params) raw(name string) string { return strings.TrimSpace(p.v.Get(name)) }

// int reads an optional integer; def when absent.
func (p *params) int(name string, def int) int {
	s := p.raw(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		p.f.Add(name, "err.bad_number")
		return def
	}
	return n
}

// id reads an optional positive id; 0 when absent.
func (p *params) id(name string) int64 {
	s := p.raw(name)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		p.f.Add(name, "err.bad_id")
		return 0
	}
	return n
}

// bool reads an optional true/false; nil when absent.
func (p *params) bool(name string) *bool {
	s := p.raw(name)
	if s == "" {
		return nil
	}
	b, err := strconv.ParseBool(s)
	if err != nil {
		p.f.Add(name, "api.bad_bool")
		return nil
	}
	return &b
}

// text reads an optional free-text filter.
func (p *params) text(name string) string {
	s := p.raw(name)
	if utf8.RuneCountInString(s) > maxQueryText {
		p.f.Add(name, "err.too_long")
		return ""
	}
	return s
}

// oneOf reads an optional value that must be one of valid; msg names the
// problem otherwise. An unknown value is refused rather than silently
// matching nothing, so a typo does not look like an empty result.
func (p *params) oneOf(name, msg string, valid func(string) bool) string {
	s := p.raw(name)
	if s != "" && !valid(s) {
		p.f.Add(name, msg)
		return ""
	}
	return s
}

// day reads an optional calendar date and returns the start of that day
// in China Standard Time, where the users' days begin and end.
func (p *params) day(name string) time.Time {
	s := p.raw(name)
	if s == "" {
		return time.Time{}
	}
	t, err := time.ParseInLocation(time.DateOnly, s, i18n.Zone)
	if err != nil {
		p.f.Add(name, "err.bad_date")
		return time.Time{}
	}
	return t
}

// asOf reads the optional as_of day by the module's own reading of it (the
// end of the day it names), into at; none leaves at as it is.
func (p *params) asOf(at *time.Time, read func(string) (time.Time, bool)) {
	s := p.raw("as_of")
	if s == "" {
		return
	}
	t, ok := read(s)
	if !ok {
		p.f.Add("as_of", "err.bad_date")
	}
	*at = t
}

// page reads page and page_size; db.NewPage clamps them into range.
func (p *params) page() db.Page {
	n := p.int("page", 1)
	if n > maxPage {
		p.f.Add("page", "err.out_of_range")
		n = 1
	}
	return db.NewPage(n, p.int("page_size", db.DefaultPageSize))
}
