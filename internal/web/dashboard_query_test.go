package web

import (
	"net/url"
	"strings"
	"testing"
)

func TestReadDashQuery(t *testing.T) {
	for _, c := range []struct {
		query    string
		from, to string
		errs     string
	}{
		{"", "2026-01-01", "2026-03-02", ""},
		{"from=2022-05-26&to=2022-05-31&as_of=2022-07-01", "2022-05-26", "2022-05-31", ""},
		{"from=2022-05-26", "2022-05-26", "", ""},
		{"from=2022-06-01&to=2022-05-01", "2022-06-01", "2022-05-01", "to"},
		{"from=2022-5-1", "2022-5-1", "", "from"},
		{"as_of=yesterday&unit_id=x", "2026-01-01", "2026-03-02", "as_of unit_id"},
		{"unit_id=0", "2026-01-01", "2026-03-02", "unit_id"},
	} {
		q, _ := url.ParseQuery(c.query)
		d := readDashQuery(q, "2026-03-02")
		var bad []string
		for _, k := range []string{"from", "to", "as_of", "unit_id"} {
			if d.Errs[k] != "" {
				bad = append(bad, k)
			}
		}
		if d.From != c.from || d.To != c.to || strings.Join(bad, " ") != c.errs {
			t.Errorf("%q: from %q to %q errors %v", c.query, d.From, d.To, bad)
		}
	}
	d := readDashQuery(url.Values{"from": {"2022-05-26"}, "to": {"2022-05-31"}, "as_of": {"2022-07-01"}, "unit_id": {"7"}}, "2026-03-02")
	if got := d.RowHref("week", "2022-05-23", "appeals_collected"); got !=
		"/appeals?as_of=2022-07-01&by=week&figure=appeals_collected&from=2022-05-26&key=2022-05-23&to=2022-05-31&unit_id=7" {
		t.Errorf("RowHref %s", got)
	}
	if got := d.visitTo(); got != "2022-05-31" {
		t.Errorf("visitTo %s", got)
	}
	d.AsOf = "2022-05-28"
	if got := d.visitTo(); got != "2022-05-28" {
		t.Errorf("visitTo before the period's end: %s", got)
	}
}

func TestFitLabel(t *testing.T) {
	for _, c := range []struct {
		in, by string
		slot   int
		want   string
	}{
		{"白泥坑社区", "community", 35, "白泥坑"},
		{"白泥坑社区", "community", 60, "白泥坑"},
		{"土地整备事务中心", "department", 60, "土地整备…"},
		{"经济服务办公室", "department", 100, "经济服务办公室"},
		{"Talent and housing", "category", 53, "Talent…"},
	} {
		if got := fitLabel(c.in, c.by, c.slot); got != c.want {
			t.Errorf("fitLabel(%q, %d) = %q, want %q", c.in, c.slot, got, c.want)
		}
	}
}
