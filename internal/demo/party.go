package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
)

// Pinghu's party organisations: the sub-district's working committee
// (党工委) with the organ committee (机关党委) and its branches, the twelve
// community committees (党委) with some branches, a committee for the new
// economic and social organisations (两新综合党委), and the 两新
// organisations under them. Those set up before 2022 cover about half of
// the operating non-public enterprises; in the first half of 2022 Pinghu
// set up 22 more — 6 single-built (单建) and 15 joint-built (联建) in
// non-public enterprises, and 1 in a social organisation — which brings
// the organisation coverage to about 70%. Party-building instructors serve
// some of the enterprises still without an organisation; a few enterprises
// with three or more party members and no branch of their own are
// flagged. Positions: the 亚钢一号 party-mass service centre (about
// 300 m², open) and the one for the 万达 business district (in
// preparation), beside the stations.

// The figures of the first half of 2022 the seed reports.
const (
	NewPartyOrgs         = 22
	NewNonpublicSingle   = 6
	NewNonpublicJoint    = 15
	NewSocialOrgBranches = 1
)

// partyEnterprise is an operating enterprise as the party step sees it.
type partyEnterprise struct {
	id         int64
	community  string
	aboveScale bool
}

// partyGen carries the step's state.
type partyGen struct {
	ctx     context.Context
	tx      *sql.Tx
	st      *State
	at      int64
	n       int
	pools   map[string][]partyEnterprise // community code → not yet covered
	workers int
}

var (
	partySurnames = []string{"陈", "李", "张", "黄", "刘", "林", "吴", "郑", "何", "罗", "叶", "钟", "谢", "邱", "曾", "赖"}
	partyGiven    = []string{"建国", "志强", "丽华", "海燕", "国平", "伟东", "秀英", "俊杰", "晓玲", "振华", "春梅", "永红", "立新", "文彬"}
)

// person is the n-th made-up name of the demo's party workers.
func person(n int) string {
	return partySurnames[n%len(partySurnames)] + partyGiven[(n*5+n/len(partySurnames))%len(partyGiven)]
}

func loadParty(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	g := &partyGen{ctx: ctx, tx: tx, st: st, at: db.Micros(Epoch), pools: map[string][]partyEnterprise{}}
	if err := g.enterprises(); err != nil {
		return err
	}
	top, err := g.org("平湖街道党工委", SubdistrictCode, 0, "working_committee", "organ", "", "2004-09-01", 0, "平湖街道平湖大街1号", true)
	if err != nil {
		return err
	}
	organ, err := g.org("平湖街道机关党委", SubdistrictCode, top, "committee", "organ", "", "2005-03-01", 0, "", false)
	if err != nil {
		return err
	}
	for i, d := range []string{"党政办公室", "党建工作办公室", "经济服务办公室", "城市建设办公室", "平安建设办公室", "社区建设办公室"} {
		if _, err := g.org("平湖街道"+d+"党支部", SubdistrictCode, organ, "branch", "organ", "", fmt.Sprintf("%d-06-01", 2008+i), 0, "", false); err != nil {
			return err
		}
	}
	twoNew, err := g.org("平湖街道两新组织综合党委", SubdistrictCode, top, "committee", "other", "", "2012-07-01", 0, "", false)
	if err != nil {
		return err
	}
	committees := map[string]int64{}
	for i, c := range Communities {
		id, err := g.org(c.Name+"党委", c.Code, top, "committee", "community", "", fmt.Sprintf("%d-07-01", 2010+i%6), 0, "", true)
		if err != nil {
			return err
		}
		committees[c.Code] = id
		// Half the communities list their branches.
		if i%2 == 0 {
			for b, name := range []string{"第一党支部", "第二党支部", "退休党员党支部"} {
				if _, err := g.org(c.Name+name, c.Code, id, "branch", "community", "", fmt.Sprintf("%d-03-01", 2014+b), 0, "", false); err != nil {
					return err
				}
			}
		}
	}
	if err := g.newOrgs(twoNew, committees); err != nil {
		return err
	}
	if err := g.earlierOrgs(twoNew, committees); err != nil {
		return err
	}
	if err := g.work(); err != nil {
		return err
	}
	if err := g.positions(); err != nil {
		return err
	}
	return env.Audit.Append(ctx, tx, access.System("demo"), audit.Entry{Action: "demo.load", Entity: "party",
		After: map[string]int{"organisations": g.n, "new_2022": NewPartyOrgs}})
}

