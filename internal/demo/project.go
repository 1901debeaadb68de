package demo

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"

	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// The campaign's projects as the seed report counts them: 98 projects
// listed by the higher level, 32 sub-district key projects of which 9
// need special attention, the 20 branch-led 攻坚 projects launched on
// 17 May 2022 across the seven fields, and four large land-consolidation
// projects (among the 32), two of them on the district's list of eight.
// Milestones and monthly reports run through 2022, some late, some
// behind.
const (
	UpperLevelProjects       = 98
	KeyProjects              = 32
	SpecialAttentionProjects = 9
	BranchLedProjects        = 20
)

// ProjectLaunch is the day the branch-led projects were launched.
var ProjectLaunch = time.Date(2022, 5, 17, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))

// branchLed are the 20 攻坚 projects: field, lead unit, name.
var branchLed = []struct{ field, unit, name string }{
	{"land", "PH-HEHUA", "禾花社区旧村土地整备攻坚"},
	{"land", "PH-D-TZB", "平湖南片区土地整备利益统筹攻坚"},
	{"land", "PH-SHANXIA", "山厦社区违建清拆与土地整备攻坚"},
	{"epidemic", "PH-PINGHU", "平湖社区疫情防控“三站一岗”攻坚"},
	{"epidemic", "PH-D-GGB", "重点人群疫苗接种攻坚"},
	{"epidemic", "PH-FUCHENGAO", "辅城坳社区城中村封控管理攻坚"},
	{"safety", "PH-D-YJB", "工业园区消防安全隐患整治攻坚"},
	{"safety", "PH-LIANGANTIAN", "良安田社区“三小场所”安全整治攻坚"},
	{"safety", "PH-HEHUA", "禾花社区出租屋消防安全攻坚"},
	{"traffic", "PH-D-PAB", "电动自行车交通违法整治攻坚"},
	{"traffic", "PH-FENGHUANG", "凤凰社区校园周边交通安全攻坚"},
	{"traffic", "PH-D-CJB", "平湖大街交通拥堵治理攻坚"},
	{"petitions", "PH-D-PAB", "信访积案化解攻坚"},
	{"petitions", "PH-BAINIKENG", "白泥坑社区劳资纠纷调处攻坚"},
	{"petitions", "PH-PINGHU", "平湖社区历史遗留问题化解攻坚"},
	{"governance", "PH-D-SQB", "“党建+网格”基层治理攻坚"},
	{"governance", "PH-XINMU", "新木社区楼栋长队伍建设攻坚"},
	{"governance", "PH-EGONGLING", "鹅公岭社区民生微实事攻坚"},
	{"appearance", "PH-D-CGB", "市容环境品质提升攻坚"},
	{"appearance", "PH-SHANGMUGU", "上木古社区城中村综合整治攻坚"},
}

