package demo

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// The twelve communities' livelihood micro-projects (民生微实事) of 2022,
// under Longgang's rule: 2,000,000 yuan per community per year; works up
// to 400,000 and services and goods up to 200,000 yuan each. 平湖社区
// spent its 民生大盆菜·微实事 money on the station the seed describes: a
// traffic self-service machine, a traffic-safety corner, a 铁骑驿站, a
// 志愿者U站 and a 暖蜂驿站 for traffic police, sanitation workers and
// couriers. Every stage is represented; each community stays within its
// fund and each project within its type's cap.

// demoMicro is one project: its stage and money, in yuan.
type demoMicro struct {
	title, kind, category, location string
	budget, spent                   int64
	stage                           string
	source                          string // public, visit, meeting
}

// pinghuMicro are 平湖社区's projects, after the seed.
var pinghuMicro = []demoMicro{
	{"民生大盆菜·交通业务自助机驿站", "works", "convenience", "平湖社区党群服务中心旁", 360_000, 352_000, "accepted", "meeting"},
	{"交通安全宣传角", "goods", "civility", "平湖大街与守珍街交汇处", 120_000, 118_500, "accepted", "visit"},
	{"铁骑驿站休息设施", "goods", "convenience", "平湖交警中队旁", 150_000, 96_000, "implementing", "visit"},
	{"志愿者U站设备更新", "goods", "civility", "平湖地铁站B出口", 90_000, 0, "confirmed", "meeting"},
	{"暖蜂驿站（快递员、环卫工人休息点）", "works", "facilities", "平湖社区文化广场", 300_000, 0, "published", "public"},
	{"老旧小区楼道照明改造", "works", "facilities", "平湖新村", 280_000, 0, "reviewed", "public"},
	{"暑期青少年交通安全课堂", "services", "activities", "平湖社区党群服务中心", 60_000, 0, "collected", "public"},
}

// commonMicro are the projects the other communities choose among.
var commonMicro = []demoMicro{
	{"老旧小区加装电梯前期评估", "services", "facilities", "", 180_000, 0, "", "meeting"},
	{"背街小巷路灯改造", "works", "facilities", "", 320_000, 0, "", "visit"},
	{"长者饭堂助餐服务", "services", "convenience", "", 150_000, 0, "", "public"},
	{"邻里节文化活动", "services", "activities", "", 80_000, 0, "", "meeting"},
	{"儿童游乐设施更新", "goods", "facilities", "", 160_000, 0, "", "public"},
	{"垃圾分类宣传督导", "services", "civility", "", 60_000, 0, "", "visit"},
	{"小区出入口智能道闸", "goods", "convenience", "", 120_000, 0, "", "public"},
	{"社区公园步道修缮", "works", "facilities", "", 380_000, 0, "", "visit"},
	{"青少年暑期托管课堂", "services", "activities", "", 90_000, 0, "", "meeting"},
	{"消防器材更新配置", "goods", "facilities", "", 110_000, 0, "", "visit"},
	{"志愿服务积分兑换", "services", "civility", "", 50_000, 0, "", "meeting"},
	{"雨污分流管网局部修复", "works", "facilities", "", 260_000, 0, "", "visit"},
}

// microStages is the stage of each community's n-th project, in turn, so
// that every stage appears.
var microStages = []string{"accepted", "implementing", "confirmed", "accepted", "published", "rejected", "voted", "reviewed", "collected"}

// microResidents propose on the public form; their names and mobiles are
// masked everywhere.
var microResidents = []struct{ name, mobile string }{
	{"黄志强", "13800135601"}, {"林小燕", "13923457802"}, {"吴国栋", "13712348903"}, {"郑丽娟", "13612349004"},
}

