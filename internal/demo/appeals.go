package demo

import (
	"sort"
	"time"

	"pinghu/internal/db"
)

// event is one step of a demo appeal's history.
type event struct {
	at                   time.Time
	actorID              int64
	actor, role, action  string
	from, to             string
	department           int64
	note, reason         string
	solved, satisfaction string
	due                  time.Time // the resolution deadline in force after the event
}

var (
	solvedWeights       = []int{90, 8, 2}
	solvedValues        = []string{"solved", "partly", "not_solved"}
	satisfactionWeights = []int{85, 12, 3}
	satisfactionValues  = []string{"satisfied", "basically", "dissatisfied"}
	rejectReasons       = []string{"duplicate", "outside_jurisdiction", "litigation"}
)

// hours returns a duration of between lo and hi hours.
func (g *gen) hours(lo, hi int) time.Duration {
	return time.Duration(lo*60+g.rnd.IntN((hi-lo)*60+1)) * time.Minute
}

func (g *gen) writeAppeals(plans []appealPlan) error {
	deptUser := g.users["dept"]
	jjb := g.st.Units["PH-D-JJB"]
	for i, p := range plans {
		code := g.category()
		cat := g.cats[code]
		dept := g.st.Units[departmentFor[code]]
		titles := appealTitles[code]
		title := titles[g.rnd.IntN(len(titles))]
		responseDue := g.cal.Due(p.submitted, cat.response)
		resolutionDue := g.cal.Due(p.submitted, cat.resolution)

		handler := func(e event) event {
			e.role, e.department = "dept", dept
			if dept == jjb {
				e.actorID, e.actor = deptUser, "dept"
			} else {
				e.actor = "demo:" + departmentFor[code]
			}
			return e
		}
		creator := event{actorID: p.enterprise.specialist, actor: specialistFor(p.enterprise.communityCode), role: "specialist"}
		if p.channel != "visit" {
			creator = event{actor: "demo:" + p.channel, role: "system"}
		}
		var evs []event
		add := func(e event) {
			e.due = resolutionDue
			evs = append(evs, e)
		}
		submit := creator
		submit.at, submit.action, submit.from, submit.to, submit.department = p.submitted, "submit", "", "submitted", dept
		add(submit)

		state := "submitted"
		var acceptedAt, resolvedAt, closedAt time.Time
		var solved, satisfaction, note, reject, rejectNote string
		if p.rejected {
			reject = rejectReasons[g.rnd.IntN(len(rejectReasons))]
			rejectNote = "经核实不属于本街道受理范围或重复提交。"
			e := handler(event{at: p.submitted.Add(g.hours(2, 20)), action: "reject", from: state, to: "rejected", reason: reject, note: rejectNote})
			add(e)
			state = "rejected"
		} else {
			accept := p.submitted.Add(g.hours(1, 6))
			if g.rnd.IntN(20) == 0 {
				accept = responseDue.Add(g.hours(2, 30)) // a late signature
			}
			acceptedAt = accept
			add(handler(event{at: accept, action: "accept", from: "submitted", to: "accepted"}))
			start := accept.Add(g.hours(0, 3))
			add(handler(event{at: start, action: "start", from: "accepted", to: "in_progress"}))
			state = "in_progress"
			if p.supervised {
				add(event{at: p.submitted.Add(5 * 24 * time.Hour), actor: "office", actorID: g.users["office"], role: "office",
					action: "supervise", from: state, to: state, note: "请加快办理，按期反馈。"})
			}
			var resolve time.Time
			if p.resolveBy.Equal(AsOf) {
				window := resolutionDue.Sub(start)
				if window < time.Hour {
					window = time.Hour
				}
				resolve = start.Add(time.Duration(g.rnd.Int64N(int64(window))))
				if p.late {
					resolve = resolutionDue.Add(g.hours(4, 200))
				}
				if !resolve.Before(AsOf) {
					resolve = AsOf.Add(-g.hours(2, 48))
				}
			} else {
				resolve = p.resolveBy
			}
			if resolve.Before(start) {
				resolve = start.Add(time.Hour)
			}
			note = "已协调相关部门办理，并向企业反馈办理结果。"
			if p.reopen {
				add(handler(event{at: resolve, action: "resolve", from: state, to: "resolved", note: note}))
				reopen := resolve.Add(g.hours(20, 40))
				// A reopening sets a fresh resolution deadline, in force from
				// the reopening event on.
				resolutionDue = g.cal.Due(reopen, cat.resolution)
				add(event{at: reopen, actorID: p.enterprise.specialist, actor: specialistFor(p.enterprise.communityCode), role: "specialist",
					action: "reopen", from: "resolved", to: "in_progress", reason: "企业反映问题尚未完全解决。"})
				resolve = reopen.Add(g.hours(4, 30))
				if !resolve.Before(AsOf) && p.resolveBy.Equal(AsOf) {
					resolve = AsOf.Add(-time.Hour)
				}
			}
			resolvedAt = resolve
			add(handler(event{at: resolve, action: "resolve", from: "in_progress", to: "resolved", note: note}))
			state = "resolved"
			if g.rnd.IntN(5) != 0 {
				closedAt = resolve.Add(g.hours(20, 120))
				solved = solvedValues[g.pick(solvedWeights)]
				satisfaction = satisfactionValues[g.pick(satisfactionWeights)]
				add(event{at: closedAt, actorID: p.enterprise.specialist, actor: specialistFor(p.enterprise.communityCode), role: "specialist",
					action: "confirm", from: "resolved", to: "closed", solved: solved, satisfaction: satisfaction, note: "电话回访企业确认。"})
				state = "closed"
			}
		}
		// Events are stored in time order: "as of" takes an appeal's last
		// event by id among those before the date.
		sort.SliceStable(evs, func(i, j int) bool { return evs[i].at.Before(evs[j].at) })
		var visit any
		if p.visitID > 0 {
			visit = p.visitID
		}
		var createdBy any
		if creator.actorID > 0 {
			createdBy = creator.actorID
		}
		last := evs[len(evs)-1].at
		var id int64
		err := g.tx.QueryRowContext(g.ctx, `INSERT INTO appeals (enterprise_id, category, channel, title, description, visit_id, state,
			department_id, created_by, submitted_at, response_due_at, resolution_due_at, accepted_at, resolved_at, closed_at,
			supervised, solved, satisfaction, resolution_note, reject_reason, reject_note, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) RETURNING id`,
			p.enterprise.id, code, p.channel, title, appealDescription(i, title), visit, state, dept, createdBy,
			db.Micros(p.submitted), db.Micros(responseDue), db.Micros(resolutionDue), db.NullMicros(acceptedAt), db.NullMicros(resolvedAt),
			db.NullMicros(closedAt), p.supervised, nullString(solved), nullString(satisfaction), note, reject, rejectNote, db.Micros(last)).Scan(&id)
		if err != nil {
			return err
		}
		for _, e := range evs {
			var actorID, deptID any
			if e.actorID > 0 {
				actorID = e.actorID
			}
			if e.department > 0 {
				deptID = e.department
			}
			if _, err := g.tx.ExecContext(g.ctx, `INSERT INTO appeal_events (appeal_id, at, actor_id, actor, role, action, from_state, to_state,
				department_id, note, reason, solved, satisfaction, resolution_due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
				id, db.Micros(e.at), actorID, e.actor, e.role, e.action, e.from, e.to, deptID, e.note, e.reason,
				nullString(e.solved), nullString(e.satisfaction), db.Micros(e.due)); err != nil {
				return err
			}
		}
	}
	return nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