// keyProjects are the sub-district's 32: field, lead unit, name, special
// attention, on the district's eight land-consolidation list. The first
// nine need special attention; four are the large land-consolidation
// projects.
var keyProjects = []struct {
	field, unit, name string
	special, eight    bool
}{
	{"traffic", "PH-D-CJB", "清平高速甘坑立交", true, false},
	{"livelihood", "PH-D-GGB", "深圳外国语学校", true, false},
	{"land", "PH-D-TZB", "平湖枢纽片区土地整备", true, true},
	{"land", "PH-D-TZB", "山厦片区土地整备利益统筹项目", true, true},
	{"industry", "PH-D-JJB", "平湖金融与现代服务业基地", true, false},
	{"renewal", "PH-D-CJB", "平湖中心区城市更新", true, false},
	{"livelihood", "PH-D-GGB", "平湖医院改扩建", true, false},
	{"industry", "PH-D-JJB", "华南城产业升级", true, false},
	{"traffic", "PH-D-CJB", "平湖大道改造", true, false},
	{"land", "PH-D-TZB", "白泥坑片区土地整备", false, false},
	{"land", "PH-D-TZB", "鹅公岭片区土地整备", false, false},
	{"livelihood", "PH-D-GGB", "平湖街道综合文体中心", false, false},
	{"appearance", "PH-FENGHUANG", "凤凰社区公园提升", false, false},
	{"renewal", "PH-HEHUA", "禾花片区城市更新", false, false},
	{"renewal", "PH-FUCHENGAO", "辅城坳工业区改造", false, false},
	{"renewal", "PH-D-CJB", "平湖北站片区规划", false, false},
	{"governance", "PH-LICHANG", "力昌社区党群服务中心改造", false, false},
	{"livelihood", "PH-XINNAN", "新南小学新建", false, false},
	{"livelihood", "PH-D-GGB", "平湖第二中学扩建", false, false},
	{"livelihood", "PH-SHANXIA", "山厦学校建设", false, false},
	{"appearance", "PH-LIANGANTIAN", "良安田片区排水管网改造", false, false},
	{"renewal", "PH-EGONGLING", "鹅公岭老屋村保护利用", false, false},
	{"renewal", "PH-PINGHU", "平湖古墟活化", false, false},
	{"appearance", "PH-SHANGMUGU", "上木古新村综合整治", false, false},
	{"industry", "PH-XINMU", "新木产业园建设", false, false},
	{"appearance", "PH-BAINIKENG", "白泥坑水库环境提升", false, false},
	{"appearance", "PH-D-CGB", "平湖生态园提升", false, false},
	{"traffic", "PH-D-CJB", "富民路市政道路工程", false, false},
	{"traffic", "PH-D-CJB", "平新北路改造", false, false},
	{"livelihood", "PH-D-GGB", "平湖街道社康中心新建", false, false},
	{"industry", "PH-D-JJB", "平湖海关监管区升级", false, false},
	{"renewal", "PH-FUCHENGAO", "辅城坳宿舍区改造", false, false},
}

// upperTopics name the higher level's tasks by field; the 98 cycle
// through them with the district's item numbers.
var upperTopics = []struct{ field, unit, topic string }{
	{"land", "PH-D-TZB", "土地整备任务"},
	{"safety", "PH-D-YJB", "安全生产专项整治"},
	{"epidemic", "PH-D-GGB", "疫情防控常态化任务"},
	{"traffic", "PH-D-PAB", "道路交通安全整治"},
	{"petitions", "PH-D-PAB", "矛盾纠纷排查化解"},
	{"governance", "PH-D-SQB", "基层治理能力提升"},
	{"appearance", "PH-D-CGB", "市容环境整治"},
	{"renewal", "PH-D-CJB", "城市更新推进"},
	{"industry", "PH-D-JJB", "产业空间保障"},
	{"livelihood", "PH-D-GGB", "民生实事"},
	{"governance", "PH-HEHUA", "禾花社区治理任务"},
	{"appearance", "PH-PINGHU", "平湖社区环境任务"},
}

// projectGen carries the step's state.
type projectGen struct {
	ctx   context.Context
	tx    *sql.Tx
	rnd   *rand.Rand
	st    *State
	users map[string]int64
	names map[string]string // unit code → name
	end   string            // the last day the demo records: done dates and reports stop here
}

// projectPlan is one project to write.
type projectPlan struct {
	kind, field, unit, name, branch string
	lists                           []string
	start, target, closed           string
	created                         time.Time
	cadre                           string
	departments                     []string
	members                         []string
	// lag is how far the reports trail the elapsed time; silentFrom stops
	// reports after that date.
	lag        int
	silentFrom string
}

