package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// The joint volunteer services (党建共融) of 2022 as the seed tells them:
// 鹅公岭社区's joint team brings together the community party committee,
// the industrial park's party committee and the units stationed in the
// community for traffic safety, hygiene, epidemic control, group
// prevention (群防群治), counselling, care visits and livelihood talks
// (民生微讲堂). 禾花 and 平湖 have small teams of their own. Names are
// made up from common characters; any likeness to a person is chance.

// demoTeam is one joint team with its member organisations (name, kind,
// the unit code of the organisation tree or "").
type demoTeam struct {
	community, name, coordinator string
	orgs                         [][3]string
	volunteers                   int
	activities                   []demoVolActivity
}

// demoVolActivity is one activity: its type, title, place, month and
// day, start and end, capacity, the organisers by their index in the
// team's organisations, and how many signed up.
type demoVolActivity struct {
	kind, title, place string
	month, day         int
	start, end         string
	capacity           int
	orgs               []int
	signups            int
}

var demoTeams = []demoTeam{
	{community: "PH-EGONGLING", name: "鹅公岭社区党建共融志愿服务队", coordinator: "egongling",
		orgs: [][3]string{{"鹅公岭社区党委", "community_party", "PH-EGONGLING"}, {"鹅公岭工业园区党委", "park_party", ""},
			{"平湖交警大队鹅公岭中队", "stationed_unit", ""}, {"鹅公岭社区卫生服务中心", "stationed_unit", ""},
			{"鹅公岭小学", "stationed_unit", ""}, {"平湖派出所鹅公岭警务室", "stationed_unit", ""}},
		volunteers: 40,
		activities: []demoVolActivity{
			{"epidemic_control", "春节返岗人员核酸检测秩序维护", "鹅公岭社区党群服务中心广场", 1, 8, "08:30", "12:00", 15, []int{0, 3}, 12},
			{"traffic_safety", "上下学高峰路口交通劝导", "鹅公岭小学门口路口", 1, 17, "07:00", "08:30", 10, []int{0, 2, 4}, 8},
			{"hygiene", "新春环境卫生大扫除", "鹅公岭老村片区", 1, 22, "09:00", "11:30", 20, []int{0, 1}, 16},
			{"epidemic_control", "疫情防控卡口值守", "鹅公岭工业园区南门", 2, 21, "14:00", "18:00", 12, []int{0, 1}, 10},
			{"epidemic_control", "全员核酸检测扫码引导", "鹅公岭社区党群服务中心广场", 3, 14, "08:00", "12:00", 20, []int{0, 3}, 18},
			{"care_visit", "独居老人疫情期间关爱走访", "鹅公岭社区各小区", 3, 26, "09:00", "11:00", 8, []int{0, 3}, 6},
			{"group_prevention", "群防群治夜间巡逻", "鹅公岭工业园区", 4, 9, "19:30", "21:30", 10, []int{0, 1, 5}, 9},
			{"livelihood_talk", "民生微讲堂：防范电信网络诈骗", "鹅公岭社区党群服务中心二楼", 4, 20, "14:30", "16:00", 30, []int{0, 5}, 14},
			{"traffic_safety", "电动自行车佩戴头盔劝导", "鹅公岭路与平湖大街交叉口", 5, 12, "07:30", "09:00", 10, []int{0, 2}, 8},
			{"counselling", "园区务工人员心理疏导进企业", "鹅公岭工业园区职工之家", 5, 25, "15:00", "17:00", 6, []int{1, 3}, 5},
			{"hygiene", "城中村环境整治", "鹅公岭新村", 6, 11, "08:30", "11:00", 20, []int{0, 1}, 15},
			{"livelihood_talk", "民生微讲堂：夏季防溺水安全", "鹅公岭小学", 6, 28, "15:30", "16:30", 30, []int{0, 4}, 10},
			{"group_prevention", "汛期隐患排查", "鹅公岭社区低洼片区", 7, 6, "09:00", "12:00", 12, []int{0, 1, 5}, 10},
			{"care_visit", "高温慰问户外劳动者", "鹅公岭社区各路段", 7, 20, "10:00", "11:30", 10, []int{0, 1}, 8},
			{"traffic_safety", "暑期交通安全宣传", "鹅公岭社区党群服务中心广场", 8, 3, "09:00", "11:00", 10, []int{0, 2}, 7},
			{"epidemic_control", "疫苗接种点秩序引导", "鹅公岭社区卫生服务中心", 8, 19, "08:30", "12:00", 12, []int{0, 3}, 11},
			{"hygiene", "垃圾分类督导", "鹅公岭社区各小区投放点", 9, 3, "07:30", "09:30", 15, []int{0}, 12},
			{"traffic_safety", "开学季护学岗", "鹅公岭小学门口路口", 9, 5, "07:00", "08:30", 10, []int{0, 2, 4}, 9},
			{"counselling", "青少年心理健康讲座", "鹅公岭小学礼堂", 9, 23, "14:30", "16:00", 8, []int{3, 4}, 6},
			{"group_prevention", "国庆安保巡逻", "鹅公岭社区主要路段", 10, 1, "19:00", "22:00", 12, []int{0, 1, 5}, 12},
			{"livelihood_talk", "民生微讲堂：社保医保政策解读", "鹅公岭社区党群服务中心二楼", 10, 18, "14:30", "16:00", 30, []int{0}, 13},
			{"care_visit", "重阳节敬老走访", "鹅公岭社区长者服务站", 10, 4, "09:00", "11:30", 10, []int{0, 3}, 9},
			{"epidemic_control", "小区封控期间物资配送", "鹅公岭花园", 11, 12, "08:00", "12:00", 15, []int{0, 1}, 14},
			{"hygiene", "冬季环境卫生清洁", "鹅公岭老村片区", 12, 3, "09:00", "11:00", 20, []int{0, 1}, 12},
			{"group_prevention", "岁末年初消防安全检查", "鹅公岭工业园区", 12, 20, "14:00", "17:00", 10, []int{1, 5}, 8},
		}},
	{community: "PH-HEHUA", name: "禾花社区共融志愿服务队", coordinator: "community",
		orgs:       [][3]string{{"禾花社区党委", "community_party", "PH-HEHUA"}, {"华南城园区党委", "park_party", ""}, {"禾花社区物业服务中心", "stationed_unit", ""}},
		volunteers: 6,
		activities: []demoVolActivity{
			{"hygiene", "禾花社区环境卫生日", "禾花社区华南城片区", 4, 16, "09:00", "11:00", 8, []int{0, 2}, 5},
			{"livelihood_talk", "民生微讲堂：企业用工政策", "禾花社区党群服务中心", 6, 22, "14:30", "16:00", 20, []int{0, 1}, 4},
			{"traffic_safety", "华南城路口交通劝导", "华南城大道路口", 9, 14, "17:00", "19:00", 6, []int{0}, 4},
		}},
	{community: "PH-PINGHU", name: "平湖社区共融志愿服务队", coordinator: "",
		orgs:       [][3]string{{"平湖社区党委", "community_party", "PH-PINGHU"}, {"平湖交警大队铁骑中队", "stationed_unit", ""}},
		volunteers: 5,
		activities: []demoVolActivity{
			{"traffic_safety", "铁骑驿站交通安全宣传", "平湖地铁站", 5, 20, "09:00", "11:00", 6, []int{0, 1}, 4},
			{"care_visit", "环卫工人夏季送清凉", "平湖大街", 7, 28, "10:00", "11:00", 6, []int{0}, 3},
		}},
}

