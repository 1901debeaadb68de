// Package thinktank is the community expert think tank (社区专家智库):
// experts a community appoints for a term in a field, and the
// consultations enterprises, communities and party organisations ask of
// them — suggested to experts of the same field by their load, assigned,
// answered with advice and attachments, and rated by whoever asked.
//
// An expert's mobile number is personal information: it is stored as
// given, returned masked from every read, revealed only to those who
// keep the register after they say why (audited), and never written to
// the audit log. An expert's account sees its own consultations only.
package thinktank
