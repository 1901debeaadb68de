// Package enterprise is the enterprise service of the seed's third scene:
// the registry of enterprises (统一社会信用代码, community, industry, flags,
// output values, contacts), the 四个一 assignment — one leader, one
// department and one specialist for every enterprise — with its history,
// visits (走访) with their people and photos, and the timeline of
// everything that happened to an enterprise.
//
// Scope is applied in the SQL of every query through ScopeSQL, which the
// appeal package reuses so that "which enterprises may this actor see" has
// one answer. An enterprise outside the scope is not found, never
// forbidden. Every mutation runs in one transaction with its audit record.
package enterprise
