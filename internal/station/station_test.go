package station_test

import (
	"math"
	"strings"
	"testing"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/db/dbtest"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
	"pinghu/internal/station"
)

func TestCreateDerivesNewEmployment(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		in := e.input(e.C1)
		in.Groups = []station.Group{station.Residents, station.Couriers, station.Couriers}
		in.Services = []string{" 饮水 ", "饮水", "", "充电"}
		st := e.create(e.comm1, in)
		if !st.NewEmployment || len(st.Groups) != 2 || st.Groups[0] != station.Couriers || len(st.Services) != 2 {
			t.Errorf("created: %+v", st)
		}
		got, err := e.svc.Get(e.Ctx, e.office, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Lng != 114.1235 || got.Lat != 22.6812 || got.AreaM2 != 30 || got.CommunityName != e.C1.Name ||
			strings.Join(got.Services, "|") != "饮水|充电" || !got.NewEmployment {
			t.Errorf("read back: %+v", got)
		}
		// Without a new-employment group the flag goes, on an edit too.
		in.Groups = []station.Group{station.TrafficPoliceMen, station.Residents}
		up, err := e.svc.Update(e.Ctx, e.office, st.ID, in)
		if err != nil || up.NewEmployment {
			t.Errorf("update: %+v %v", up, err)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action IN ('station.create', 'station.update')"); n != 2 {
			t.Errorf("%d audit records, want 2", n)
		}
	})
}

// Each bad input names its field, and nothing is written: no station, no
// audit record.
func TestBadStationWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		for _, c := range []struct {
			name   string
			as     access.Actor
			edit   func(*station.Input)
			fields []string
			msg    string
		}{
			{"outside China", e.office, func(in *station.Input) { in.Lng, in.Lat = 2.35, 48.85 }, []string{"lng"}, "stn.err.outside_china"},
			{"south of China", e.office, func(in *station.Input) { in.Lat = 10 }, []string{"lat"}, "stn.err.outside_china"},
			{"swapped", e.office, func(in *station.Input) { in.Lng, in.Lat = 22.6, 114.1 }, []string{"lng", "lat"}, "stn.err.swapped"},
			{"no coordinates", e.office, func(in *station.Input) { in.Lng, in.Lat = 0, 0 }, []string{"lng", "lat"}, "stn.err.outside_china"},
			{"no number for the longitude", e.office, func(in *station.Input) { in.Lng = math.NaN() }, []string{"lng"}, "stn.err.not_a_number"},
			{"no number for the area", e.office, func(in *station.Input) { in.AreaM2 = math.NaN() }, []string{"area_m2"}, "stn.err.not_a_number"},
			{"negative area", e.office, func(in *station.Input) { in.AreaM2 = -5 }, []string{"area_m2"}, "stn.err.area"},
			{"zero area", e.office, func(in *station.Input) { in.AreaM2 = 0 }, []string{"area_m2"}, "stn.err.area"},
			{"no name", e.office, func(in *station.Input) { in.Name = "  " }, []string{"name"}, "err.required"},
			{"no address", e.office, func(in *station.Input) { in.Address = "" }, []string{"address"}, "err.required"},
			{"unknown kind", e.office, func(in *station.Input) { in.Kind = "kiosk" }, []string{"kind"}, "stn.err.kind"},
			{"unknown group", e.office, func(in *station.Input) { in.Groups = []station.Group{"pilots"} }, []string{"groups"}, "stn.err.group"},
			{"no service", e.office, func(in *station.Input) { in.Services = []string{" "} }, []string{"services"}, "err.required"},
			{"bad opening date", e.office, func(in *station.Input) { in.OpenedOn = "2022-02-30" }, []string{"opened_on"}, "err.bad_date"},
			{"a department as community", e.office, func(in *station.Input) { in.CommunityID = e.D1.ID }, []string{"community_id"}, "err.unit_unknown"},
			{"another community's", e.comm2, func(in *station.Input) {}, []string{"community_id"}, "err.unit_unknown"},
			{"another sub-district's", e.leader9, func(in *station.Input) {}, []string{"community_id"}, "err.unit_unknown"},
		} {
			in := e.input(e.C1)
			c.edit(&in)
			_, err := e.svc.Create(e.Ctx, c.as, in)
			ee := errs.As(err)
			if ee.Code != errs.Invalid {
				t.Errorf("%s: %v, want invalid", c.name, err)
				continue
			}
			for _, f := range c.fields {
				if ee.Fields[f] != c.msg {
					t.Errorf("%s: field %s = %q, want %q (all: %v)", c.name, f, ee.Fields[f], c.msg, ee.Fields)
				}
			}
		}
		// Roles that register no stations are told nothing more than "not found".
		for _, a := range []access.Actor{e.dept1, e.specialist} {
			if _, err := e.svc.Create(e.Ctx, a, e.input(e.C1)); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s: %v, want not found", a.Username, err)
			}
		}
		if n := e.Count("SELECT count(*) FROM stations"); n != 0 {
			t.Errorf("%d stations written", n)
		}
		if n := e.Count("SELECT count(*) FROM audit_log WHERE action LIKE 'station.%'"); n != 0 {
			t.Errorf("%d audit records written", n)
		}
	})
}