func loadProjects(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	// #nosec G404 -- a fixed seed, so that every demo load is the same data; no secret
	g := &projectGen{ctx: ctx, tx: tx, rnd: rand.New(rand.NewPCG(2022, 517)), st: st, users: map[string]int64{},
		names: map[string]string{}, end: "2022-12-15"}
	if err := g.load(); err != nil {
		return err
	}
	var plans []projectPlan
	for i := range UpperLevelProjects {
		t := upperTopics[i%len(upperTopics)]
		start := day(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.rnd.IntN(150)))
		target := day(time.Date(2022, 6, 30, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 30*g.rnd.IntN(19)))
		p := projectPlan{kind: "key", field: t.field, unit: t.unit, name: fmt.Sprintf("区级第%d项：%s", i+1, t.topic),
			lists: []string{"upper_level"}, start: start, target: target,
			created: time.Date(2022, 2, 15, 10, 0, 0, 0, ProjectLaunch.Location()), cadre: demoLeaders[i%len(demoLeaders)]}
		if target <= "2022-11-30" && g.rnd.IntN(10) < 6 {
			p.closed = day(mustDay(target).AddDate(0, 0, -g.rnd.IntN(20)))
		}
		plans = append(plans, g.vary(p))
	}
	for i, k := range keyProjects {
		lists := []string{"key"}
		if k.special {
			lists = append(lists, "special_attention")
		}
		if k.eight {
			lists = append(lists, "district_land_eight")
		}
		target := day(time.Date(2022, 12, 31, 0, 0, 0, 0, time.UTC).AddDate(g.rnd.IntN(3), 0, 0))
		p := projectPlan{kind: "key", field: k.field, unit: k.unit, name: k.name, lists: lists, start: "2022-03-01", target: target,
			created: time.Date(2022, 3, 1, 10, 0, 0, 0, ProjectLaunch.Location()), cadre: demoLeaders[i%len(demoLeaders)]}
		plans = append(plans, g.vary(p))
	}
	for i, b := range branchLed {
		target := "2022-12-31"
		if i%3 == 1 {
			target = "2022-11-30"
		}
		branch := g.names[b.unit] + "党委"
		if b.unit[:5] == "PH-D-" {
			branch = g.names[b.unit] + "党支部"
		}
		p := projectPlan{kind: "branch_led", field: b.field, unit: b.unit, name: b.name, branch: branch, lists: []string{},
			start: "2022-05-17", target: target, created: ProjectLaunch, cadre: demoLeaders[i%len(demoLeaders)]}
		plans = append(plans, g.vary(p))
	}
	for _, p := range plans {
		if err := g.write(p); err != nil {
			return err
		}
	}
	return nil
}

// load reads the accounts and unit names the step refers to.
func (g *projectGen) load() error {
	rows, err := g.tx.QueryContext(g.ctx, "SELECT id, username FROM users")
	if err != nil {
		return errs.Wrap(err, "demo users")
	}
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			_ = rows.Close()
			return errs.Wrap(err, "demo users")
		}
		g.users[name] = id
	}
	_ = rows.Close()
	rows, err = g.tx.QueryContext(g.ctx, "SELECT code, name FROM units")
	if err != nil {
		return errs.Wrap(err, "demo units")
	}
	for rows.Next() {
		var code, name string
		if err := rows.Scan(&code, &name); err != nil {
			_ = rows.Close()
			return errs.Wrap(err, "demo units")
		}
		g.names[code] = name
	}
	return errs.Wrap(rows.Close(), "demo units")
}

// vary adds responsible departments, members and the reporting habit.
func (g *projectGen) vary(p projectPlan) projectPlan {
	deps := []string{"PH-D-DCB"}
	if p.unit[:5] != "PH-D-" {
		deps = append(deps, upperTopics[g.rnd.IntN(10)].unit)
	}
	if p.field == "industry" || g.rnd.IntN(8) == 0 {
		deps = append(deps, "PH-D-JJB")
	}
	p.departments = deps
	switch p.unit {
	case "PH-HEHUA":
		p.members = []string{"community"}
	case "PH-D-JJB":
		p.members = []string{"dept"}
	}
	switch n := g.rnd.IntN(100); {
	case n < 12:
		p.lag = 25 + g.rnd.IntN(15)
	case n < 17:
		p.silentFrom = "2022-06-01"
	default:
		p.lag = g.rnd.IntN(12) - 4
	}
	return p
}

