package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sort"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/calendar"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
	"pinghu/internal/pii"
)

// The enterprise-service figures of the seed: between 26 and 31 May 2022
// the sub-district's leaders visited all 324 above-scale industrial
// enterprises and collected 326 appeals; as of 1 July 317 were resolved
// and 9 were still being pushed; more than 500 appeals were resolved in
// the first half of 2022.
const (
	AboveScaleEnterprises = 324
	VisitAppeals          = 326
	VisitAppealsResolved  = 317
	OtherEnterprises      = 150
	OtherAppeals          = 230
	OtherResolved         = 210
	OtherRejected         = 6
)

// VisitFrom and VisitTo bound the visiting week, China Standard Time.
var (
	VisitFrom = time.Date(2022, 5, 26, 0, 0, 0, 0, i18n.Zone)
	VisitTo   = time.Date(2022, 5, 31, 0, 0, 0, 0, i18n.Zone)
	// AsOf is the date the seed's figures were reported.
	AsOf = time.Date(2022, 7, 1, 0, 0, 0, 0, i18n.Zone)
)

// gen carries the generator's state through the step.
type gen struct {
	ctx     context.Context
	tx      *sql.Tx
	rnd     *rand.Rand
	cal     calendar.Calendar
	st      *State
	cats    map[string]category
	users   map[string]int64 // username → id
	hash    string           // the demo password's hash, shared by the extra accounts
	names   map[string]bool
	created time.Time
}

type category struct {
	response, resolution calendar.Limit
}

// the people: sub-district leaders each cover two communities, and each
// community has its own enterprise specialist; the demo's "specialist"
// account serves 禾花.
var (
	demoLeaders = []string{"leader", "leader2", "leader3", "leader4", "leader5", "leader6"}
	leaderNames = []string{"", "街道领导二（演示）", "街道领导三（演示）", "街道领导四（演示）", "街道领导五（演示）", "街道领导六（演示）"}
)

func specialistFor(code string) string {
	if code == "PH-HEHUA" {
		return "specialist"
	}
	return "zy-" + code[3:]
}

func loadEnterpriseService(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	// #nosec G404 -- a fixed seed, so that every demo load is the same data; no secret
	g := &gen{ctx: ctx, tx: tx, rnd: rand.New(rand.NewPCG(2022, 526)), st: st, users: map[string]int64{}, names: map[string]bool{},
		created: Epoch}
	var err error
	if g.cal, err = (&calendar.Service{}).Around(ctx, tx, AsOf); err != nil {
		return err
	}
	if err := g.loadCategories(); err != nil {
		return err
	}
	if err := g.people(); err != nil {
		return err
	}
	above, err := g.enterprises(AboveScaleEnterprises, true)
	if err != nil {
		return err
	}
	others, err := g.enterprises(OtherEnterprises, false)
	if err != nil {
		return err
	}
	if err := g.visitsAndAppeals(above); err != nil {
		return err
	}
	if err := g.otherChannelAppeals(above, others); err != nil {
		return err
	}
	// The demo enterprise account speaks for the first enterprise of 禾花.
	if _, err := tx.ExecContext(ctx, `UPDATE users SET enterprise_id = (SELECT min(e.id) FROM enterprises e JOIN units c ON c.id = e.community_id
		WHERE c.code = 'PH-HEHUA' AND e.above_scale = TRUE) WHERE username = 'enterprise'`); err != nil {
		return err
	}
	return env.Audit.Append(ctx, tx, access.System("demo"), audit.Entry{Action: "demo.load", Entity: "enterprise_service",
		After: map[string]int{"enterprises": AboveScaleEnterprises + OtherEnterprises, "visits": AboveScaleEnterprises,
			"appeals": VisitAppeals + OtherAppeals}})
}

func (g *gen) loadCategories() error {
	rows, err := g.tx.QueryContext(g.ctx, "SELECT code, response_n, response_unit, resolution_n, resolution_unit FROM appeal_categories")
	if err != nil {
		return err
	}
	defer rows.Close()
	g.cats = map[string]category{}
	for rows.Next() {
		var code string
		var c category
		if err := rows.Scan(&code, &c.response.N, &c.response.Unit, &c.resolution.N, &c.resolution.Unit); err != nil {
			return err
		}
		g.cats[code] = c
	}
	return rows.Err()
}

