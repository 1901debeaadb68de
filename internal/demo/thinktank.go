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

// 禾花 community launched Shenzhen's first community-level expert think
// tank on 23 June 2022 and appointed 13 experts in environmental
// protection, electronics, IoT, finance and tax accounting, fire safety and
// health management for three years. The names are made up; the first is
// the demo's expert account. 平湖 community keeps two experts of its own,
// so that a record of another community exists.
var (
	ThinkTankFrom = "2022-06-23"
	ThinkTankTo   = "2025-06-22"
)

type demoExpert struct {
	community, name, field, organisation, title string
	account                                     string // the demo account linked, "" for none
}

var demoExperts = []demoExpert{
	{"PH-HEHUA", "林海涛", "environment", "深圳市环境科学研究院", "高级工程师", "expert"},
	{"PH-HEHUA", "陈雅琴", "environment", "南方科技大学环境学院", "副教授", ""},
	{"PH-HEHUA", "黄志远", "environment", "龙岗区生态环境监测站", "工程师", ""},
	{"PH-HEHUA", "周文斌", "electronics", "华南城电子商会", "高级工程师", ""},
	{"PH-HEHUA", "吴晓峰", "electronics", "深圳某电子科技有限公司", "技术总监", ""},
	{"PH-HEHUA", "郑立新", "iot", "深圳市物联网产业协会", "高级工程师", ""},
	{"PH-HEHUA", "王思远", "iot", "某通信设备企业研究院", "首席架构师", ""},
	{"PH-HEHUA", "刘慧敏", "finance", "某会计师事务所", "注册会计师", ""},
	{"PH-HEHUA", "杨国华", "finance", "某税务师事务所", "注册税务师", ""},
	{"PH-HEHUA", "赵永强", "fire_safety", "龙岗区消防救援大队（退休）", "高级工程师", ""},
	{"PH-HEHUA", "孙丽华", "fire_safety", "某消防技术服务公司", "注册消防工程师", ""},
	{"PH-HEHUA", "马春燕", "health", "平湖社区健康服务中心", "主任医师", ""},
	{"PH-HEHUA", "许建军", "health", "龙岗区职业病防治院", "副主任医师", ""},
	{"PH-PINGHU", "何振东", "fire_safety", "平湖消防站（退休）", "工程师", ""},
	{"PH-PINGHU", "罗美玲", "planning", "某城市规划设计研究院", "高级规划师", ""},
}

// demoConsultation is one consultation of the second half of 2022. by is
// "enterprise" (the n-th enterprise of the community; 0 is the demo
// enterprise account's), "community" or "party_org" (the unit in unit).
// expert indexes demoExperts, -1 for none; answerHours 0 leaves it
// unanswered; rating 0 leaves it unrated.
type demoConsultation struct {
	month, day, hour int
	community        string
	by               string
	enterprise       int
	unit             string
	field, urgency   string
	topic, text      string
	expert           int
	assignHours      int
	answerHours      int
	advice           string
	rating           int
	comment          string
}

