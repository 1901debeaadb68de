package assessment

import "pinghu/internal/report/ledger"

// Sheet is the reference as a ledger sheet for the annual assessment: the
// parts, then each rate as numerator, denominator and value, so that the
// spreadsheet shows what every rate is made of. t translates message keys.
func Sheet(rep Report, t func(key string, args ...any) string) ledger.Sheet {
	col := func(key string, k ledger.ColumnKind) ledger.Column { return ledger.Column{Header: t(key), Kind: k} }
	s := ledger.Sheet{
		Name:  t("assessment.sheet"),
		Title: t("assessment.sheet.title", rep.Year, rep.AsOf.Format("2006-01-02")),
		Columns: []ledger.Column{
			col("assessment.col.name", ledger.Text), col("assessment.col.username", ledger.Text),
			col("assessment.col.unit", ledger.Text), col("assessment.col.role", ledger.Text),
			col("assessment.col.projects_led", ledger.Int), col("assessment.col.projects_member", ledger.Int),
			col("assessment.col.ms_on_time", ledger.Int), col("assessment.col.ms_late", ledger.Int),
			col("assessment.col.ms_overdue", ledger.Int), col("assessment.col.ms_pending", ledger.Int),
			col("assessment.col.ms_rate", ledger.Percent),
			col("assessment.col.n_received", ledger.Int), col("assessment.col.n_on_time", ledger.Int),
			col("assessment.col.n_late", ledger.Int), col("assessment.col.n_overdue", ledger.Int),
			col("assessment.col.n_pending", ledger.Int), col("assessment.col.n_rate", ledger.Percent),
			col("assessment.col.invited", ledger.Int), col("assessment.col.attended", ledger.Int),
			col("assessment.col.on_leave", ledger.Int), col("assessment.col.absent", ledger.Int),
			col("assessment.col.attendance_rate", ledger.Percent),
		},
	}
	rate := func(r Ratio) any {
		if !r.Known() {
			return nil // an empty cell, never 0%
		}
		return r.Value()
	}
	for _, r := range rep.Rows {
		s.Rows = append(s.Rows, []any{
			r.Name, r.Username, r.UnitName, t("role." + r.Role),
			r.ProjectsLed, r.ProjectsMember,
			r.MilestonesOnTime, r.MilestonesLate, r.MilestonesOverdue, r.MilestonesPending, rate(r.Rates.Milestones),
			r.NoticesReceived, r.NoticesOnTime, r.NoticesLate, r.NoticesOverdue, r.NoticesPending, rate(r.Rates.Notices),
			r.Invited, r.Attended, r.OnLeave, r.Absent, rate(r.Rates.Attendance),
		})
	}
	s.Rows = append(s.Rows, []any{}, []any{t(Formula)})
	return s
}