// enterprises reads the operating enterprises by community and marks a
// few as state-owned or collective (not non-public).
func (g *partyGen) enterprises() error {
	rows, err := g.tx.QueryContext(g.ctx, `SELECT e.id, c.code, e.above_scale FROM enterprises e JOIN units c ON c.id = e.community_id
		WHERE e.status = 'operating' ORDER BY e.above_scale DESC, e.id`)
	if err != nil {
		return err
	}
	var all []partyEnterprise
	for rows.Next() {
		var e partyEnterprise
		if err := rows.Scan(&e.id, &e.community, &e.aboveScale); err != nil {
			_ = rows.Close()
			return err
		}
		all = append(all, e)
	}
	if err := rows.Close(); err != nil {
		return err
	}
	for i, e := range all {
		if i%97 == 40 {
			if _, err := g.tx.ExecContext(g.ctx, "UPDATE enterprises SET nonpublic = FALSE WHERE id = $1", e.id); err != nil {
				return err
			}
			continue
		}
		g.pools[e.community] = append(g.pools[e.community], e)
	}
	return nil
}

// take removes up to n enterprises of a community from its pool, the
// above-scale ones first (the pool's order).
func (g *partyGen) take(community string, n int) []partyEnterprise {
	p := g.pools[community]
	n = min(n, len(p))
	out := p[:n:n]
	g.pools[community] = p[n:]
	return out
}

// org inserts an organisation and its founding; located ones get a point
// near their community's centre.
func (g *partyGen) org(name, unit string, parent int64, level, sector, formation, founded string, members int,
	address string, located bool) (int64, error) {
	g.n++
	var lng, lat any
	if located {
		c, ok := centres[unit]
		if !ok {
			c = [2]float64{114.127, 22.689} // the sub-district's offices
		}
		lng, lat = c[0]+float64(g.n%7-3)/2000, c[1]+float64(g.n%5-2)/2000
	}
	if members == 0 {
		members = 8 + g.n*7%40
	}
	var parentID any
	if parent > 0 {
		parentID = parent
	}
	var id int64
	err := g.tx.QueryRowContext(g.ctx, `INSERT INTO party_orgs (name, unit_id, parent_id, level, sector, formation, founded_on,
		secretary, member_count, status, address, lng, lat, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'active', $10, $11, $12, $13, $13) RETURNING id`,
		name, g.st.Units[unit], parentID, level, sector, formation, founded, person(g.n), members, address, lng, lat, g.at).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("party org %s: %w", name, err)
	}
	_, err = g.tx.ExecContext(g.ctx, "INSERT INTO party_org_events (org_id, kind, day, recorded_at) VALUES ($1, 'set_up', $2, $3)", id, founded, g.at)
	return id, err
}

// cover records that org covers the enterprises from a day.
func (g *partyGen) cover(org int64, from string, es []partyEnterprise) error {
	for _, e := range es {
		if _, err := g.tx.ExecContext(g.ctx, "INSERT INTO party_coverage (org_id, enterprise_id, from_day, created_at) VALUES ($1, $2, $3, $4)",
			org, e.id, from, g.at); err != nil {
			return err
		}
	}
	return nil
}

// short is a community's name without 社区.
func short(name string) string { return strings.TrimSuffix(name, "社区") }

