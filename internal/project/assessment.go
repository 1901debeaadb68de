package project

import (
	"context"
	"strconv"
	"time"

	"pinghu/internal/assessment"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// AssessmentSource gives the cadre assessment reference its project
// parts: the projects a cadre led or joined that ran during the year
// (started by its end, not closed before its start), and the milestones
// they owned that fell due in it, each on time, late, overdue or pending
// as of the reference's date. It reads without scope: the assessment
// decides who sees which cadre.
type AssessmentSource struct{ S *Service }

// yearSpan is the year's first and last day and the as-of day, CST.
func yearSpan(year int, asOf time.Time) (first, last, day string) {
	y := strconv.Itoa(year)
	return y + "-01-01", y + "-12-31", asOf.In(i18n.Zone).Format(time.DateOnly)
}

// milestoneOutcome places a milestone as of a day, by the same rule as
// the project status (MilestoneOverdue).
func milestoneOutcome(m Milestone, day string) string {
	switch {
	case m.DoneDate != "" && m.DoneDate <= day && m.DoneDate <= m.DueDate:
		return "on_time"
	case m.DoneDate != "" && m.DoneDate <= day:
		return "late"
	case MilestoneOverdue(m, day):
		return "overdue"
	}
	return "pending"
}

// ranIn is the condition on projects p that ran during the year.
const ranIn = "p.start_date <= $1 AND (p.closed_date IS NULL OR p.closed_date >= $2)"

// Fill counts every cadre's projects and milestones.
func (src AssessmentSource) Fill(ctx context.Context, year int, asOf time.Time, parts map[int64]*assessment.Parts) error {
	first, last, day := yearSpan(year, asOf)
	rows, err := src.S.DB.R.QueryContext(ctx, `SELECT x.user_id, x.led, count(*) FROM (
		SELECT p.lead_cadre_id AS user_id, 1 AS led FROM projects p WHERE p.lead_cadre_id IS NOT NULL AND `+ranIn+`
		UNION ALL
		SELECT m.user_id, 0 FROM project_members m JOIN projects p ON p.id = m.project_id
			WHERE `+ranIn+` AND (p.lead_cadre_id IS NULL OR p.lead_cadre_id <> m.user_id)) x
		GROUP BY x.user_id, x.led`, last, first)
	if err != nil {
		return errs.Wrap(err, "assessment projects")
	}
	for rows.Next() {
		var id int64
		var led, n int
		if err := rows.Scan(&id, &led, &n); err != nil {
			_ = rows.Close()
			return errs.Wrap(err, "assessment projects")
		}
		if p := parts[id]; p != nil && led == 1 {
			p.ProjectsLed += n
		} else if p != nil {
			p.ProjectsMember += n
		}
	}
	if err := closeRows(rows); err != nil {
		return err
	}
	ms, err := milestonesWhere(ctx, src.S.DB.R, "m.owner_id IS NOT NULL AND m.due_date >= $1 AND m.due_date <= $2", first, last)
	if err != nil {
		return err
	}
	for _, m := range ms {
		p := parts[m.OwnerID]
		if p == nil {
			continue
		}
		switch milestoneOutcome(m, day) {
		case "on_time":
			p.MilestonesOnTime++
		case "late":
			p.MilestonesLate++
		case "overdue":
			p.MilestonesOverdue++
		default:
			p.MilestonesPending++
		}
	}
	return nil
}

// Records lists the cadre's projects of the year and milestones due in it.
func (src AssessmentSource) Records(ctx context.Context, year int, asOf time.Time, userID int64) ([]assessment.Record, error) {
	first, last, day := yearSpan(year, asOf)
	var out []assessment.Record
	rows, err := src.S.DB.R.QueryContext(ctx, `SELECT p.id, p.name, p.start_date, CASE WHEN p.lead_cadre_id = $3 THEN 1 ELSE 0 END
		FROM projects p WHERE `+ranIn+` AND (p.lead_cadre_id = $3 OR EXISTS (
			SELECT 1 FROM project_members m WHERE m.project_id = p.id AND m.user_id = $3))
		ORDER BY p.start_date, p.id`, last, first, userID)
	if err != nil {
		return nil, errs.Wrap(err, "assessment projects")
	}
	for rows.Next() {
		var id int64
		var name, start string
		var led int
		if err := rows.Scan(&id, &name, &start, &led); err != nil {
			_ = rows.Close()
			return nil, errs.Wrap(err, "assessment projects")
		}
		outcome := "member"
		if led == 1 {
			outcome = "led"
		}
		out = append(out, assessment.Record{Kind: "project", Title: name, Date: dayStart(start), Outcome: outcome, Path: projectPath(id)})
	}
	if err := closeRows(rows); err != nil {
		return nil, err
	}
	ms, err := milestonesWhere(ctx, src.S.DB.R, "m.owner_id = $1 AND m.due_date >= $2 AND m.due_date <= $3", userID, first, last)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		out = append(out, assessment.Record{Kind: "milestone", Title: m.Title, Date: dayStart(m.DueDate),
			Outcome: milestoneOutcome(m, day), Path: projectPath(m.ProjectID)})
	}
	return out, nil
}

// dayStart is the start of a CST day, zero for an unreadable one.
func dayStart(d string) time.Time {
	t, _ := time.ParseInLocation(time.DateOnly, d, i18n.Zone)
	return t.UTC()
}

func projectPath(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }
