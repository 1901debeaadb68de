// Package reminder gathers each user's due-soon and overdue items from the
// modules that have deadlines (supervision notices, milestones…), each
// through a registered Source, and serves them as an iCalendar feed
// (RFC 5545) at a per-user tokenised, revocable address that calendar
// apps subscribe to.
package reminder