// people adds the extra leader and specialist accounts, sharing the demo
// password's hash (hashing each again would only slow the first start).
func (g *gen) people() error {
	rows, err := g.tx.QueryContext(g.ctx, "SELECT id, username, password_hash FROM users")
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var name, hash string
		if err := rows.Scan(&id, &name, &hash); err != nil {
			_ = rows.Close()
			return err
		}
		g.users[name] = id
		if name == "leader" {
			g.hash = hash
		}
	}
	_ = rows.Close()
	add := func(username, display string, role access.Role, unitCode string) error {
		var id int64
		err := g.tx.QueryRowContext(g.ctx, `INSERT INTO users (username, display_name, phone, role, unit_id, password_hash, active,
			password_changed_at, created_at, updated_at) VALUES ($1, $2, '', $3, $4, $5, TRUE, $6, $6, $6) RETURNING id`,
			username, display, role, g.st.Units[unitCode], g.hash, db.Micros(g.created)).Scan(&id)
		g.users[username] = id
		return err
	}
	for i, u := range demoLeaders[1:] {
		if err := add(u, leaderNames[i+1], access.Leader, SubdistrictCode); err != nil {
			return err
		}
	}
	for _, c := range Communities {
		if u := specialistFor(c.Code); g.users[u] == 0 {
			if err := add(u, c.Name+"企业服务专员（演示）", access.Specialist, "PH-D-JJB"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Words for fictional enterprise names; any likeness to a real company is
// chance.
var (
	nameHeads = []string{"华", "鑫", "创", "达", "宏", "科", "瑞", "盛", "泰", "源", "丰", "嘉", "康", "力", "明", "新", "永", "中",
		"天", "恒", "兴", "安", "博", "德", "捷", "凯", "坤", "朗", "立", "隆", "茂", "诺", "鹏", "锐", "顺", "拓", "威", "欣", "旭", "毅"}
	nameTrades = []struct{ word, industry string }{
		{"电子", "C"}, {"精密", "C"}, {"智能科技", "C"}, {"新材料", "C"}, {"光电", "C"}, {"五金制品", "C"}, {"塑胶", "C"},
		{"包装", "C"}, {"电器", "C"}, {"通讯设备", "C"}, {"医疗器械", "C"}, {"模具", "C"}, {"印刷", "C"}, {"家具", "C"},
		{"食品", "C"}, {"服饰", "C"}, {"机电", "C"}, {"半导体", "C"}, {"新能源", "C"}, {"电力", "D"},
	}
	otherTrades = []struct{ word, industry string }{
		{"物流", "G"}, {"贸易", "F"}, {"软件", "I"}, {"信息技术", "I"}, {"餐饮管理", "H"}, {"物业管理", "K"},
		{"建筑工程", "E"}, {"设计咨询", "M"}, {"商务服务", "L"}, {"检测技术", "M"},
	}
	communityWeights = []int{14, 8, 9, 7, 12, 10, 6, 8, 9, 6, 6, 5}
	surnames         = []string{"张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "郑"}
)

type demoEnterprise struct {
	id, community, department, leader, specialist int64
	communityCode                                 string
}

func (g *gen) pick(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	n := g.rnd.IntN(total)
	for i, w := range weights {
		if n < w {
			return i
		}
		n -= w
	}
	return len(weights) - 1
}

func (g *gen) name(trades []struct{ word, industry string }) (string, string) {
	for {
		a, b := nameHeads[g.rnd.IntN(len(nameHeads))], nameHeads[g.rnd.IntN(len(nameHeads))]
		t := trades[g.rnd.IntN(len(trades))]
		n := "深圳市" + a + b + t.word + "有限公司"
		if a != b && !g.names[n] {
			g.names[n] = true
			return n, t.industry
		}
	}
}

const orgAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditCode makes a valid code registered in Longgang (440307).
func (g *gen) creditCode() (string, error) {
	b := []byte("91440307MA5")
	for len(b) < 17 {
		b = append(b, orgAlphabet[g.rnd.IntN(len(orgAlphabet))])
	}
	return pii.MakeCreditCode(string(b))
}

func (g *gen) enterprises(n int, aboveScale bool) ([]demoEnterprise, error) {
	out := make([]demoEnterprise, 0, n)
	depts := []string{"PH-D-JJB", "PH-D-JJB", "PH-D-JJB", "PH-D-CJB", "PH-D-YJB", "PH-D-GTB", "PH-D-GGB"}
	for i := 0; i < n; i++ {
		ci := g.pick(communityWeights)
		comm := Communities[ci]
		trades := nameTrades
		if !aboveScale {
			trades = otherTrades
		}
		name, industry := g.name(trades)
		code, err := g.creditCode()
		if err != nil {
			return nil, err
		}
		e := demoEnterprise{community: g.st.Units[comm.Code], communityCode: comm.Code,
			department: g.st.Units[depts[g.rnd.IntN(len(depts))]],
			leader:     g.users[demoLeaders[ci/2]], specialist: g.users[specialistFor(comm.Code)]}
		var specialist any = e.specialist
		// Some smaller enterprises still lack a specialist: the
		// "incomplete assignment" list has something to show.
		if !aboveScale && i%4 == 0 {
			specialist, e.specialist = nil, 0
		}
		top100 := aboveScale && i%8 == 0
		err = g.tx.QueryRowContext(g.ctx, `INSERT INTO enterprises (name, credit_code, community_id, address, industry, above_scale, top100,
			status, leader_id, department_id, specialist_id, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'operating', $8, $9, $10, $11, $11) RETURNING id`,
			name, code, e.community, fmt.Sprintf("深圳市龙岗区平湖街道%s工业区%d栋", comm.Name[:len(comm.Name)-len("社区")], 1+g.rnd.IntN(30)),
			industry, aboveScale, top100, e.leader, e.department, specialist, db.Micros(g.created)).Scan(&e.id)
		if err != nil {
			return nil, err
		}
		if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO assignment_history (enterprise_id, leader_id, department_id, specialist_id, changed_at, note)
			VALUES ($1, $2, $3, $4, $5, '四个一分级服务机制（2022年5月11日）')`, e.id, e.leader, e.department, specialist,
			db.Micros(time.Date(2022, 5, 11, 9, 0, 0, 0, i18n.Zone))); err != nil {
			return nil, err
		}
		base := int64(20_000_000 + g.rnd.IntN(480_000_000))
		if !aboveScale {
			base /= 10
		}
		for y, v := range map[int]int64{2021: base, 2022: base + base*int64(g.rnd.IntN(30)-8)/100} {
			if _, err := g.tx.ExecContext(g.ctx, "INSERT INTO enterprise_outputs (enterprise_id, year, value_yuan) VALUES ($1, $2, $3)", e.id, y, v); err != nil {
				return nil, err
			}
		}
		phone := fmt.Sprintf("1%d%09d", 3+g.rnd.IntN(7), g.rnd.IntN(1_000_000_000))
		title := []string{"先生", "女士"}[g.rnd.IntN(2)]
		if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO enterprise_contacts (enterprise_id, name, position, phone, is_primary, created_at, updated_at)
			VALUES ($1, $2, $3, $4, TRUE, $5, $5)`, e.id, surnames[g.rnd.IntN(len(surnames))]+title,
			[]string{"行政经理", "总经理助理", "人事主管", "办公室主任"}[g.rnd.IntN(4)], phone, db.Micros(g.created)); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// at returns a time on day d (China Standard Time) at hh:mm.
func at(d time.Time, hh, mm int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), hh, mm, 0, 0, i18n.Zone)
}

var categoryWeights = []struct {
	code   string
	weight int
}{{"policy", 25}, {"space_land", 15}, {"financing", 12}, {"talent_housing", 12}, {"permits", 12}, {"infrastructure", 12}, {"labour", 8}, {"other", 4}}

// departmentFor routes a category to the office that handles it.
var departmentFor = map[string]string{
	"policy": "PH-D-JJB", "financing": "PH-D-JJB", "permits": "PH-D-JJB", "labour": "PH-D-JJB",
	"space_land": "PH-D-TZB", "infrastructure": "PH-D-CJB", "talent_housing": "PH-D-GGB", "other": "PH-D-DZB",
}

var appealTitles = map[string][]string{
	"policy":         {"咨询稳岗补贴申报条件", "咨询技术改造扶持政策", "咨询疫情纾困租金减免", "咨询规上企业奖励政策"},
	"space_land":     {"申请扩大生产用地", "厂房租约到期续租困难", "需要新增仓储空间", "园区产业空间调整"},
	"financing":      {"申请贴息贷款对接", "流动资金周转困难", "希望对接银行授信"},
	"talent_housing": {"员工人才住房申请", "技术人才落户咨询", "员工宿舍配套不足"},
	"permits":        {"环评审批进度咨询", "消防验收办理", "排污许可证延续"},
	"infrastructure": {"厂区周边道路破损", "园区供电容量不足", "雨季排水不畅", "厂区门前路灯损坏"},
	"labour":         {"招工难需对接劳务资源", "员工通勤公交线路", "用工培训需求"},
	"other":          {"企业周边环境整治", "其他事项协调"},
}

func (g *gen) category() string {
	w := make([]int, len(categoryWeights))
	for i, c := range categoryWeights {
		w[i] = c.weight
	}
	return categoryWeights[g.pick(w)].code
}

// appealPlan is how one demo appeal's history unfolds.
type appealPlan struct {
	enterprise             demoEnterprise
	channel                string
	visitID                int64
	submitted              time.Time
	resolveBy              time.Time // the resolution happens before this, or never if zero
	rejected, late, reopen bool
	supervised             bool
}

func (g *gen) visitsAndAppeals(above []demoEnterprise) error {
	// Appeals per enterprise: mostly one, some two or three, some none,
	// adding up to exactly 326.
	counts := make([]int, len(above))
	total := 0
	for i := range counts {
		counts[i] = []int{0, 1, 1, 1, 1, 2}[g.rnd.IntN(6)]
		total += counts[i]
	}
	for total != VisitAppeals {
		i := g.rnd.IntN(len(counts))
		if total < VisitAppeals && counts[i] < 3 {
			counts[i]++
			total++
		} else if total > VisitAppeals && counts[i] > 0 {
			counts[i]--
			total--
		}
	}
	var plans []appealPlan
	days := int(VisitTo.Sub(VisitFrom).Hours()/24) + 1
	for i, e := range above {
		day := VisitFrom.AddDate(0, 0, i*days/len(above))
		start := at(day, 9+g.rnd.IntN(8), []int{0, 15, 30, 45}[g.rnd.IntN(4)])
		var visitID int64
		err := g.tx.QueryRowContext(g.ctx, `INSERT INTO visits (enterprise_id, visit_date, form, findings, created_by, created_at)
			VALUES ($1, $2, 'on_site', $3, $4, $5) RETURNING id`, e.id, day.Format(time.DateOnly),
			visitFindings(i), e.specialist, db.Micros(start.Add(2*time.Hour))).Scan(&visitID)
		if err != nil {
			return err
		}
		for _, uid := range []int64{e.leader, e.specialist} {
			if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO visit_people (visit_id, user_id, name) SELECT $1, id, display_name FROM users WHERE id = $2`,
				visitID, uid); err != nil {
				return err
			}
		}
		for k := 0; k < counts[i]; k++ {
			plans = append(plans, appealPlan{enterprise: e, channel: "visit", visitID: visitID, submitted: start.Add(time.Duration(10+k) * time.Minute)})
		}
	}
	// 317 resolved by 1 July; the other 9 are still being pushed then and
	// are resolved in the second half of the year.
	order := g.rnd.Perm(len(plans))
	for rank, i := range order {
		p := &plans[i]
		if rank < VisitAppeals-VisitAppealsResolved {
			p.resolveBy = time.Date(2022, time.Month(8+rank%3), 10+rank, 12, 0, 0, 0, i18n.Zone)
			p.supervised = rank < 5
		} else {
			p.resolveBy = AsOf
			p.late = rank%9 == 0
			p.reopen = rank%61 == 0
		}
	}
	return g.writeAppeals(plans)
}

func (g *gen) otherChannelAppeals(above, others []demoEnterprise) error {
	channels := []string{"hotline", "hotline", "online", "online", "service_day", "other"}
	var plans []appealPlan
	h1 := time.Date(2022, 1, 4, 0, 0, 0, 0, i18n.Zone)
	for i := 0; i < OtherAppeals; i++ {
		var e demoEnterprise
		if i%3 == 0 {
			e = above[g.rnd.IntN(len(above))]
		} else {
			e = others[g.rnd.IntN(len(others))]
		}
		// Spread over the first half-year, away from the visiting week so
		// that its figures are the visits' alone.
		var day time.Time
		for {
			day = h1.AddDate(0, 0, g.rnd.IntN(176))
			if (day.Before(VisitFrom) || day.After(VisitTo)) && g.cal.IsWorkday(day) {
				break
			}
		}
		p := appealPlan{enterprise: e, channel: channels[g.rnd.IntN(len(channels))], submitted: at(day, 9+g.rnd.IntN(8), g.rnd.IntN(60))}
		switch {
		case i < OtherRejected:
			p.rejected = true
		case i < OtherRejected+OtherResolved:
			p.resolveBy = AsOf
			p.late = i%11 == 0
		default:
			p.resolveBy = time.Date(2022, 7, 20+i%10, 15, 0, 0, 0, i18n.Zone)
		}
		plans = append(plans, p)
	}
	// Appeals that would only resolve after 1 July must not be submitted
	// too close to it to be believable; none are after it anyway.
	sort.SliceStable(plans, func(i, j int) bool { return plans[i].submitted.Before(plans[j].submitted) })
	return g.writeAppeals(plans)
}