var demoConsultations = []demoConsultation{
	{7, 4, 10, "PH-HEHUA", "enterprise", 0, "", "environment", "normal", "电镀废水预处理工艺改造",
		"我司电镀车间废水处理设施老化，拟改造预处理工艺，想了解达标排放的技术路线和投资规模。", 0, 4, 52,
		"建议采用分质分流加膜处理的组合工艺，先做水质监测再定规模；投资约80万元，可申请区环保专项资金。", 5, "方案很实用，已联系设备厂家。"},
	{7, 8, 15, "PH-HEHUA", "community", 0, "", "fire_safety", "urgent", "城中村出租屋消防通道整治",
		"禾花社区部分城中村出租屋楼间距小、消防通道被占用，请专家指导整治标准和顺序。", 9, 1, 20,
		"先清理占道杂物并划线，电动车集中充电；对一线天楼栋加装独立烟感和逃生窗。建议按风险高低分三批整治。", 5, ""},
	{7, 15, 9, "PH-HEHUA", "enterprise", 1, "", "finance", "normal", "高新技术企业研发费用加计扣除",
		"企业今年首次申报高新技术企业，研发费用归集和加计扣除如何操作？", 7, 3, 30,
		"研发费用按项目设辅助账，人员人工按工时分摊；加计扣除比例为100%，可在预缴时享受。附归集模板。", 4, "解答清楚。"},
	{7, 22, 14, "PH-HEHUA", "party_org", 0, "PH-D-DJB", "smart_city", "normal", "社区党群服务中心智能化改造",
		"党建工作办公室计划对禾花社区党群服务中心进行智能化改造，请专家就物联网设备选型提出建议。", 5, 6, 70,
		"建议统一接入街道物联网平台，优先部署人流计数、能耗监测和预约系统，避免多套系统重复建设。", 4, ""},
	{8, 2, 11, "PH-HEHUA", "enterprise", 2, "", "electronics", "normal", "电子产品出口认证",
		"企业计划出口蓝牙耳机到欧盟，需要哪些认证，周期多长？", 3, 2, 26,
		"需CE（RED指令）和RoHS检测，周期约6至8周；建议同步准备WEEE注册。", 5, "很及时。"},
	{8, 10, 10, "PH-HEHUA", "community", 0, "", "health", "normal", "社区长者健康管理服务",
		"社区60岁以上长者约1200人，想建立慢病健康档案和定期随访机制。", 11, 5, 45,
		"依托社康中心建档，按高血压、糖尿病分组随访；每季度一次集中体检，配合家庭医生签约。", 5, ""},
	{8, 18, 16, "PH-HEHUA", "enterprise", 0, "", "fire_safety", "urgent", "厂房锂电池仓库消防",
		"仓库存放锂电池成品约5吨，消防设施是否满足要求？", 10, 1, 8,
		"锂电池仓库应按丙类仓库管理，设置防火分隔和自动喷水灭火系统；电池单独分区，远离热源。", 5, "当天就到现场了。"},
	{8, 29, 9, "PH-HEHUA", "party_org", 0, "LG-PH", "planning", "normal", "禾花片区产业空间规划",
		"街道党工委拟研究禾花片区产业空间布局，请专家提出初步意见。", 5, 24, 160,
		"建议以电子信息和物联网为主导，华南城周边发展商贸物流；预留研发用房，推动工改工。", 4, ""},
	{9, 6, 10, "PH-HEHUA", "enterprise", 3, "", "iot", "normal", "工厂设备联网改造",
		"企业有40台注塑机，想接入设备管理系统实现数据采集。", 6, 4, 48,
		"建议采用边缘网关加MQTT协议采集，先试点10台；可申请市工业互联网专项资助。", 4, ""},
	{9, 14, 15, "PH-HEHUA", "community", 0, "", "environment", "normal", "社区垃圾分类督导",
		"社区垃圾分类准确率不高，想请专家指导督导方案。", 1, 3, 40,
		"定时定点投放，设督导员；对准确率高的楼栋公示表扬。附督导排班表。", 4, "已按方案试行。"},
	{9, 26, 11, "PH-HEHUA", "enterprise", 1, "", "finance", "normal", "留抵退税政策咨询",
		"企业是否符合增值税留抵退税条件，如何申请？", 8, 2, 22,
		"制造业小微企业可一次性退还存量留抵税额，通过电子税务局申请，附所需材料清单。", 5, ""},
	{10, 10, 9, "PH-HEHUA", "enterprise", 2, "", "health", "normal", "员工职业健康体检",
		"企业有200名一线员工接触噪声，职业健康体检如何组织？", 12, 6, 56,
		"噪声作业岗位需岗前、在岗（每年一次）和离岗体检，由有资质的机构承担；建立职业健康档案。", 4, ""},
	{10, 19, 14, "PH-HEHUA", "party_org", 0, "PH-D-DJB", "industry", "normal", "两新组织党建与产业链",
		"党建工作办公室想了解如何依托产业链建立联合党支部。", 4, 5, 90,
		"按电子信息产业链上下游企业组建联合党支部，由链主企业牵头，定期开展技术交流和党建活动。", 5, ""},
	{11, 3, 10, "PH-HEHUA", "enterprise", 0, "", "environment", "normal", "VOCs废气治理",
		"喷涂车间VOCs排放需要治理，有哪些技术路线？", 0, 2, 36,
		"建议采用活性炭吸附加催化燃烧，风量按车间换气次数计算；安装在线监测。", 5, "专业。"},
	{11, 16, 15, "PH-HEHUA", "community", 0, "", "iot", "normal", "智慧社区门禁系统",
		"社区拟建设智能门禁，如何兼顾便利和个人信息保护？", 5, 3, 44,
		"人脸信息应本地存储、最小化采集，并提供刷卡等替代方式；数据留存期限写入管理制度。", 0, ""},
	{11, 28, 9, "PH-HEHUA", "enterprise", 3, "", "electronics", "urgent", "电路板虚焊问题",
		"产线近期电路板虚焊率升高，请专家帮助分析原因。", 4, 1, 0, "", 0, ""},
	{12, 6, 10, "PH-HEHUA", "enterprise", 0, "", "finance", "normal", "年度汇算清缴准备",
		"企业年度企业所得税汇算清缴需要提前准备哪些资料？", 7, 0, 0, "", 0, ""},
	{12, 15, 14, "PH-HEHUA", "party_org", 0, "LG-PH", "environment", "normal", "河道周边环境提升",
		"街道拟对禾花片区河道周边进行环境提升，请专家提出意见。", -1, 0, 0, "", 0, ""},
	{12, 20, 11, "PH-HEHUA", "enterprise", 0, "", "environment", "normal", "危险废物贮存规范",
		"企业危险废物贮存间需要整改，具体要求是什么？", 0, 3, 0, "", 0, ""},
	{8, 12, 10, "PH-PINGHU", "community", 0, "", "fire_safety", "normal", "平湖社区老旧小区消防设施",
		"平湖社区部分老旧小区消火栓缺水，请专家指导排查。", 13, 4, 60,
		"逐栋排查消防水池和稳压泵，协调物业维修；无物业小区由社区统筹。", 4, ""},
	{10, 25, 9, "PH-PINGHU", "community", 0, "", "planning", "normal", "平湖社区公共空间微改造",
		"社区想利用边角地建设口袋公园，请专家指导。", 14, 0, 0, "", 0, ""},
}