// The swapped check is about the point as a whole: a value that fits
// only the other field's range is swapped, two values outside China are
// just outside.
func TestCheckLocation(t *testing.T) {
	for _, c := range []struct {
		lng, lat float64
		want     map[string]string
	}{
		{114.1, 22.6, map[string]string{}},
		{73.5, 53.6, map[string]string{}},
		{22.6, 114.1, map[string]string{"lng": "stn.err.swapped", "lat": "stn.err.swapped"}},
		{40, 114.1, map[string]string{"lng": "stn.err.swapped", "lat": "stn.err.swapped"}},
		{-74, 40.7, map[string]string{"lng": "stn.err.outside_china"}},
		{114.1, -22.6, map[string]string{"lat": "stn.err.outside_china"}},
		{200, 100, map[string]string{"lng": "stn.err.outside_china", "lat": "stn.err.outside_china"}},
	} {
		f := errs.Fields{}
		station.CheckLocation(f, c.lng, c.lat)
		if len(f) != len(c.want) {
			t.Errorf("(%v, %v) = %v, want %v", c.lng, c.lat, f, c.want)
			continue
		}
		for k, v := range c.want {
			if f[k] != v {
				t.Errorf("(%v, %v) = %v, want %v", c.lng, c.lat, f, c.want)
			}
		}
	}
}