var (
	volSurnames = []rune("陈李张王刘黄杨赵吴周徐孙朱胡郭何林罗高郑梁谢宋唐许邓冯韩曹曾彭")
	volGiven    = []string{"志强", "秀英", "建国", "丽华", "伟明", "晓燕", "国平", "春梅", "海涛", "淑珍", "振华", "美玲", "文博", "桂芳", "家豪",
		"嘉欣", "俊杰", "雅婷", "明辉", "慧敏"}
	volSkills = []string{"交通劝导", "急救", "心理咨询", "法律咨询", "摄影宣传", "电工维修", "外语", "驾驶", "护理", "文艺表演"}
)

func loadVolunteers(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	created := db.Micros(time.Date(2022, 1, 1, 0, 0, 0, 0, i18n.Zone))
	// The demo's accounts share one password: the coordinator takes the
	// leader's hash.
	var hash string
	if err := tx.QueryRowContext(ctx, "SELECT password_hash FROM users WHERE username = 'leader'").Scan(&hash); err != nil {
		return err
	}
	// 鹅公岭's coordinator, an account of the community's staff.
	var coordID int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO users (username, display_name, phone, role, unit_id, password_hash, active,
		password_changed_at, created_at, updated_at) VALUES ('egongling', '鹅公岭社区志愿服务协调员（演示）', '', $1, $2, $3, TRUE, $4, $4, $4) RETURNING id`,
		string(access.Community), st.Units["PH-EGONGLING"], hash, created).Scan(&coordID); err != nil {
		return err
	}
	n := 0 // the running number of volunteers, for names and numbers
	for _, t := range demoTeams {
		community := st.Units[t.community]
		var coordinator any
		switch t.coordinator {
		case "egongling":
			coordinator = coordID
		case "":
		default:
			var id int64
			if err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE username = $1", t.coordinator).Scan(&id); err != nil {
				return err
			}
			coordinator = id
		}
		var teamID int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_teams (name, community_id, coordinator_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, t.name, community, coordinator, created).Scan(&teamID); err != nil {
			return err
		}
		orgIDs := make([]int64, len(t.orgs))
		for i, o := range t.orgs {
			var unit any
			if o[2] != "" {
				unit = st.Units[o[2]]
			}
			if err := tx.QueryRowContext(ctx, "INSERT INTO volunteer_team_orgs (team_id, name, kind, unit_id) VALUES ($1, $2, $3, $4) RETURNING id",
				teamID, o[0], o[1], unit).Scan(&orgIDs[i]); err != nil {
				return err
			}
		}
		vols := make([]int64, t.volunteers)
		for i := range vols {
			name := string(volSurnames[(n*7)%len(volSurnames)]) + volGiven[(n*3+n/len(volGiven))%len(volGiven)]
			idNumber := ""
			if n%3 == 0 {
				idNumber = demoIDCard(8000 + n)
			}
			org := t.orgs[1+i%(len(t.orgs)-1)][0]
			reg := time.Date(2021, time.Month(1+n%12), 1+n%27, 0, 0, 0, 0, i18n.Zone).Format(time.DateOnly)
			if err := tx.QueryRowContext(ctx, `INSERT INTO volunteers (name, mobile, id_number, community_id, organisation, skills, registered_on,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
				name, demoMobile(8000+n), idNumber, community, org, volSkills[n%len(volSkills)]+"、"+volSkills[(n+3)%len(volSkills)], reg, created).
				Scan(&vols[i]); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "INSERT INTO volunteer_team_members (team_id, volunteer_id) VALUES ($1, $2)", teamID, vols[i]); err != nil {
				return err
			}
			n++
		}
		for ai, x := range t.activities {
			if err := loadVolunteerActivity(ctx, tx, teamID, coordinator, orgIDs, vols, ai, len(t.activities), x); err != nil {
				return fmt.Errorf("%s: %w", x.title, err)
			}
		}
	}
	return nil
}

