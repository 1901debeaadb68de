// Package microproject handles livelihood micro-projects (民生微实事) the
// way Shenzhen runs them: a project is collected (征集) from a resident's
// public form, a visit or a meeting; the community party committee
// reviews it (初审), passing it or excluding it with a reason; the
// residents' council votes on it (议事会评议) with a quorum; it is
// published (公示) for a minimum number of days, during which anyone may
// object; then it is confirmed (确定), implemented (实施) with progress
// reports and spending, accepted (验收), and rated by residents (评价).
//
// Money is in whole yuan. Each type of project has a cap and each
// community an annual fund, both configurable per year; a budget over
// either is refused with the figures, at creation, at every edit and again
// at confirmation, and spending never passes the budget.
//
// A proposer's name and mobile number are personal information: they are
// stored as given, returned masked from every read, never written to the
// audit log and never shown on a public page.
package microproject
