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

// The 2022 research-and-brainstorm phase (大调研大讨论, 寻计问策) collected
// proposals from cadres and residents between 16 April and 16 May. Some
// were adopted, and a few became rules in force by the summer (建章立制);
// some were declined with a reason; some are still being evaluated.
var (
	ProposalsFrom = time.Date(2022, 4, 16, 0, 0, 0, 0, i18n.Zone)
	ProposalsTo   = time.Date(2022, 5, 16, 0, 0, 0, 0, i18n.Zone)
)

// demoProposal is one proposal of the demo. by is a demo account's user
// name for a cadre's, "" for a resident's (name and mobile then given).
type demoProposal struct {
	day, hour      int // of April (day > 0) or May (day < 0 means May -day)
	by             string
	name, mobile   string
	community      string
	title, body    string
	unit           string // the unit assigned to evaluate it, "" for none
	state          string
	reason         string
	decidedDay     int    // of May
	rule           string // the key of the rule it became
	feasibility    int
	value          int
	evaluationNote string
}

var demoProposals = []demoProposal{
	{day: 18, hour: 10, by: "office", community: "PH-PINGHU", title: "建立重点项目督办台账和周报制度",
		body: "街道32个重点项目和9个重点关注项目由多个部门推进，进度信息分散。建议督查督办室建立统一台账，每周汇总进度，对滞后项目发督办单，限期回复。",
		unit: "PH-D-DCB", state: "adopted", decidedDay: 10, rule: "督办", feasibility: 5, value: 5, evaluationNote: "可行，与区督查考核要求一致。"},
	{day: 20, hour: 15, by: "dept", community: "PH-HEHUA", title: "企业诉求一个工作日内签收、三个工作日内办结",
		body: "走访中企业反映诉求转办环节多、答复慢。建议明确首接负责，诉求一个工作日内签收，一般诉求三个工作日内办结，超时自动提醒分管领导。",
		unit: "PH-D-JJB", state: "adopted", decidedDay: 12, rule: "诉求", feasibility: 4, value: 5, evaluationNote: "建议与企业服务\"四个一\"机制衔接。"},
	{day: 22, hour: 9, name: "陈建华", mobile: "13823456781", community: "PH-HEHUA", title: "禾花社区增设夜间路灯",
		body: "禾花社区华南城至禾花路段夜间照明不足，下班回家不安全，建议增设路灯。联系电话 13823456781。",
		unit: "PH-D-CJB", state: "adopted", decidedDay: 9, feasibility: 5, value: 4, evaluationNote: "已纳入城市建设办公室年度计划。"},
	{day: 24, hour: 11, by: "community", community: "PH-HEHUA", title: "社区网格员巡查发现问题当日流转",
		body: "网格员巡查发现的安全隐患和市容问题，建议当日录入、当日流转到责任部门，形成闭环。",
		unit: "PH-D-SQB", state: "adopted", decidedDay: 13, rule: "网格", feasibility: 4, value: 4, evaluationNote: "先在禾花社区试行。"},
	{day: 26, hour: 16, name: "李淑芬", mobile: "13612345672", community: "PH-PINGHU", title: "平湖地铁站周边非机动车停放管理",
		body: "地铁站出口共享单车乱停放，占用盲道，建议划定停放区并安排巡查。",
		unit: "PH-D-CGB", state: "under_evaluation", feasibility: 4, value: 3, evaluationNote: "需与轨道公司协调用地。"},
	{day: 28, hour: 10, name: "", mobile: "", community: "PH-SHANXIA", title: "山厦社区老旧小区加装电梯",
		body: "山厦社区部分老旧小区居民年龄偏大，上下楼困难，建议推动加装电梯并提供补贴政策解读。",
		unit: "PH-D-GGB", state: "under_evaluation"},
	{day: 29, hour: 14, by: "leader", community: "PH-FENGHUANG", title: "土地整备项目群众诉求专班",
		body: "四个大型土地整备项目同时推进，群众诉求集中。建议每个项目成立诉求专班，每周接访一次，问题清单化管理。",
		unit: "PH-D-TZB", state: "under_evaluation", feasibility: 4, value: 5, evaluationNote: "与项目指挥部职责需进一步厘清。"},
	{day: 30, hour: 9, name: "张伟", mobile: "13712345683", community: "PH-XINMU", title: "新木社区增设儿童游乐设施",
		body:  "新木社区公园缺少儿童游乐设施，建议增设并定期维护。",
		state: "submitted"},
	{day: -3, hour: 20, name: "王芳", mobile: "", community: "PH-LIANGANTIAN", title: "良安田社区菜市场周边交通疏导",
		body:  "早高峰菜市场周边车辆拥堵，建议设置临时停车点并安排交通协管员。",
		state: "submitted"},
	{day: -5, hour: 10, name: "刘强", mobile: "13912345694", community: "PH-PINGHU", title: "在街道办开设24小时自助政务服务区",
		body:  "上班族白天没时间办事，建议开设24小时自助服务区。",
		state: "declined", reason: "区政务服务中心已在平湖设有24小时自助服务点，本街道不再重复建设，已告知具体位置。", decidedDay: 14},
	{day: -6, hour: 15, by: "dept", community: "PH-HEHUA", title: "为规上企业每家配备专属法律顾问",
		body: "建议街道出资为每家规上工业企业配备专属法律顾问。",
		unit: "PH-D-JJB", state: "declined", reason: "经费不在街道预算范围内；改为组织律师进企业服务日，按需对接。", decidedDay: 15,
		feasibility: 2, value: 3, evaluationNote: "费用较高，可替代方案见决定。"},
	{day: -8, hour: 11, name: "赵敏", mobile: "13512345605", community: "PH-BAINIKENG", title: "白泥坑社区河道每日保洁",
		body:  "白泥坑河道垃圾较多，建议每日保洁。",
		state: "declined", reason: "河道已由区水务部门按日保洁，所反映点位已转交区水务局处理。", decidedDay: 16},
	{day: -10, hour: 9, by: "office", community: "PH-PINGHU", title: "干部能力作风提升年学习打卡",
		body: "建议各部门每周组织一次集中学习，学习情况纳入年度考核参考。",
		unit: "PH-D-DJB", state: "under_evaluation"},
	{day: -12, hour: 17, name: "", mobile: "13812345616", community: "PH-HEHUA", title: "禾花社区企业招工信息集中发布",
		body: "建议社区公众号每周集中发布辖区企业招工信息，方便居民就近就业。",
		unit: "PH-HEHUA", state: "submitted"},
}

