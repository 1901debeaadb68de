package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// The service stations (驿站) of 2022. 平湖社区 used 民生大盆菜·微实事
// funds for one site that holds, at one address, the community's party
// and people service centre with its traffic-safety corner, a traffic
// self-service machine, a 铁骑驿站, a 志愿者U站 and a 暖蜂驿站 serving the
// traffic police, sanitation workers and couriers. They are registered as
// five co-located stations, one per kind, so that each shows on its own
// map layer and keeps its own service records; the traffic-safety corner
// is a service of the centre, not a station. Across the sub-district 29
// sites serve the new-employment groups (暖蜂驿站, 司机之家…): 平湖's
// 暖蜂驿站 and the 28 of demoNewEmploymentSites. A new-employment site is
// a station serving couriers, delivery riders or drivers (package station).

// NewEmploymentSites is how many stations of the demo serve the
// new-employment groups.
const NewEmploymentSites = 29

type demoStation struct {
	community, name, kind, address string
	lng, lat, area                 float64
	hours                          string
	services                       []string
	groups                         []string
	managingUnit                   string // a unit's code, or a name
	funding                        string
	opened                         string
}

const pinghuFunding = "民生大盆菜·微实事"

var pinghuStations = []demoStation{
	{"PH-PINGHU", "平湖社区党群服务中心", "party_center", "平湖街道平湖大街288号", 114.1276, 22.6902, 300, "周一至周日 09:00-21:00",
		[]string{"党群服务", "交通安全宣传角", "政策咨询", "民生微实事受理"}, []string{"residents"}, "PH-PINGHU", pinghuFunding, "2021-09-01"},
	{"PH-PINGHU", "平湖社区交通业务自助机", "traffic_kiosk", "平湖街道平湖大街288号（党群服务中心一楼）", 114.1277, 22.6901, 4, "24小时",
		[]string{"驾驶证业务", "机动车业务", "交通违法处理"}, []string{"residents"}, "PH-PINGHU", pinghuFunding, "2022-03-15"},
	{"PH-PINGHU", "平湖社区铁骑驿站", "traffic_police", "平湖街道平湖大街288号（党群服务中心东侧）", 114.1279, 22.6903, 20, "24小时",
		[]string{"休息", "饮水", "装备充电"}, []string{"traffic_police"}, "PH-PINGHU", pinghuFunding, "2022-03-15"},
	{"PH-PINGHU", "平湖社区志愿者U站", "volunteer_u", "平湖街道平湖大街288号（党群服务中心门前）", 114.1275, 22.6900, 15, "周一至周日 08:30-18:00",
		[]string{"志愿服务", "便民咨询", "文明劝导"}, []string{"residents"}, "PH-PINGHU", pinghuFunding, "2022-03-15"},
	{"PH-PINGHU", "平湖社区暖蜂驿站", "warm_bee", "平湖街道平湖大街288号（党群服务中心西侧）", 114.1273, 22.6902, 40, "周一至周日 07:00-22:00",
		[]string{"饮水", "热饭", "充电", "休息", "应急药箱"}, []string{"sanitation_workers", "traffic_police", "couriers"}, "PH-PINGHU", pinghuFunding, "2022-03-15"},
	{"PH-HEHUA", "禾花社区党群服务中心", "party_center", "平湖街道禾花路62号", 114.1201, 22.6762, 260, "周一至周日 09:00-21:00",
		[]string{"党群服务", "政策咨询", "专家智库咨询"}, []string{"residents"}, "PH-HEHUA", "", "2021-07-01"},
}

// demoSite is one new-employment site: a community, a kind, a place and
// its road; the rest follows from the kind.
type demoSite struct {
	community, kind, place, road string
	dLng, dLat                   float64 // from the community's centre, in thousandths of a degree
	opened                       string
}

