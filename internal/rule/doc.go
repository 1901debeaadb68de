// Package rule keeps the rules library (制度): each rule with its number
// (unique within its owning unit), title, owning unit, effective date and
// status (draft, in force, repealed); its whole text in versions, every
// edit a new version, with a line diff between any two; and the proposals
// and the project it came from.
package rule