func loadThinkTank(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	userID := func(name string) (any, error) {
		var id int64
		err := tx.QueryRowContext(ctx, "SELECT id FROM users WHERE username = $1", name).Scan(&id)
		return id, errs.Wrap(err, "demo think tank user")
	}
	created := db.Micros(time.Date(2022, 6, 23, 10, 0, 0, 0, i18n.Zone))
	expertIDs := make([]int64, len(demoExperts))
	expertUsers := make([]any, len(demoExperts))
	for i, x := range demoExperts {
		var user any
		if x.account != "" {
			u, err := userID(x.account)
			if err != nil {
				return err
			}
			user = u
		}
		expertUsers[i] = user
		if err := tx.QueryRowContext(ctx, `INSERT INTO experts (name, field, organisation, title, community_id, appointed_from,
			appointed_to, mobile, user_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
			x.name, x.field, x.organisation, x.title, st.Units[x.community], ThinkTankFrom, ThinkTankTo, demoMobile(700+i), user,
			created).Scan(&expertIDs[i]); err != nil {
			return errs.Wrap(err, "demo expert")
		}
	}
	enterprises := map[string][]int64{}
	var own int64
	if err := tx.QueryRowContext(ctx, "SELECT COALESCE(enterprise_id, 0) FROM users WHERE username = 'enterprise'").Scan(&own); err != nil {
		return errs.Wrap(err, "demo enterprise account")
	}
	for _, code := range []string{"PH-HEHUA", "PH-PINGHU"} {
		// The demo enterprise account's enterprise first, then the others
		// of the community by id.
		rows, err := tx.QueryContext(ctx, `SELECT id FROM enterprises WHERE community_id = $1
			ORDER BY CASE WHEN id = $2 THEN 0 ELSE 1 END, id LIMIT 4`, st.Units[code], own)
		if err != nil {
			return errs.Wrap(err, "demo think tank enterprises")
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				_ = rows.Close()
				return errs.Wrap(err, "demo think tank enterprises")
			}
			enterprises[code] = append(enterprises[code], id)
		}
		if err := rows.Close(); err != nil {
			return errs.Wrap(err, "demo think tank enterprises")
		}
	}
	for _, c := range demoConsultations {
		at := time.Date(2022, time.Month(c.month), c.day, c.hour, 0, 0, 0, i18n.Zone)
		var enterpriseID, unitID, by any
		var err error
		switch c.by {
		case "enterprise":
			list := enterprises[c.community]
			if c.enterprise >= len(list) {
				return fmt.Errorf("demo think tank: too few enterprises in %s", c.community)
			}
			enterpriseID = list[c.enterprise]
			if list[c.enterprise] == own {
				if by, err = userID("enterprise"); err != nil {
					return err
				}
			}
		case "community":
			unitID = st.Units[c.community]
			if c.community == "PH-HEHUA" {
				if by, err = userID("community"); err != nil {
					return err
				}
			}
		case "party_org":
			unitID = st.Units[c.unit]
			if by, err = userID("office"); err != nil {
				return err
			}
		}
		state := "requested"
		var expert, assigned, answered, rated any
		var events []struct {
			action, state string
			at            int64
		}
		add := func(action, s string, t time.Time) {
			events = append(events, struct {
				action, state string
				at            int64
			}{action, s, db.Micros(t)})
		}
		add("request", "requested", at)
		if c.expert >= 0 && (c.assignHours > 0 || c.answerHours > 0) {
			state, expert = "assigned", expertIDs[c.expert]
			t := at.Add(time.Duration(c.assignHours) * time.Hour)
			assigned = db.Micros(t)
			add("assign", state, t)
		}
		if c.answerHours > 0 {
			state = "answered"
			t := at.Add(time.Duration(c.answerHours) * time.Hour)
			answered = db.Micros(t)
			add("answer", state, t)
		}
		var rating any
		if c.rating > 0 {
			state, rating = "rated", c.rating
			t := at.Add(time.Duration(c.answerHours+30) * time.Hour)
			rated = db.Micros(t)
			add("rate", state, t)
		}
		updated := events[len(events)-1].at
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO consultations (topic, description, field, urgency, requester_kind, community_id,
			requester_unit_id, enterprise_id, expert_id, state, advice, rating, rating_comment, requested_by, requested_at, assigned_at,
			answered_at, rated_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
			RETURNING id`, c.topic, c.text, c.field, c.urgency, c.by, st.Units[c.community], unitID, enterpriseID, expert, state,
			c.advice, rating, c.comment, by, db.Micros(at), assigned, answered, rated, updated).Scan(&id); err != nil {
			return errs.Wrap(err, "demo consultation")
		}
		for _, ev := range events {
			var actor any
			switch ev.action {
			case "request", "rate":
				actor = by
			case "answer":
				actor = expertUsers[c.expert]
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_events (consultation_id, action, state, expert_id, actor_id, at)
				VALUES ($1, $2, $3, $4, $5, $6)`, id, ev.action, ev.state, expert, actor, ev.at); err != nil {
				return errs.Wrap(err, "demo consultation event")
			}
		}
	}
	return nil
}
