package community

import (
	"testing"
	"time"

	"pinghu/internal/errs"
)

// The period's days: defaults from today in China Standard Time, and each
// bad day named by its field.
func TestParsePeriod(t *testing.T) {
	// 2022-12-31 17:00 UTC is already 2023-01-01 in Shenzhen.
	today := time.Date(2022, 12, 31, 17, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		from, to       string
		want           Period
		badField, code string
	}{
		{"", "", Period{"2023-01-01", "2023-01-01"}, "", ""},
		{"", "2022-06-30", Period{"2022-01-01", "2022-06-30"}, "", ""},
		{"2022-03-01", "2022-03-01", Period{"2022-03-01", "2022-03-01"}, "", ""},
		{"2022-13-01", "2022-12-31", Period{}, "from", "err.bad_date"},
		{"2022-01-01", "31/12/2022", Period{}, "to", "err.bad_date"},
		{"2022-12-31", "2022-01-01", Period{}, "to", "cm.err.to_before_from"},
	} {
		got, err := ParsePeriod(c.from, c.to, today)
		if c.badField == "" {
			if err != nil || got != c.want {
				t.Errorf("ParsePeriod(%q, %q) = %v, %v; want %v", c.from, c.to, got, err, c.want)
			}
			continue
		}
		if e := errs.As(err); e.Code != errs.Invalid || e.Fields[c.badField] != c.code {
			t.Errorf("ParsePeriod(%q, %q): %v; want %s on %s", c.from, c.to, err, c.code, c.badField)
		}
	}
}

// The period's instants: from the first day's midnight in Shenzhen to the
// midnight after its last day.
func TestPeriodBounds(t *testing.T) {
	start, end := Period{"2022-01-01", "2022-12-31"}.bounds()
	if want := time.Date(2021, 12, 31, 16, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Errorf("start %v, want %v", start, want)
	}
	if want := time.Date(2022, 12, 31, 16, 0, 0, 0, time.UTC); !end.Equal(want) {
		t.Errorf("end %v, want %v", end, want)
	}
}
