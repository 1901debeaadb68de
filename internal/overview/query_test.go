package overview

import (
	"testing"
	"time"

	"pinghu/internal/errs"
)

func TestQueryResolve(t *testing.T) {
	now := time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC) // 09:00 on 2 March in China
	cases := []struct {
		name     string
		q        Query
		want     Query
		badField string
	}{
		{"defaults: this year to today, as of today", Query{}, Query{From: "2026-01-01", To: "2026-03-02", AsOf: "2026-03-02"}, ""},
		{"as given", Query{From: "2022-05-26", To: "2022-05-31", AsOf: "2022-07-01", UnitID: 7},
			Query{From: "2022-05-26", To: "2022-05-31", AsOf: "2022-07-01", UnitID: 7}, ""},
		{"one day", Query{From: "2022-05-26", To: "2022-05-26"}, Query{From: "2022-05-26", To: "2022-05-26", AsOf: "2026-03-02"}, ""},
		{"start after end", Query{From: "2022-05-31", To: "2022-05-26"}, Query{}, "to"},
		{"bad from", Query{From: "2022-13-01", To: "2022-05-26"}, Query{}, "from"},
		{"bad as-of date", Query{AsOf: "2022-02-30"}, Query{}, "as_of"},
		{"negative unit", Query{UnitID: -1}, Query{}, "unit_id"},
	}
	for _, c := range cases {
		got, _, _, err := c.q.resolve(now)
		if c.badField != "" {
			e := errs.As(err)
			if err == nil || e.Code != errs.Invalid || e.Fields[c.badField] == "" {
				t.Errorf("%s: %v, want invalid naming %s", c.name, err, c.badField)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: %+v, %v; want %+v", c.name, got, err, c.want)
		}
	}
}