// centres are the communities' rough centres (WGS84).
var centres = map[string][2]float64{
	"PH-PINGHU": {114.128, 22.690}, "PH-BAINIKENG": {114.100, 22.665}, "PH-FENGHUANG": {114.140, 22.705},
	"PH-FUCHENGAO": {114.105, 22.700}, "PH-HEHUA": {114.120, 22.676}, "PH-EGONGLING": {114.150, 22.675},
	"PH-LIANGANTIAN": {114.112, 22.655}, "PH-LICHANG": {114.135, 22.660}, "PH-SHANXIA": {114.145, 22.690},
	"PH-SHANGMUGU": {114.095, 22.685}, "PH-XINMU": {114.155, 22.700}, "PH-XINNAN": {114.130, 22.648},
}

var demoNewEmploymentSites = []demoSite{
	{"PH-PINGHU", "drivers_home", "平湖物流园", "平湖大道", 6, -4, "2022-04-20"},
	{"PH-PINGHU", "warm_bee", "平湖地铁站", "守珍街", -3, 5, "2022-05-10"},
	{"PH-BAINIKENG", "warm_bee", "白泥坑市场", "白泥坑路", 2, 3, "2022-04-01"},
	{"PH-BAINIKENG", "drivers_home", "白泥坑加油站", "清平高速辅道", -5, -2, "2022-06-01"},
	{"PH-FENGHUANG", "warm_bee", "凤凰大道", "凤凰大道", 3, -2, "2022-03-20"},
	{"PH-FENGHUANG", "warm_bee", "华南城", "华南大道", -4, -3, "2022-05-18"},
	{"PH-FENGHUANG", "drivers_home", "平湖海关", "富安大道", 5, 2, "2022-07-01"},
	{"PH-FUCHENGAO", "warm_bee", "辅城坳工业区", "辅城坳路", 2, -3, "2022-04-15"},
	{"PH-FUCHENGAO", "volunteer_u", "辅城坳快递集散点", "新厦大道", -3, 2, "2022-08-01"},
	{"PH-HEHUA", "warm_bee", "禾花路", "禾花路", 3, 2, "2022-03-25"},
	{"PH-HEHUA", "warm_bee", "华南城物流中心", "华南城路", -4, -1, "2022-06-20"},
	{"PH-HEHUA", "drivers_home", "禾花货运站", "平龙西路", 1, -4, "2022-09-05"},
	{"PH-EGONGLING", "warm_bee", "鹅公岭工业区", "鹅公岭路", 2, 2, "2022-04-08"},
	{"PH-EGONGLING", "drivers_home", "鹅公岭停车场", "龙岗大道", -3, -3, "2022-07-15"},
	{"PH-LIANGANTIAN", "warm_bee", "良安田市场", "良白路", 2, 1, "2022-04-12"},
	{"PH-LIANGANTIAN", "volunteer_u", "良安田外卖站点", "良安田路", -2, -3, "2022-08-20"},
	{"PH-LICHANG", "warm_bee", "力昌工业园", "力昌路", 3, 2, "2022-05-05"},
	{"PH-LICHANG", "drivers_home", "力昌货运停车场", "平新北路", -2, -3, "2022-09-15"},
	{"PH-SHANXIA", "warm_bee", "山厦市场", "山厦路", 2, -2, "2022-04-22"},
	{"PH-SHANXIA", "warm_bee", "山厦地铁口", "平湖大街", -3, 3, "2022-06-28"},
	{"PH-SHANXIA", "drivers_home", "山厦物流园", "平安大道", 4, 1, "2022-10-10"},
	{"PH-SHANGMUGU", "warm_bee", "上木古新村", "上木古路", 2, 2, "2022-05-12"},
	{"PH-SHANGMUGU", "drivers_home", "上木古货运站", "新木大道", -3, -2, "2022-08-08"},
	{"PH-XINMU", "warm_bee", "新木村", "新木路", 2, -2, "2022-05-20"},
	{"PH-XINMU", "volunteer_u", "新木快递点", "新木大道", -2, 3, "2022-09-01"},
	{"PH-XINNAN", "warm_bee", "新南市场", "新南路", 3, 2, "2022-06-05"},
	{"PH-XINNAN", "drivers_home", "新南物流园", "平湖大道", -3, -2, "2022-10-20"},
	{"PH-XINNAN", "warm_bee", "新南工业区", "新南二路", 1, -3, "2022-11-15"},
}

