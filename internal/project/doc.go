// Package project keeps the sub-district's key projects (重点项目) and the
// party-branch-led 攻坚 projects: the lists a project is on, its lead unit,
// cadre, departments and members, its milestones and progress reports.
//
// A project's status is never stored. Compute derives it as of any date
// from the project's dates, milestones and reports, by the rule written
// on its doc comment and shown on /projects/status-rule, so that a
// milestone passing its due date makes its project overdue without any
// write.
package project
