package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/appeal"
	"pinghu/internal/i18n"
)

// dashQuery is what the enterprise-service dashboard describes, read from
// the URL: a period of collection (from, to), the moment the figures are
// recomputed at (as_of, a date meaning the end of that day; empty is now)
// and a unit inside the actor's scope (0 is the whole scope).
//
// Every link of the page carries exactly these values, so that a figure
// and the list behind it describe the same appeals. The period always
// has both ends (this year to today when none is given), so that a link
// never depends on the day it is followed.
type dashQuery struct {
	From, To string
	AsOf     string // "" is now
	UnitID   int64
	// asOf is AsOf as a moment, zero for now.
	asOf time.Time
	// Errs names the refused parameters, by name, with a catalog key.
	Errs map[string]string
}

// readDashQuery reads the dashboard's parameters; today is the date now
// in China Standard Time, for the default period.
func readDashQuery(q url.Values, today string) dashQuery {
	d := dashQuery{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")),
		AsOf: strings.TrimSpace(q.Get("as_of")), Errs: map[string]string{}}
	if d.From == "" && d.To == "" {
		d.From, d.To = today[:4]+"-01-01", today
	}
	for name, v := range map[string]string{"from": d.From, "to": d.To} {
		if v != "" && !isDate(v) {
			d.Errs[name] = "err.bad_date"
		}
	}
	if d.Errs["from"] == "" && d.Errs["to"] == "" && d.From != "" && d.To != "" && d.To < d.From {
		d.Errs["to"] = "err.appeal_date_order"
	}
	if d.AsOf != "" {
		t, ok := appeal.AsOfDate(d.AsOf)
		if !ok {
			d.Errs["as_of"] = "err.bad_date"
		}
		d.asOf = t
	}
	if s := strings.TrimSpace(q.Get("unit_id")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			d.Errs["unit_id"] = "err.unit_unknown"
		} else {
			d.UnitID = id
		}
	}
	return d
}

// isDate reports whether s is a YYYY-MM-DD calendar date.
func isDate(s string) bool {
	_, err := time.ParseInLocation(time.DateOnly, s, i18n.Zone)
	return err == nil && len(s) == len(time.DateOnly)
}

// stats is the query of appeal.Stats and appeal.Breakdown.
func (d dashQuery) stats() appeal.StatsQuery {
	return appeal.StatsQuery{From: d.From, To: d.To, AsOf: d.asOf, UnitID: d.UnitID}
}

// values are the parameters every link of the page carries.
func (d dashQuery) values() url.Values {
	v := url.Values{}
	if d.From != "" {
		v.Set("from", d.From)
	}
	if d.To != "" {
		v.Set("to", d.To)
	}
	if d.AsOf != "" {
		v.Set("as_of", d.AsOf)
	}
	if d.UnitID > 0 {
		v.Set("unit_id", strconv.FormatInt(d.UnitID, 10))
	}
	return v
}

// FigureHref links a count of appeals to the appeal list behind it, in
// the drill-down contract of the appeal list:
// /appeals?figure=NAME&from&to[&as_of][&unit_id].
func (d dashQuery) FigureHref(figure string) string {
	v := d.values()
	v.Set("figure", figure)
	return "/appeals?" + v.Encode()
}

// RowHref links one bar or point of a breakdown to its appeals:
// the figure's link with &by=…&key=….
func (d dashQuery) RowHref(by, key, figure string) string {
	v := d.values()
	v.Set("figure", figure)
	v.Set("by", by)
	v.Set("key", key)
	return "/appeals?" + v.Encode()
}

// Href is the dashboard itself with other values of its parameters.
func (d dashQuery) Href() string { return d.hrefAt(dashboardPath) }

// hrefAt is the page at path with these values of the parameters.
func (d dashQuery) hrefAt(path string) string {
	if v := d.values(); len(v) > 0 {
		return path + "?" + v.Encode()
	}
	return path
}

// LedgerHref is a ledger with the page's period and unit, as the appeal
// list would filter it.
func (d dashQuery) LedgerHref(path string) string {
	if v := d.values(); len(v) > 0 {
		return path + "?" + v.Encode()
	}
	return path
}

// visitTo is the last visit date the visits figure counts: To, but never
// after the as-of date (a visit dated later had not happened yet).
func (d dashQuery) visitTo() string {
	if d.AsOf != "" && (d.To == "" || d.AsOf < d.To) {
		return d.AsOf
	}
	return d.To
}