func TestBadRecordWritesNothing(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		st := e.create(e.office, e.input(e.C1))
		neg, big := -1, station.MaxCount+1
		today := start.In(i18n.Zone).Format(time.DateOnly)
		tomorrow := start.In(i18n.Zone).AddDate(0, 0, 1).Format(time.DateOnly)
		for _, c := range []struct {
			name  string
			in    station.RecordInput
			field string
			msg   string
		}{
			{"future day", station.RecordInput{Day: tomorrow, Service: "饮水"}, "day", "stn.err.future"},
			{"before opening", station.RecordInput{Day: "2022-02-28", Service: "饮水"}, "day", "stn.err.before_opening"},
			{"bad day", station.RecordInput{Day: "2022-13-01", Service: "饮水"}, "day", "err.bad_date"},
			{"no day", station.RecordInput{Service: "饮水"}, "day", "err.required"},
			{"negative count", station.RecordInput{Day: today, Service: "饮水", Count: &neg}, "count", "stn.err.count_negative"},
			{"huge count", station.RecordInput{Day: today, Service: "饮水", Count: &big}, "count", "stn.err.count_large"},
			{"unknown service", station.RecordInput{Day: today, Service: "理发"}, "service", "stn.err.service_unknown"},
		} {
			_, err := e.svc.AddRecord(e.Ctx, e.comm1, st.ID, c.in)
			if ee := errs.As(err); ee.Code != errs.Invalid || ee.Fields[c.field] != c.msg {
				t.Errorf("%s: %v %v, want %s on %s", c.name, err, ee.Fields, c.msg, c.field)
			}
		}
		// Out of scope or not a recording role: not found.
		for _, a := range []access.Actor{e.comm2, e.leader9, e.leader, e.dept1} {
			if _, err := e.svc.AddRecord(e.Ctx, a, st.ID, station.RecordInput{Day: today, Service: "饮水"}); errs.CodeOf(err) != errs.NotFound {
				t.Errorf("%s: %v, want not found", a.Username, err)
			}
		}
		if n := e.Count("SELECT count(*) FROM station_records"); n != 0 {
			t.Errorf("%d records written", n)
		}
		// Today, a zero count and a single entry are fine.
		e.record(e.comm1, st.ID, today, "饮水", 0)
		r, err := e.svc.AddRecord(e.Ctx, e.office, st.ID, station.RecordInput{Day: today, Service: "充电", Note: "外卖骑手借充电宝"})
		if err != nil || r.Count != 1 {
			t.Errorf("single entry: %+v %v", r, err)
		}
	})
}

func TestScopeAndFigures(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		a := e.create(e.comm1, e.input(e.C1)) // warm bee, new employment, opened 2022-03-01
		in := e.input(e.C2)
		in.Kind, in.Groups, in.OpenedOn = station.VolunteerU, []station.Group{station.Residents}, "2022-05-01"
		b := e.create(e.office, in)
		in = e.input(e.C2)
		in.Kind, in.OpenedOn = station.DriversHome, "2022-06-10"
		in.ManagingUnitID = e.D1.ID
		c := e.create(e.office, in)
		e.create(e.leader9, e.input(e.C9))
		e.record(e.comm1, a.ID, "2022-03-31", "饮水", 5)
		e.record(e.comm1, a.ID, "2022-04-01", "饮水", 7)
		e.record(e.comm2, b.ID, "2022-05-02", "充电", 11)
		e.record(e.office, c.ID, "2022-06-12", "休息", 13)

		for _, s := range []struct {
			who  access.Actor
			want int
		}{{e.leader, 3}, {e.office, 3}, {e.comm1, 1}, {e.comm2, 2}, {e.dept1, 1}, {e.leader9, 1}, {e.specialist, 0}} {
			l, err := e.svc.List(e.Ctx, s.who, station.Filter{})
			if err != nil || l.Total != s.want || len(l.Items) != s.want {
				t.Errorf("%s sees %d (%v), want %d", s.who.Username, l.Total, err, s.want)
			}
		}
		if _, err := e.svc.Get(e.Ctx, e.comm1, b.ID); errs.CodeOf(err) != errs.NotFound {
			t.Errorf("community 1 reads community 2's station: %v", err)
		}

		day := func(s string) time.Time {
			t, _ := time.ParseInLocation(time.DateOnly, s, i18n.Zone)
			return t
		}
		for _, c := range []struct {
			name             string
			who              access.Actor
			from, to         string
			unit             int64
			total, ne, serve int
			kinds            map[string]int
		}{
			{"whole year", e.leader, "2022-01-01", "2022-12-31", 0, 3, 2, 36, map[string]int{"warm_bee": 1, "volunteer_u": 1, "drivers_home": 1}},
			{"to the end of April", e.leader, "2022-04-01", "2022-04-30", 0, 1, 1, 7, map[string]int{"warm_bee": 1}},
			{"March 31 included", e.leader, "2022-03-31", "2022-03-31", 0, 1, 1, 5, map[string]int{"warm_bee": 1}},
			{"community 2", e.leader, "2022-01-01", "2022-12-31", e.C2.ID, 2, 1, 24, map[string]int{"volunteer_u": 1, "drivers_home": 1}},
			{"community 1 as itself", e.comm1, "", "", 0, 1, 1, 12, map[string]int{"warm_bee": 1}},
			{"community 1 asking for 2", e.comm1, "", "", e.C2.ID, 0, 0, 0, map[string]int{}},
			{"the department's", e.dept1, "", "", 0, 1, 1, 13, map[string]int{"drivers_home": 1}},
			{"no scope", e.specialist, "", "", 0, 0, 0, 0, map[string]int{}},
		} {
			var from, to time.Time
			if c.from != "" {
				from, to = day(c.from), day(c.to)
			}
			got, err := e.svc.CommunityFigures(e.Ctx, c.who, from, to, c.unit)
			if err != nil {
				t.Fatal(err)
			}
			if got.Total != c.total || got.NewEmploymentSites != c.ne || got.Served != c.serve || len(got.ByKind) != len(c.kinds) {
				t.Errorf("%s: %+v, want total %d, new employment %d, served %d, %v", c.name, got, c.total, c.ne, c.serve, c.kinds)
			}
			for k, n := range c.kinds {
				if got.ByKind[k] != n {
					t.Errorf("%s: by kind %v, want %v", c.name, got.ByKind, c.kinds)
				}
			}
			// The list behind the figures holds the same stations, and its
			// Served column adds up to Served.
			f := station.FiguresFilter(from, to, c.unit)
			f.Page = db.NewPage(1, db.MaxPageSize)
			l, err := e.svc.List(e.Ctx, c.who, f)
			if err != nil {
				t.Fatal(err)
			}
			sum := 0
			for _, st := range l.Items {
				sum += int(st.Served)
			}
			yes := true
			f.NewEmployment = &yes
			ne, err := e.svc.List(e.Ctx, c.who, f)
			if err != nil || l.Total != got.Total || sum != got.Served || ne.Total != got.NewEmploymentSites {
				t.Errorf("%s: list %d served %d new employment %d (%v), figures %+v", c.name, l.Total, sum, ne.Total, err, got)
			}
		}

		months, err := e.svc.Months(e.Ctx, e.comm1, a.ID)
		if err != nil || len(months) != 2 || months[0].Month != "2022-04" || months[0].Count != 7 || months[1].Count != 5 {
			t.Errorf("months: %+v %v", months, err)
		}
	})
}