// loadVolunteerActivity adds one activity with its sign-ups, sign-ins and
// reports: most approved, the last activity's still pending, and now and
// then one rejected (a report the coordinator could not confirm).
func loadVolunteerActivity(ctx context.Context, tx *sql.Tx, teamID int64, coordinator any, orgIDs, vols []int64, ai, count int, x demoVolActivity) error {
	day := time.Date(2022, time.Month(x.month), x.day, 0, 0, 0, 0, i18n.Zone)
	at := func(hm string) time.Time {
		t, _ := time.Parse("15:04", hm)
		return day.Add(time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute)
	}
	starts, ends := at(x.start), at(x.end)
	planned := db.Micros(day.AddDate(0, 0, -7).Add(10 * time.Hour))
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO volunteer_activities (team_id, kind, title, day, starts_at, ends_at, place, capacity,
		created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		teamID, x.kind, x.title, day.Format(time.DateOnly), db.Micros(starts), db.Micros(ends), x.place, x.capacity, coordinator, planned).Scan(&id); err != nil {
		return err
	}
	for _, o := range x.orgs {
		if _, err := tx.ExecContext(ctx, "INSERT INTO volunteer_activity_orgs (activity_id, org_id) VALUES ($1, $2)", id, orgIDs[o]); err != nil {
			return err
		}
	}
	for k := 0; k < x.signups && k < len(vols); k++ {
		v := vols[(ai*5+k)%len(vols)]
		late := time.Duration((k*7)%20) * time.Minute
		early := time.Duration((k*11)%15) * time.Minute
		in, out := starts.Add(late), ends.Add(-early)
		if _, err := tx.ExecContext(ctx, `INSERT INTO volunteer_signups (activity_id, volunteer_id, signed_up_at, signed_in_at, signed_out_at)
			VALUES ($1, $2, $3, $4, $5)`, id, v, planned+int64(k)*60_000_000, db.Micros(in), db.Micros(out)); err != nil {
			return err
		}
		status, decided := "approved", any(db.Micros(ends.Add(26*time.Hour)))
		switch {
		case ai == count-1:
			status, decided = "pending", nil
		case (ai+k)%17 == 16:
			status = "rejected"
		}
		var decider any
		if decided != nil {
			decider = coordinator
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO volunteer_hours (activity_id, volunteer_id, minutes, status, reported_by, reported_at,
			decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, v, int(out.Sub(in)/time.Minute), status, coordinator,
			db.Micros(ends.Add(2*time.Hour)), decider, decided); err != nil {
			return err
		}
	}
	return nil
}
