// Package volunteer keeps the joint volunteer services (党建共融): the
// volunteers of each community, the joint teams that a community's party
// committee, a park's party committee and the units stationed in the
// community form together, the activities those teams hold (traffic
// safety, hygiene, epidemic control, group prevention, counselling, care
// visits, livelihood talks), sign-ups with sign-in and sign-out, and the
// hours volunteers report and a coordinator approves. Only approved hours
// count in the figures and on a volunteer's certificate.
//
// A volunteer's mobile number and ID number are personal information:
// stored as given, returned masked from every read, revealed in full only
// through RevealMobile (which is audited), and never written to the audit
// log.
package volunteer