func loadMicroprojects(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	var author int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE username = 'community'").Scan(&author); err != nil {
		return errs.Wrap(err, "demo micro-project author")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO microproject_settings (year, unit_id, fund, cap_works, cap_services, cap_goods,
		quorum_num, quorum_den, publicity_days, updated_at) VALUES (2022, 0, 2000000, 400000, 200000, 200000, 2, 3, 5, $1)`,
		db.Micros(time.Date(2022, 1, 10, 9, 0, 0, 0, i18n.Zone))); err != nil {
		return errs.Wrap(err, "demo micro-project settings")
	}
	for ci, c := range Communities {
		list := pinghuMicro
		if c.Code != "PH-PINGHU" {
			// Five to eight projects, from the common list, turning by
			// community so that neighbours differ.
			n := 5 + ci%4
			list = nil
			for i := range n {
				m := commonMicro[(ci*5+i*7)%len(commonMicro)]
				m.stage = microStages[(ci+i)%len(microStages)]
				m.location = c.Name[:len(c.Name)-len("社区")] + [...]string{"一巷", "中心公园", "党群服务中心", "新村", "市场旁", "文化广场"}[(ci+i)%6]
				list = append(list, m)
			}
		}
		for i, m := range list {
			if err := insertDemoMicro(ctx, tx, st.Units[c.Code], author, ci, i, m); err != nil {
				return err
			}
		}
	}
	return nil
}

// insertDemoMicro writes one project with its events, records and, when
// accepted, the residents' ratings. Its year starts in March, a project
// every three weeks.
func insertDemoMicro(ctx context.Context, tx *sql.Tx, community, author int64, ci, i int, m demoMicro) error {
	created := time.Date(2022, 3, 1+ci, 10, 0, 0, 0, i18n.Zone).AddDate(0, 0, 21*i)
	order := []string{"collected", "reviewed", "voted", "published", "confirmed", "implementing", "accepted"}
	reach := map[string]int{}
	for k, s := range order {
		reach[s] = k
	}
	last := reach[m.stage]
	if m.stage == "rejected" {
		last = 0
	}
	at := func(step int) time.Time { return created.AddDate(0, 0, 7*step) }
	name, mobile := "", ""
	if m.source == "public" {
		r := microResidents[(ci+i)%len(microResidents)]
		name, mobile = r.name, r.mobile
	}
	var vote [5]int // for, against, abstain, present, council size
	if last >= 2 {
		vote = [5]int{9 + (ci+i)%3, 1, 1, 11 + (ci+i)%3, 15}
	}
	var published, ends any
	if last >= 3 {
		published, ends = db.Micros(at(3)), db.Micros(at(3).Add(5*24*time.Hour))
	}
	progress, spent := 0, m.spent
	switch m.stage {
	case "implementing":
		progress = 60
		if spent == 0 {
			spent = m.budget / 2
		}
	case "accepted":
		progress = 100
		if spent == 0 {
			spent = m.budget * 96 / 100
		}
	}
	exclusion, reason := "", ""
	if m.stage == "rejected" {
		exclusion, reason = "property", "属小区物业服务合同约定的维修事项，已转物业公司办理。"
		if (ci+i)%2 == 1 {
			exclusion, reason = "government", "与区城市管理部门年度投资项目重复，不再立项。"
		}
	}
	updated := at(max(last, 0))
	if m.stage == "rejected" {
		updated = at(1)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO microprojects (receipt, year, community_id, kind, category, title, description,
		location, budget, spent, progress, source, proposer_name, proposer_mobile, stage, exclusion, reject_reason, votes_for,
		votes_against, votes_abstain, members_present, council_size, published_at, publicity_ends, created_by, created_at, updated_at)
		VALUES ($1, 2022, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26)
		RETURNING id`,
		fmt.Sprintf("WS-22%02d-%04d", ci+1, i+1), community, m.kind, m.category, m.title,
		"居民反映："+m.title+"。经社区走访核实，确有需要，建议纳入2022年民生微实事。", m.location, m.budget, spent, progress, m.source,
		name, mobile, m.stage, exclusion, reason, vote[0], vote[1], vote[2], vote[3], vote[4], published, ends,
		author, db.Micros(created), db.Micros(updated)).Scan(&id)
	if err != nil {
		return errs.Wrap(err, "demo micro-project")
	}
	event := func(step int, action, from, to, note string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO microproject_events (project_id, at, actor_id, action, from_stage, to_stage, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, db.Micros(at(step)), author, action, from, to, note)
		return errs.Wrap(err, "demo micro-project event")
	}
	if err := event(0, "collect", "", "collected", ""); err != nil {
		return err
	}
	actions := []string{"", "review", "vote", "publish", "confirm", "start", "accept"}
	for k := 1; k <= last; k++ {
		if err := event(k, actions[k], order[k-1], order[k], ""); err != nil {
			return err
		}
	}
	if m.stage == "rejected" {
		if err := event(1, "reject", "collected", "rejected", reason); err != nil {
			return err
		}
	}
	if m.stage == "published" {
		if _, err := tx.ExecContext(ctx, "INSERT INTO microproject_objections (project_id, body, public, at) VALUES ($1, $2, TRUE, $3)",
			id, "建议选址避开消防通道，并说明日常由谁维护。", db.Micros(at(3).Add(26*time.Hour))); err != nil {
			return errs.Wrap(err, "demo micro-project objection")
		}
	}
	if last >= 5 {
		for k, pct := range []int{30, progress} {
			if k == 1 && m.stage == "accepted" {
				pct = 100
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO microproject_progress (project_id, percent, note, author_id, at) VALUES ($1, $2, $3, $4, $5)`,
				id, pct, [...]string{"完成采购和进场准备", "主体完成，进入收尾"}[k], author, db.Micros(at(5).AddDate(0, 0, 2+3*k))); err != nil {
				return errs.Wrap(err, "demo micro-project progress")
			}
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO microproject_spending (project_id, amount, item, author_id, at) VALUES ($1, $2, $3, $4, $5)`,
			id, spent, "按合同支付", author, db.Micros(at(5).AddDate(0, 0, 6))); err != nil {
			return errs.Wrap(err, "demo micro-project spending")
		}
	}
	if m.stage == "accepted" {
		for k, r := range []struct {
			stars   int
			comment string
		}{{5, "办事方便多了，感谢社区！"}, {4, "很实用，希望多宣传。"}, {5, ""}}[:1+(ci+i)%3] {
			if _, err := tx.ExecContext(ctx, "INSERT INTO microproject_ratings (project_id, stars, comment, at) VALUES ($1, $2, $3, $4)",
				id, r.stars, r.comment, db.Micros(at(6).AddDate(0, 0, 3+k))); err != nil {
				return errs.Wrap(err, "demo micro-project rating")
			}
		}
	}
	return nil
}
