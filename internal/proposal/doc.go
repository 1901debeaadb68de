// Package proposal handles proposals (金点子 / 意见建议): ideas from cadres,
// signed in, and from residents on a public form without login; their
// evaluation with scores and comments by the sub-district and the unit a
// proposal is assigned to; and the decision, adopted or declined with a
// reason. An adopted proposal may become a rule (package rule keeps the
// link) or a project (project_id, linked by the project module).
//
// A resident's name and mobile number are personal information: they are
// stored as given, returned masked from every read, and never written to
// the audit log.
package proposal