func (g *projectGen) write(p projectPlan) error {
	created := db.Micros(p.created)
	var closed any
	if p.closed != "" {
		closed = p.closed
	}
	var id int64
	err := g.tx.QueryRowContext(g.ctx, `INSERT INTO projects (kind, name, field, lead_unit_id, lead_branch, lead_cadre_id, goals,
		start_date, target_date, location, closed_date, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		p.kind, p.name, p.field, g.st.Units[p.unit], p.branch, g.users[p.cadre], "按期完成"+p.name+"各项任务，形成可复制的经验。",
		p.start, p.target, g.names[p.unit], closed, created).Scan(&id)
	if err != nil {
		return errs.Wrap(err, "demo project "+p.name)
	}
	for _, l := range p.lists {
		if _, err := g.tx.ExecContext(g.ctx, "INSERT INTO project_lists (project_id, list) VALUES ($1, $2)", id, l); err != nil {
			return errs.Wrap(err, "demo project list")
		}
	}
	seen := map[string]bool{p.unit: true}
	for _, d := range p.departments {
		if seen[d] {
			continue
		}
		seen[d] = true
		if _, err := g.tx.ExecContext(g.ctx, "INSERT INTO project_departments (project_id, unit_id) VALUES ($1, $2)", id, g.st.Units[d]); err != nil {
			return errs.Wrap(err, "demo project department")
		}
	}
	for _, m := range p.members {
		if _, err := g.tx.ExecContext(g.ctx, "INSERT INTO project_members (project_id, user_id) VALUES ($1, $2)", id, g.users[m]); err != nil {
			return errs.Wrap(err, "demo project member")
		}
	}
	if err := g.milestones(id, p, created); err != nil {
		return err
	}
	return g.reports(id, p, created)
}

// milestoneTitles are the steps every demo project goes through.
var milestoneTitles = []string{"完成摸底调研与方案制定", "完成主体工作过半", "完成主体任务", "验收总结"}

// milestones writes four steps spread over the project's span; the owner
// is the community or department account on their own unit's projects.
func (g *projectGen) milestones(id int64, p projectPlan, created int64) error {
	start, target := mustDay(p.start), mustDay(p.target)
	span := int(target.Sub(start).Hours() / 24)
	owner := g.users[p.cadre]
	switch p.unit {
	case "PH-HEHUA":
		owner = g.users["community"]
	case "PH-D-JJB":
		owner = g.users["dept"]
	}
	for i, title := range milestoneTitles {
		due := day(start.AddDate(0, 0, span*(i+1)/len(milestoneTitles)))
		var done any
		if due <= g.end || (p.closed != "" && i < len(milestoneTitles)) {
			switch n := g.rnd.IntN(100); {
			case p.closed != "":
				done = min(due, p.closed)
			case n < 70:
				done = day(mustDay(due).AddDate(0, 0, -g.rnd.IntN(10)))
			case n < 85:
				if late := day(mustDay(due).AddDate(0, 0, 3+g.rnd.IntN(30))); late <= g.end {
					done = late
				}
			}
		}
		if s, ok := done.(string); ok && s < p.start {
			done = p.start
		}
		if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO project_milestones (project_id, title, owner_id, due_date, done_date, evidence,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`, id, title, owner, due, done,
			evidenceFor(done), created); err != nil {
			return errs.Wrap(err, "demo milestone")
		}
	}
	return nil
}

func evidenceFor(done any) string {
	if done == nil {
		return ""
	}
	return "会议纪要及现场照片已存档"
}

// reports writes a report on the 25th of each month from the start until
// the demo's end (or the project's closing), the percent following the
// elapsed time less the project's lag.
func (g *projectGen) reports(id int64, p projectPlan, created int64) error {
	start, target := mustDay(p.start), mustDay(p.target)
	span := target.Sub(start).Hours()
	last := g.end
	if p.closed != "" && p.closed < last {
		last = p.closed
	}
	for m := time.Date(start.Year(), start.Month(), 25, 0, 0, 0, 0, time.UTC); day(m) <= last; m = m.AddDate(0, 1, 0) {
		if day(m) < p.start || (p.silentFrom != "" && day(m) >= p.silentFrom) {
			continue
		}
		pct := 0
		if span > 0 {
			pct = int(m.Sub(start).Hours()*100/span) - p.lag
		}
		pct = max(0, min(100, pct))
		problems, help := "", ""
		if p.lag > 20 {
			problems, help = "征拆协调进度滞后，个别权利人诉求未达成一致。", "请求街道领导协调区相关部门联合推进。"
		}
		if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO project_reports (project_id, report_date, percent, narrative, problems,
			help_needed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, day(m), pct,
			fmt.Sprintf("本月按计划推进，累计完成%d%%。", pct), problems, help, max(created, db.Micros(reportedAt(m)))); err != nil {
			return errs.Wrap(err, "demo report")
		}
	}
	return nil
}

func day(t time.Time) string { return t.Format(time.DateOnly) }

// reportedAt is when a report dated d was recorded: that afternoon, CST.
func reportedAt(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 16, 0, 0, 0, ProjectLaunch.Location())
}

func mustDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}
