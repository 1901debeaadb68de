package calendar

import (
	"testing"
	"time"

	"pinghu/internal/i18n"
)

func cst(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, i18n.Zone)
	if err != nil {
		panic(err)
	}
	return t
}

// The 2022 schedule around the Spring Festival and May Day, as shipped.
var cal2022 = New([]Day{
	{"2022-01-29", Workday, ""}, {"2022-01-30", Workday, ""},
	{"2022-01-31", Holiday, ""}, {"2022-02-01", Holiday, ""}, {"2022-02-02", Holiday, ""}, {"2022-02-03", Holiday, ""}, {"2022-02-04", Holiday, ""},
	{"2022-04-24", Workday, ""}, {"2022-05-02", Holiday, ""}, {"2022-05-03", Holiday, ""}, {"2022-05-04", Holiday, ""}, {"2022-05-07", Workday, ""},
})

func TestAddWorkdays(t *testing.T) {
	cases := []struct {
		name string
		from string
		n    int
		due  string // the end of this day, China Standard Time
	}{
		{"Monday plus 3", "2022-05-23 10:00", 3, "2022-05-26"},
		{"Thursday plus 3 crosses a weekend", "2022-05-26 10:00", 3, "2022-05-31"},
		{"Saturday starts counting on Monday", "2022-05-28 10:00", 3, "2022-06-01"},
		{"late evening is still that day", "2022-05-23 23:59", 1, "2022-05-24"},
		{"just after midnight UTC+8", "2022-05-24 00:01", 1, "2022-05-25"},
		{"make-up Saturday counts, holidays do not", "2022-01-28 09:00", 3, "2022-02-07"},
		{"May Day: 29 April plus 3 ends on the make-up Saturday", "2022-04-29 09:00", 3, "2022-05-07"},
		{"the Sunday make-up day 24 April counts", "2022-04-22 09:00", 1, "2022-04-24"},
		{"zero days is the end of today", "2022-05-23 09:00", 0, "2022-05-23"},
	}
	for _, c := range cases {
		got := cal2022.AddWorkdays(cst(c.from), c.n)
		want := cst(c.due+" 00:00").AddDate(0, 0, 1).UTC()
		if !got.Equal(want) {
			t.Errorf("%s: AddWorkdays(%s, %d) = %s, want end of %s", c.name, c.from, c.n, got.In(i18n.Zone), c.due)
		}
	}
}

func TestIsWorkday(t *testing.T) {
	cases := map[string]bool{
		"2022-01-29 12:00": true,  // Saturday, make-up working day
		"2022-02-01 12:00": false, // Tuesday, Spring Festival
		"2022-05-21 12:00": false, // an ordinary Saturday
		"2022-05-23 12:00": true,  // an ordinary Monday
	}
	for s, want := range cases {
		if got := cal2022.IsWorkday(cst(s)); got != want {
			t.Errorf("IsWorkday(%s) = %v", s, got)
		}
	}
	// The date is read in China Standard Time: 16:30 UTC on a Friday is
	// already Saturday in Shenzhen.
	if cal2022.IsWorkday(time.Date(2022, 5, 20, 16, 30, 0, 0, time.UTC)) {
		t.Error("Friday 16:30 UTC is Saturday 00:30 in Shenzhen, a day off")
	}
}

func TestDue(t *testing.T) {
	from := cst("2022-05-27 15:00") // a Friday
	if got, want := cal2022.Due(from, Limit{24, Hours}), from.Add(24*time.Hour).UTC(); !got.Equal(want) {
		t.Errorf("24 hours: %s", got)
	}
	if got, want := cal2022.Due(from, Limit{3, Workdays}), cst("2022-06-02 00:00").UTC(); !got.Equal(want) {
		t.Errorf("3 working days from Friday: %s, want %s", got.In(i18n.Zone), want.In(i18n.Zone))
	}
	for _, l := range []Limit{{0, Hours}, {3, "weeks"}, {-1, Workdays}, {5000, Hours}} {
		if l.Valid() {
			t.Errorf("%v is valid", l)
		}
	}
}