// newOrgs sets up the 22 organisations of January to June 2022: a
// single-built branch in six above-scale enterprises, a joint-built one
// in each of the twelve communities (by park, building or community, over
// four enterprises each), three joint-built by trade across the
// sub-district, and a branch in a social organisation.
func (g *partyGen) newOrgs(twoNew int64, committees map[string]int64) error {
	for i := range NewNonpublicSingle {
		c := Communities[i*2]
		es := g.take(c.Code, 1)
		day := fmt.Sprintf("2022-%02d-%02d", 1+i, 10+i)
		id, err := g.org(fmt.Sprintf("%s企业%d党支部", short(c.Name), i+1), c.Code, committees[c.Code], "branch", "nonpublic", "single", day,
			3+i, "", i%2 == 0)
		if err != nil {
			return err
		}
		if err := g.cover(id, day, es); err != nil {
			return err
		}
	}
	joint := []struct{ formation, sector, what string }{
		{"joint_park", "park", "产业园区联合党支部"}, {"joint_building", "building", "商务楼宇联合党支部"}, {"joint_community", "nonpublic", "非公企业联合党支部"},
	}
	for i, c := range Communities {
		j := joint[i%len(joint)]
		day := fmt.Sprintf("2022-%02d-%02d", 1+i%6, 5+i)
		id, err := g.org(short(c.Name)+j.what, c.Code, committees[c.Code], "branch", j.sector, j.formation, day, 0, "", true)
		if err != nil {
			return err
		}
		if err := g.cover(id, day, g.take(c.Code, 4)); err != nil {
			return err
		}
	}
	for i, trade := range []string{"电子信息", "物流", "服装"} {
		day := fmt.Sprintf("2022-%02d-18", 3+i)
		id, err := g.org("平湖街道"+trade+"行业联合党支部", SubdistrictCode, twoNew, "branch", "nonpublic", "joint_trade", day, 0, "", false)
		if err != nil {
			return err
		}
		for k := range 5 {
			if err := g.cover(id, day, g.take(Communities[(i*5+k)%len(Communities)].Code, 1)); err != nil {
				return err
			}
		}
	}
	socials := []struct{ name, community string }{
		{"平湖街道社会工作服务中心", "PH-PINGHU"}, {"平湖义工联合会", "PH-PINGHU"}, {"禾花社区老年协会", "PH-HEHUA"},
		{"山厦社区文体协会", "PH-SHANXIA"}, {"凤凰社区志愿服务队", "PH-FENGHUANG"}, {"平湖商会", "PH-PINGHU"},
	}
	var socialIDs []int64
	for _, s := range socials {
		var id int64
		if err := g.tx.QueryRowContext(g.ctx, "INSERT INTO social_orgs (name, community_id, created_at) VALUES ($1, $2, $3) RETURNING id",
			s.name, g.st.Units[s.community], g.at).Scan(&id); err != nil {
			return err
		}
		socialIDs = append(socialIDs, id)
	}
	id, err := g.org("平湖街道社会工作服务中心党支部", "PH-PINGHU", committees["PH-PINGHU"], "branch", "social_org", "single", "2022-06-28", 5,
		"", false)
	if err != nil {
		return err
	}
	if _, err := g.tx.ExecContext(g.ctx, "INSERT INTO party_coverage (org_id, social_org_id, from_day, created_at) VALUES ($1, $2, $3, $4)",
		id, socialIDs[0], "2022-06-28", g.at); err != nil {
		return err
	}
	// An older one: the 平湖商会's branch, since 2016, over the chamber.
	old, err := g.org("平湖商会党支部", "PH-PINGHU", committees["PH-PINGHU"], "branch", "social_org", "single", "2016-05-01", 0, "", false)
	if err != nil {
		return err
	}
	_, err = g.tx.ExecContext(g.ctx, "INSERT INTO party_coverage (org_id, social_org_id, from_day, created_at) VALUES ($1, $2, $3, $4)",
		old, socialIDs[5], "2016-05-01", g.at)
	return err
}

// earlierOrgs are the 两新 organisations set up before 2022: three
// single-built in each community, and joint-built ones of seven
// enterprises over about 70% of the rest. One was merged into another in
// 2021 and one dissolved in 2020, for their history.
func (g *partyGen) earlierOrgs(twoNew int64, committees map[string]int64) error {
	for i, c := range Communities {
		for k := range 3 {
			day := fmt.Sprintf("%d-%02d-01", 2012+(i+k)%9, 1+(i*3+k)%12)
			id, err := g.org(fmt.Sprintf("%s企业党支部（%d）", short(c.Name), k+1), c.Code, committees[c.Code], "branch", "nonpublic", "single",
				day, 0, "", k == 0)
			if err != nil {
				return err
			}
			if err := g.cover(id, day, g.take(c.Code, 1)); err != nil {
				return err
			}
		}
		groups := len(g.pools[c.Code]) * 7 / 10 / 7
		for k := range groups {
			day := fmt.Sprintf("%d-%02d-15", 2013+(i+k)%8, 1+(i+k*5)%12)
			formation, sector, what := "joint_community", "nonpublic", "非公企业联合党支部"
			if k%2 == 1 {
				formation, sector, what = "joint_park", "park", "工业园区联合党支部"
			}
			id, err := g.org(fmt.Sprintf("%s%s（%d）", short(c.Name), what, k+1), c.Code, committees[c.Code], "branch", sector, formation,
				day, 0, "", k == 0)
			if err != nil {
				return err
			}
			es := g.take(c.Code, 7)
			if i == 4 && k == 0 && len(es) > 2 {
				// 禾花's first joint branch took over an older one in 2021,
				// with the two enterprises it covered.
				if err := g.merged(c.Code, committees[c.Code], id, es[:2]); err != nil {
					return err
				}
				if err := g.cover(id, "2021-03-01", es[:2]); err != nil {
					return err
				}
				es = es[2:]
			}
			if err := g.cover(id, day, es); err != nil {
				return err
			}
		}
	}
	gone, err := g.org("平湖街道原五金行业联合党支部", SubdistrictCode, twoNew, "branch", "nonpublic", "joint_trade", "2011-04-01", 0, "", false)
	if err != nil {
		return err
	}
	if _, err := g.tx.ExecContext(g.ctx, "UPDATE party_orgs SET status = 'dissolved', ended_on = '2020-12-31' WHERE id = $1", gone); err != nil {
		return err
	}
	_, err = g.tx.ExecContext(g.ctx, `INSERT INTO party_org_events (org_id, kind, day, note, recorded_at)
		VALUES ($1, 'dissolved', '2020-12-31', '行业企业外迁，党员转入所在社区党组织', $2)`, gone, g.at)
	return err
}