// demoRule is a rule of the demo with its versions, oldest first.
type demoRule struct {
	key, number, title, unit, status, effective string
	createdDay                                  int // of May
	versions                                    []string
	comments                                    []string
}

var demoRules = []demoRule{
	{key: "督办", number: "平湖办〔2022〕8号", title: "重点项目督办工作制度", unit: "PH-D-DCB", status: "in_force", effective: "2022-06-01", createdDay: 11,
		versions: []string{
			"第一条 为推动街道重点项目按期完成，制定本制度。\n第二条 督查督办室建立重点项目台账，每周汇总进度。\n第三条 对进度滞后的项目发出督办单，责任部门五个工作日内书面回复。\n第四条 本制度自发布之日起施行。",
			"第一条 为推动街道重点项目按期完成，制定本制度。\n第二条 督查督办室建立重点项目台账，每周汇总进度，报街道主要领导。\n第三条 对进度滞后的项目发出督办单，责任部门三个工作日内书面回复。\n第四条 逾期未回复的，列入督办通报，并作为年度考核参考。\n第五条 本制度自2022年6月1日起施行。",
		},
		comments: []string{"", "缩短回复时限，增加逾期通报"}},
	{key: "诉求", number: "平湖经服〔2022〕3号", title: "企业诉求快速响应机制", unit: "PH-D-JJB", status: "in_force", effective: "2022-06-15", createdDay: 13,
		versions: []string{
			"第一条 企业诉求实行首接负责制。\n第二条 诉求一个工作日内签收，一般诉求五个工作日内办结。\n第三条 企业对办理结果不满意的，可在十五日内申请重新办理。",
			"第一条 企业诉求实行首接负责制。\n第二条 诉求一个工作日内签收，一般诉求三个工作日内办结；政策咨询类24小时内答复。\n第三条 企业对办理结果不满意的，可在十五日内申请重新办理。\n第四条 超时未办结的诉求，系统自动提醒分管领导并列入督办。",
		},
		comments: []string{"", "办结时限由五个工作日缩短为三个工作日"}},
	{key: "网格", number: "禾花〔2022〕1号", title: "网格巡查问题当日流转办法（试行）", unit: "PH-HEHUA", status: "draft", createdDay: 16,
		versions: []string{"第一条 网格员巡查发现的问题当日录入。\n第二条 社区工作站当日流转至责任部门。"},
		comments: []string{""}},
	{key: "", number: "平湖党建〔2022〕5号", title: "党建引领攻坚项目管理办法", unit: "PH-D-DJB", status: "in_force", effective: "2022-05-17", createdDay: 6,
		versions: []string{"第一条 党建引领攻坚项目由党支部牵头，明确牵头干部、责任部门和完成时限。\n第二条 项目进展每月报告一次。\n第三条 攻坚成效作为干部年度考核、评优评先和提拔使用的参考。"},
		comments: []string{""}},
}