// kindDetails is what a new-employment site of a kind offers.
var kindDetails = map[string]struct {
	suffix   string
	area     float64
	hours    string
	services []string
	groups   []string
}{
	"warm_bee": {"暖蜂驿站", 30, "周一至周日 07:00-22:00", []string{"饮水", "热饭", "充电", "休息"},
		[]string{"couriers", "delivery_riders", "sanitation_workers"}},
	"drivers_home": {"司机之家", 120, "24小时", []string{"休息", "淋浴", "洗衣", "餐饮"}, []string{"drivers"}},
	"volunteer_u": {"志愿者U站", 15, "周一至周日 08:30-20:00", []string{"饮水", "充电", "志愿服务"},
		[]string{"couriers", "delivery_riders", "residents"}},
}

func loadStations(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	all := append([]demoStation{}, pinghuStations...)
	for _, s := range demoNewEmploymentSites {
		k := kindDetails[s.kind]
		c := centres[s.community]
		name := strings.TrimSuffix(s.place, "站") + k.suffix
		manager := s.community
		if s.kind == "drivers_home" {
			manager = "平湖街道总工会"
		}
		all = append(all, demoStation{community: s.community, name: name, kind: s.kind,
			address: "平湖街道" + s.road + "（" + s.place + "）", lng: c[0] + s.dLng/1000, lat: c[1] + s.dLat/1000,
			area: k.area, hours: k.hours, services: k.services, groups: k.groups, managingUnit: manager, opened: s.opened})
	}
	created := db.Micros(Epoch)
	for i, s := range all {
		var unitID any
		given := ""
		if id, ok := st.Units[s.managingUnit]; ok {
			unitID = id
		} else {
			given = s.managingUnit
		}
		ne := false
		for _, g := range s.groups {
			ne = ne || g == "couriers" || g == "delivery_riders" || g == "drivers"
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO stations (name, kind, community_id, address, lng, lat, area_m2, hours,
			services, groups_served, new_employment, managing_unit_id, managing_unit, funding, opened_on, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
			s.name, s.kind, st.Units[s.community], s.address, s.lng, s.lat, s.area, s.hours, strings.Join(s.services, "\n"),
			strings.Join(s.groups, ","), ne, unitID, given, s.funding, s.opened, created).Scan(&id); err != nil {
			return errs.Wrap(err, "demo station "+s.name)
		}
		if err := stationRecords(ctx, tx, id, i, s); err != nil {
			return err
		}
	}
	return nil
}

// stationRecords adds a day's counts of the first two services every
// other week from the opening (or the year's start) to the end of 2022;
// the counts vary by station and week, deterministically.
func stationRecords(ctx context.Context, tx *sql.Tx, id int64, n int, s demoStation) error {
	first, err := time.ParseInLocation(time.DateOnly, s.opened, i18n.Zone)
	if err != nil {
		return fmt.Errorf("demo station %s: %w", s.name, err)
	}
	if y := time.Date(2022, 1, 3, 0, 0, 0, 0, i18n.Zone); first.Before(y) {
		first = y
	}
	end := time.Date(2022, 12, 31, 0, 0, 0, 0, i18n.Zone)
	for d, week := first, 0; !d.After(end); d, week = d.AddDate(0, 0, 14), week+1 {
		for j, service := range s.services[:min(2, len(s.services))] {
			count := 8 + (n*7+week*5+j*3)%23
			at := time.Date(d.Year(), d.Month(), d.Day(), 18, 0, 0, 0, i18n.Zone)
			if _, err := tx.ExecContext(ctx, `INSERT INTO station_records (station_id, day, service, served, note, recorded_at)
				VALUES ($1, $2, $3, $4, '', $5)`, id, d.Format(time.DateOnly), service, count, db.Micros(at)); err != nil {
				return errs.Wrap(err, "demo station record")
			}
		}
	}
	return nil
}
