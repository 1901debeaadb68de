package demo

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/i18n"
)

// The 2022 capability and work-style year (能力作风提升年) as the seed
// tells it: four phases, the mobilisation in March, the research and
// brainstorming in spring, the launch of the 20 branch-led key projects
// (党建引领攻坚项目启动会) on 17 May, and a summing-up in November. The
// activities invite the demo's staff accounts; most signed in, a few took
// leave, a few were absent.
var demoPhases = []struct{ name, start, end, goals string }{
	{"大动员大学习", "2022-03-01", "2022-04-15", "动员部署，集中学习，统一思想"},
	{"大调研大讨论", "2022-04-16", "2022-05-16", "深入调研，开展大讨论，寻计问策、收集金点子"},
	{"大攻坚大提升", "2022-05-17", "2022-10-31", "聚焦 20 个党建引领攻坚项目攻坚克难，跟踪督导"},
	{"大总结久传承", "2022-11-01", "2022-12-31", "总结经验，建章立制，形成长效机制"},
}

// demoActivity is one activity; invite says whom: "all" the staff, or
// the roles listed.
type demoActivity struct {
	kind, title, place, date, start, end string
	units                                []string
	invite                               []access.Role
	// onlyUnits limits the invitees by role to these units' people, with
	// the leaders, the office and the users named in also.
	onlyUnits []string
	also      []string
}

var staffRoles = []access.Role{access.Leader, access.Office, access.Dept, access.Community, access.Specialist, access.Expert}

var demoActivities = []demoActivity{
	{kind: "mobilisation", title: "平湖街道能力作风提升年动员大会", place: "街道办事处一楼大会议室", date: "2022-03-08", start: "09:00", end: "11:00",
		units: []string{"PH-D-DZB"}, invite: staffRoles},
	{kind: "study", title: "能力作风建设专题学习会", place: "党群服务中心三楼学习室", date: "2022-03-22", start: "14:30", end: "16:30",
		units: []string{"PH-D-DJB"}, invite: []access.Role{access.Leader, access.Office, access.Dept, access.Community}},
	{kind: "discussion", title: "禾花社区寻计问策座谈会", place: "禾花社区党群服务中心", date: "2022-04-26", start: "09:30", end: "11:30",
		units: []string{"PH-HEHUA"}, invite: []access.Role{access.Community, access.Specialist, access.Expert}, onlyUnits: []string{"PH-HEHUA", "PH-D-JJB"},
		also: []string{"leader", "office", "dept"}},
	{kind: "research", title: "平湖社区城市更新项目调研走访", place: "平湖社区旧村片区", date: "2022-05-10", start: "15:00", end: "17:00",
		units: []string{"PH-PINGHU"}, also: []string{"leader", "leader2", "office", "zy-PINGHU"}},
	{kind: "mobilisation", title: "党建引领攻坚项目启动会", place: "街道办事处一楼大会议室", date: "2022-05-17", start: "09:00", end: "11:30",
		units: []string{"PH-D-DJB", "PH-D-DZB"}, invite: staffRoles},
	{kind: "study", title: "攻坚项目推进专题学习会", place: "党群服务中心三楼学习室", date: "2022-06-15", start: "14:30", end: "16:30",
		units: []string{"PH-D-DCB"}, invite: []access.Role{access.Leader, access.Office, access.Dept}, also: []string{"specialist", "zy-PINGHU"}},
	{kind: "discussion", title: "能力作风提升年总结座谈会", place: "街道办事处二楼会议室", date: "2022-11-10", start: "09:00", end: "11:00",
		units: []string{"PH-D-DZB"}, invite: []access.Role{access.Leader, access.Office, access.Dept, access.Community}},
}

var demoLeaveReasons = []string{"外出参加区里培训", "值班处置突发事件", "带队开展安全生产检查", "病假"}

type demoStaff struct {
	id     int64
	name   string
	role   access.Role
	unitID int64
}