// merged adds an organisation of 2015 over es that was merged into into
// on 2021-03-01: es were covered by it until then.
func (g *partyGen) merged(community string, parent, into int64, es []partyEnterprise) error {
	id, err := g.org(short(communityName(community))+"原电子企业联合党支部", community, parent, "branch", "nonpublic", "joint_community",
		"2015-06-01", 0, "", false)
	if err != nil {
		return err
	}
	if err := g.cover(id, "2015-06-01", es); err != nil {
		return err
	}
	if _, err := g.tx.ExecContext(g.ctx, "UPDATE party_coverage SET until_day = '2021-03-01' WHERE org_id = $1", id); err != nil {
		return err
	}
	if _, err := g.tx.ExecContext(g.ctx, "UPDATE party_orgs SET status = 'merged', ended_on = '2021-03-01', merged_into_id = $1 WHERE id = $2",
		into, id); err != nil {
		return err
	}
	_, err = g.tx.ExecContext(g.ctx, `INSERT INTO party_org_events (org_id, kind, day, other_id, note, recorded_at)
		VALUES ($1, 'merged', '2021-03-01', $2, '同一园区党组织整合', $3)`, id, into, g.at)
	return err
}

func communityName(code string) string {
	for _, c := range Communities {
		if c.Code == code {
			return c.Name
		}
	}
	return code
}

// work assigns instructors or liaisons to about 40% of the enterprises
// still without an organisation, and records party members: a few
// enterprises with three or more and no branch of their own are flagged.
func (g *partyGen) work() error {
	set := func(e partyEnterprise, members int, role string) error {
		var name, assigned any = "", nil
		if role != "" {
			g.workers++
			name, assigned = person(100+g.workers%23), fmt.Sprintf("2021-%02d-01", 1+g.workers%12)
		}
		_, err := g.tx.ExecContext(g.ctx, `INSERT INTO party_enterprise_work (enterprise_id, party_members, worker_role, worker_name,
			assigned_on, updated_at) VALUES ($1, $2, $3, $4, $5, $6)`, e.id, members, role, name, assigned, g.at)
		return err
	}
	for i, c := range Communities {
		rest := g.pools[c.Code]
		for k, e := range rest {
			role := ""
			switch {
			case k*10 < len(rest)*4 && k%3 == 2:
				role = "liaison"
			case k*10 < len(rest)*4:
				role = "instructor"
			}
			members := k % 3 // 0 to 2: no branch due
			if k == len(rest)-1 && i%2 == 0 {
				members = 3 + i%3 // flagged
			}
			if err := set(e, members, role); err != nil {
				return err
			}
		}
	}
	return nil
}

// positions are the party-mass service centres and other positions of
// the sub-district and the communities (the stations are their own).
func (g *partyGen) positions() error {
	for _, p := range []struct {
		name, kind, unit, address string
		area                      float64
		status, opened            string
		lng, lat                  float64
	}{
		{"平湖街道党群服务中心", "mass_centre", SubdistrictCode, "平湖街道平湖大街1号", 1200, "open", "2018-07-01", 114.1268, 22.6891},
		{"亚钢一号党群服务中心", "mass_centre", SubdistrictCode, "平湖街道亚钢一号产业园1栋", 300, "open", "2022-06-18", 114.1432, 22.6847},
		{"万达商圈党群服务中心", "mass_centre", SubdistrictCode, "平湖街道万达广场", 450, "under_construction", "", 114.1301, 22.6938},
		{"良安田社区党员教育基地", "education_base", "PH-LIANGANTIAN", "平湖街道良安田社区红色文化广场", 800, "open", "2019-06-28", 114.1126, 22.6553},
		{"山厦社区党员活动室", "activity_room", "PH-SHANXIA", "平湖街道山厦社区工作站二楼", 80, "open", "2017-05-01", 114.1451, 22.6902},
		{"新南社区党群服务站", "other", "PH-XINNAN", "平湖街道新南社区新南路", 120, "planned", "", 114.1302, 22.6481},
		{"禾花社区党员活动室", "activity_room", "PH-HEHUA", "平湖街道禾花路62号三楼", 90, "open", "2016-07-01", 114.1203, 22.6764},
		{"平湖社区党员之家", "activity_room", "PH-PINGHU", "平湖街道平湖大街288号二楼", 150, "open", "2015-07-01", 114.1278, 22.6904},
	} {
		var opened any
		if p.opened != "" {
			opened = p.opened
		}
		if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO party_positions (name, kind, unit_id, address, area_m2, status, opened_on, lng, lat,
			created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)`,
			p.name, p.kind, g.st.Units[p.unit], p.address, p.area, p.status, opened, p.lng, p.lat, g.at); err != nil {
			return err
		}
	}
	return nil
}