// The feeds carry the points longitude first, a layer at a time, and
// the public feed every station.
func TestFeed(t *testing.T) {
	dbtest.Run(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		e.create(e.comm1, e.input(e.C1))
		in := e.input(e.C2)
		in.Kind = station.TrafficKiosk
		e.create(e.office, in)
		fc, err := e.svc.Feed(e.Ctx, e.comm1, station.FeedFilter{})
		if err != nil || fc.Type != "FeatureCollection" || len(fc.Features) != 1 {
			t.Fatalf("feed: %+v %v", fc, err)
		}
		if p := fc.Features[0].Geometry; p.Type != "Point" || p.Coordinates != [2]float64{114.1235, 22.6812} {
			t.Errorf("geometry %+v", p)
		}
		layer, err := e.svc.Feed(e.Ctx, e.leader, station.FeedFilter{Kind: station.TrafficKiosk})
		if err != nil || len(layer.Features) != 1 || layer.Features[0].Properties.Kind != station.TrafficKiosk {
			t.Errorf("layer: %+v %v", layer, err)
		}
		pub, err := e.svc.PublicFeed(e.Ctx, station.FeedFilter{})
		if err != nil || len(pub.Features) != 2 {
			t.Errorf("public: %+v %v", pub, err)
		}
		if _, err := e.svc.PublicFeed(e.Ctx, station.FeedFilter{Kind: "x"}); errs.CodeOf(err) != errs.Invalid {
			t.Errorf("unknown layer: %v", err)
		}
	})
}
