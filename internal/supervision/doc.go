// Package supervision handles supervision notices (督办): a leader or the
// office issues a notice on a target (a project, a milestone or an
// appeal) to the unit answerable for it, with a deadline; the unit
// replies; the issuer closes the notice or returns it for more. A notice
// left unanswered past its deadline escalates: first to the office, then,
// more than EscalateAfter later, to the leaders.
//
// Targets are resolved through the Target interface, one per kind, so
// that the module holding projects and milestones can register its own
// without this package importing it. Every action is stored as a
// supervision_events row in the same transaction as its audit record.
package supervision
