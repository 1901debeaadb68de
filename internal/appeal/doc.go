// Package appeal handles enterprises' appeals (诉求): the category
// dictionary with its time limits, the state machine from submission to
// closure, the deadlines counted on the working-day calendar, the lists
// each role works from, and the figures of the enterprise-service page.
//
// Every transition is stored as an appeal_events row beside the appeal's
// current state, in the same transaction as its audit record, so that any
// figure can be recomputed as of a past date from the events alone.
//
// "Appeal" is the glossary's word for 诉求; "request" belongs to HTTP.
package appeal
