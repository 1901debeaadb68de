// Package campaign is the capability and work-style year (能力作风提升年):
// campaigns that run in ordered, dated phases (大动员大学习 → 大调研大讨论 →
// 大攻坚大提升 → 大总结久传承), and the activities held in them —
// mobilisation meetings, study sessions, research visits, discussions —
// with their invitations, sign-in by a short code shown at the meeting or
// by the organiser, leave, and attendance by unit.
//
// Scope: leaders and the office see and manage everything in their unit's
// subtree; a department or a community sees the campaigns above or below
// its unit and the activities it organises or is invited to, and organises
// activities for its own unit; anyone invited (a specialist, an expert…)
// sees the invitation and signs in. The three officers see nothing.
package campaign