func loadProposals(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	users := map[string]struct{ id, unit int64 }{}
	rows, err := tx.QueryContext(ctx, "SELECT username, id, COALESCE(unit_id, 0) FROM users")
	if err != nil {
		return errs.Wrap(err, "demo users")
	}
	for rows.Next() {
		var name string
		var u struct{ id, unit int64 }
		if err := rows.Scan(&name, &u.id, &u.unit); err != nil {
			rows.Close()
			return errs.Wrap(err, "demo users")
		}
		users[name] = u
	}
	rows.Close()
	day := func(d, hour int) time.Time {
		if d < 0 {
			return time.Date(2022, 5, -d, hour, 0, 0, 0, i18n.Zone).UTC()
		}
		return time.Date(2022, 4, d, hour, 0, 0, 0, i18n.Zone).UTC()
	}
	ruleIDs := map[string]int64{}
	for _, r := range demoRules {
		created := time.Date(2022, 5, r.createdDay, 16, 0, 0, 0, i18n.Zone).UTC()
		updated := created.Add(time.Duration(len(r.versions)-1) * 72 * time.Hour)
		var effective any
		if r.effective != "" {
			effective = r.effective
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO rules (number, title, unit_id, effective_on, status, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, r.number, r.title, st.Units[r.unit], effective, r.status,
			users["office"].id, db.Micros(created), db.Micros(updated)).Scan(&id); err != nil {
			return errs.Wrap(err, "demo rule")
		}
		for i, body := range r.versions {
			at := created.Add(time.Duration(i) * 72 * time.Hour)
			if _, err := tx.ExecContext(ctx, `INSERT INTO rule_versions (rule_id, version, body, comment, author_id, at) VALUES ($1, $2, $3, $4, $5, $6)`,
				id, i+1, body, r.comments[i], users["office"].id, db.Micros(at)); err != nil {
				return errs.Wrap(err, "demo rule version")
			}
		}
		if r.key != "" {
			ruleIDs[r.key] = id
		}
	}
	for i, p := range demoProposals {
		submitted := day(p.day, p.hour)
		source, by, origin := "resident", any(nil), any(nil)
		if p.by != "" {
			source, by, origin = "cadre", users[p.by].id, users[p.by].unit
		}
		var unit, decided any
		if p.unit != "" {
			unit = st.Units[p.unit]
		}
		updated := submitted.Add(48 * time.Hour)
		if p.decidedDay > 0 {
			t := time.Date(2022, 5, p.decidedDay, 11, 0, 0, 0, i18n.Zone).UTC()
			decided, updated = db.Micros(t), t
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO proposals (receipt, source, title, body, community_id, origin_unit_id, unit_id,
			submitted_by, resident_name, resident_mobile, state, decline_reason, submitted_at, decided_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			fmt.Sprintf("JD-2022-%04d", 417+i*37), source, p.title, p.body, st.Units[p.community], origin, unit, by,
			p.name, p.mobile, p.state, p.reason, db.Micros(submitted), decided, db.Micros(updated)).Scan(&id); err != nil {
			return errs.Wrap(err, "demo proposal")
		}
		if p.evaluationNote != "" {
			evaluator := users["office"]
			if p.unit == "PH-D-JJB" {
				evaluator = users["dept"]
			}
			var feas, val any
			if p.feasibility > 0 {
				feas, val = p.feasibility, p.value
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO proposal_evaluations (proposal_id, author_id, unit_id, feasibility, value, comment, at)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, evaluator.id, evaluator.unit, feas, val, p.evaluationNote,
				db.Micros(submitted.Add(24*time.Hour))); err != nil {
				return errs.Wrap(err, "demo evaluation")
			}
		}
		if p.rule != "" {
			if _, err := tx.ExecContext(ctx, "INSERT INTO rule_proposals (rule_id, proposal_id) VALUES ($1, $2)", ruleIDs[p.rule], id); err != nil {
				return errs.Wrap(err, "demo rule link")
			}
		}
	}
	return nil
}