func loadCampaign(ctx context.Context, tx *sql.Tx, env Env, st *State) error {
	created := db.Micros(Epoch)
	var cid int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (name, year, goals, unit_id, created_at, updated_at)
		VALUES ($1, 2022, $2, $3, $4, $4) RETURNING id`, "2022 年能力作风提升年",
		"以大动员大学习、大调研大讨论、大攻坚大提升、大总结久传承四个阶段，推动干部能力作风全面提升", st.Units[SubdistrictCode],
		created).Scan(&cid); err != nil {
		return err
	}
	phases := make([]int64, len(demoPhases))
	for i, p := range demoPhases {
		if err := tx.QueryRowContext(ctx, `INSERT INTO campaign_phases (campaign_id, seq, name, starts_on, ends_on, goals)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, cid, i+1, p.name, p.start, p.end, p.goals).Scan(&phases[i]); err != nil {
			return err
		}
	}
	staff, err := demoStaffList(ctx, tx)
	if err != nil {
		return err
	}
	// #nosec G404 -- a fixed seed, so that every demo load is the same data; no secret
	rnd := rand.New(rand.NewPCG(2022, 517))
	invitations := 0
	for _, a := range demoActivities {
		day, err := time.ParseInLocation(time.DateOnly, a.date, i18n.Zone)
		if err != nil {
			return err
		}
		starts, ends := day.Add(clockOf(a.start)), day.Add(clockOf(a.end))
		phase := int64(0)
		for i, p := range demoPhases {
			if p.start <= a.date && a.date <= p.end {
				phase = phases[i]
			}
		}
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO activities (campaign_id, phase_id, kind, title, place, starts_at, ends_at,
			code, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
			cid, phase, a.kind, a.title, a.place, db.Micros(starts), db.Micros(ends), demoCode(rnd),
			db.Micros(starts.AddDate(0, 0, -7))).Scan(&id); err != nil {
			return err
		}
		for _, u := range a.units {
			if _, err := tx.ExecContext(ctx, "INSERT INTO activity_units (activity_id, unit_id) VALUES ($1, $2)", id, st.Units[u]); err != nil {
				return err
			}
		}
		only := map[int64]bool{}
		for _, u := range a.onlyUnits {
			only[st.Units[u]] = true
		}
		for _, p := range staff {
			invited := slices.Contains(a.also, p.name) ||
				(slices.Contains(a.invite, p.role) && (len(only) == 0 || only[p.unitID]))
			if !invited {
				continue
			}
			invitations++
			signed, leave, reason := any(nil), any(nil), ""
			switch n := rnd.IntN(20); {
			case n < 2:
				leave, reason = db.Micros(starts.Add(-24*time.Hour)), demoLeaveReasons[rnd.IntN(len(demoLeaveReasons))]
			case n < 4:
				// absent: neither signed in nor on leave
			default:
				signed = db.Micros(starts.Add(-time.Duration(rnd.IntN(25)) * time.Minute))
			}
			method := ""
			if signed != nil {
				method = "code"
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO activity_invitations (activity_id, user_id, unit_id, invited_at,
				signed_in_at, signed_in_by, sign_method, leave_at, leave_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
				id, p.id, p.unitID, db.Micros(starts.AddDate(0, 0, -7)), signed, signedBy(signed, p.id), method, leave, reason); err != nil {
				return err
			}
		}
	}
	return env.Audit.Append(ctx, tx, access.System("demo"), audit.Entry{Action: "demo.load", Entity: "campaign",
		After: map[string]int{"campaigns": 1, "activities": len(demoActivities), "invitations": invitations}})
}

func signedBy(signed any, id int64) any {
	if signed == nil {
		return nil
	}
	return id
}

// demoStaffList is the active accounts that take part in the campaign:
// everyone of the sub-district but the officers and the enterprise
// contacts (the district's accounts run no part of Pinghu's campaign).
func demoStaffList(ctx context.Context, tx *sql.Tx) ([]demoStaff, error) {
	rows, err := tx.QueryContext(ctx, `SELECT u.id, u.username, u.role, u.unit_id FROM users u JOIN units n ON n.id = u.unit_id
		WHERE u.active AND u.role NOT IN ('sysadmin', 'secadmin', 'auditor', 'enterprise')
		AND n.path LIKE (SELECT path FROM units WHERE code = $1) || '%' ORDER BY u.id`, SubdistrictCode)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []demoStaff
	for rows.Next() {
		var s demoStaff
		if err := rows.Scan(&s.id, &s.name, &s.role, &s.unitID); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func clockOf(s string) time.Duration {
	t, _ := time.Parse("15:04", s)
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
}

// demoCode is a sign-in code from the campaign's alphabet.
func demoCode(rnd *rand.Rand) string {
	const alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
	b := make([]byte, 6)
	for i := range b {
		b[i] = alphabet[rnd.IntN(len(alphabet))]
	}
	return string(b)
}
