package appeal

import (
	"strings"
	"time"

	"pinghu/internal/db"
)

// An appeal "as of" a moment D is recomputed from its events alone:
//
//   - it exists if it was submitted at or before D;
//   - its state is the to_state of its last event (highest id) at or
//     before D, and its resolution deadline the one that event recorded;
//   - it was accepted at its first accept event, and first resolved at its
//     first resolve event, counting only events at or before D;
//   - it was rated if its state as of D is closed (only a confirmation
//     closes an appeal, and closed is final, so the stored rating is the
//     one given by then).
//
// historyWith defines these per appeal as the CTE h, for the appeals that
// the base conditions already in w select (h0): one pass over their
// events (g) finds each one's last, first accept and first resolve event,
// which are then read by id. Lists filter h and the figures count it, with
// the same predicates (Filter.historyConds), so that a figure and the list
// behind it cannot drift apart.
//
// Each step is MATERIALIZED (both databases take the hint): computed once
// into a small temporary table, instead of inlined into one join of a
// dozen tables, which SQLite takes long to plan and PostgreSQL plans
// badly under a LIMIT.

// historyWith returns the WITH clause defining h. where is w.SQL() of the
// base conditions, asOf the placeholder holding D, extra more columns for
// h0 (over p, e, c, d), each starting with a comma.
func historyWith(where, asOf, extra string) string {
	return `WITH h0 AS MATERIALIZED (
	SELECT p.id AS id, p.response_due_at AS response_due, p.solved AS solved_now, p.satisfaction AS satisfaction_now` +
		extra + appealFrom + where + `
), g AS MATERIALIZED (
	SELECT v.appeal_id AS appeal_id, MAX(v.id) AS last_id,
		MIN(CASE WHEN v.action = 'accept' THEN v.id END) AS accept_id,
		MIN(CASE WHEN v.action = 'resolve' THEN v.id END) AS resolve_id
	FROM h0 JOIN appeal_events v ON v.appeal_id = h0.id
	WHERE v.at <= ` + asOf + `
	GROUP BY v.appeal_id
), h AS MATERIALIZED (
	SELECT h0.*, l.to_state AS st, l.resolution_due_at AS due, ac.at AS accepted_at, rs.at AS resolved_at,
		rs.resolution_due_at AS resolved_due,
		CASE WHEN l.to_state = 'closed' THEN h0.solved_now END AS solved,
		CASE WHEN l.to_state = 'closed' THEN h0.satisfaction_now END AS satisfaction
	FROM h0 JOIN g ON g.appeal_id = h0.id
	JOIN appeal_events l ON l.id = g.last_id
	LEFT JOIN appeal_events ac ON ac.id = g.accept_id
	LEFT JOIN appeal_events rs ON rs.id = g.resolve_id
) `
}

// Values of Filter.Response: how an appeal stood against its response
// limit (the time to be signed for) as of D.
const (
	// ResponseDue: due for a response by D: its response deadline has
	// passed, or it was signed for already.
	ResponseDue = "due"
	// ResponseInTime: first signed for by its response deadline.
	ResponseInTime = "in_time"
	// ResponseLate: due for a response, and not signed for in time.
	ResponseLate = "late"
)

// Values of Filter.Resolution: how the first resolution of an appeal
// stood against the resolution deadline in force at that moment.
const (
	ResolutionOnTime = "on_time"
	ResolutionLate   = "late"
)

// historyConds returns the conditions on h that f asks for; asOf is the
// placeholder of D, the moment d. (PostgreSQL refuses a parameter that no
// condition uses, so D + DueSoonWindow becomes one only when needed.)
func (f Filter) historyConds(w *db.Where, asOf string, d time.Time) []string {
	var out []string
	if len(f.AsOfStates) > 0 {
		out = append(out, "h.st IN "+inList(w, f.AsOfStates))
	}
	if f.Overdue {
		out = append(out, "h.st IN "+inList(w, openStates)+" AND h.due < "+asOf)
	}
	if f.DueSoon {
		soon := w.Next(db.Micros(d.Add(DueSoonWindow)))
		out = append(out, "h.st IN "+inList(w, openStates)+" AND h.due >= "+asOf+" AND h.due <= "+soon)
	}
	due := "(h.response_due <= " + asOf + " OR h.accepted_at IS NOT NULL)"
	inTime := "(h.accepted_at IS NOT NULL AND h.accepted_at <= h.response_due)"
	switch f.Response {
	case ResponseDue:
		out = append(out, due)
	case ResponseInTime:
		out = append(out, inTime)
	case ResponseLate:
		out = append(out, due+" AND NOT "+inTime)
	}
	switch f.Resolution {
	case ResolutionOnTime:
		out = append(out, "h.resolved_at IS NOT NULL AND h.resolved_at <= h.resolved_due")
	case ResolutionLate:
		out = append(out, "h.resolved_at IS NOT NULL AND h.resolved_at > h.resolved_due")
	}
	if len(f.Solved) > 0 {
		out = append(out, "h.solved IN "+inList(w, f.Solved))
	}
	if len(f.Satisfactions) > 0 {
		out = append(out, "h.satisfaction IN "+inList(w, f.Satisfactions))
	}
	return out
}

// historical reports whether f needs the appeals' history rather than
// their current state.
func (f Filter) historical() bool {
	return !f.AsOf.IsZero() || len(f.AsOfStates) > 0 || f.Response != "" || f.Resolution != ""
}

// inList returns "($n, $m, …)" holding values as arguments of w.
func inList[T ~string](w *db.Where, values []T) string {
	ps := make([]string, len(values))
	for i, v := range values {
		ps[i] = w.Next(string(v))
	}
	return "(" + strings.Join(ps, ", ") + ")"
}

// all joins conditions with AND; no condition is always true.
func all(conds []string) string {
	if len(conds) == 0 {
		return "1 = 1"
	}
	return "(" + strings.Join(conds, ") AND (") + ")"
}
