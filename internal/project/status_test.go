package project_test

import (
	"testing"

	"pinghu/internal/project"
)

func TestCompute(t *testing.T) {
	ms := func(due, done string) []project.Milestone {
		return []project.Milestone{{DueDate: due, DoneDate: done}}
	}
	rep := func(date string, pct int) []project.Report {
		return []project.Report{{ReportDate: date, Percent: pct}}
	}
	base := project.Facts{StartDate: "2022-01-01", TargetDate: "2022-12-31"}
	with := func(f func(*project.Facts)) project.Facts {
		c := base
		f(&c)
		return c
	}
	tests := []struct {
		name string
		f    project.Facts
		asOf string
		want project.Status
	}{
		{"not started yet", with(func(f *project.Facts) { f.StartDate = "2022-08-01" }), "2022-07-01", project.OnTrack},
		{"closed before as_of", with(func(f *project.Facts) { f.ClosedDate = "2022-06-30" }), "2022-07-01", project.Done},
		{"closed on as_of", with(func(f *project.Facts) { f.ClosedDate = "2022-07-01" }), "2022-07-01", project.Done},
		{"closed after as_of is not done then", with(func(f *project.Facts) { f.ClosedDate = "2022-07-02"; f.Reports = rep("2022-06-30", 60) }), "2022-07-01", project.OnTrack},
		{"closed late still done", with(func(f *project.Facts) { f.ClosedDate = "2023-02-01" }), "2023-03-01", project.Done},
		{"target passed", with(func(f *project.Facts) { f.Reports = rep("2022-12-30", 95) }), "2023-01-01", project.Overdue},
		{"target day itself is not overdue", with(func(f *project.Facts) { f.Reports = rep("2022-12-30", 95) }), "2022-12-31", project.OnTrack},
		{"milestone due yesterday open", with(func(f *project.Facts) { f.Milestones = ms("2022-06-30", ""); f.Reports = rep("2022-06-30", 60) }), "2022-07-01", project.Overdue},
		{"milestone due today open", with(func(f *project.Facts) { f.Milestones = ms("2022-07-01", ""); f.Reports = rep("2022-06-30", 60) }), "2022-07-01", project.OnTrack},
		{"milestone done late, after as_of", with(func(f *project.Facts) {
			f.Milestones = ms("2022-06-01", "2022-07-05")
			f.Reports = rep("2022-06-30", 60)
		}), "2022-07-01", project.Overdue},
		{"milestone done late, before as_of", with(func(f *project.Facts) {
			f.Milestones = ms("2022-06-01", "2022-06-20")
			f.Reports = rep("2022-06-30", 60)
		}), "2022-07-01", project.OnTrack},
		{"no report for 46 days since start", base, "2022-02-16", project.AtRisk},
		{"no report for 45 days since start", base, "2022-02-15", project.OnTrack},
		{"last report 46 days ago", with(func(f *project.Facts) { f.Reports = rep("2022-05-16", 45) }), "2022-07-01", project.AtRisk},
		{"report after as_of is not seen", with(func(f *project.Facts) { f.Reports = rep("2022-07-02", 50) }), "2022-07-01", project.AtRisk},
		// 181 of 364 days elapsed: 49%.
		{"29 points behind", with(func(f *project.Facts) { f.Reports = rep("2022-06-30", 20) }), "2022-07-01", project.AtRisk},
		{"exactly 20 points behind", with(func(f *project.Facts) { f.Reports = rep("2022-06-30", 29) }), "2022-07-01", project.OnTrack},
		{"21 points behind", with(func(f *project.Facts) { f.Reports = rep("2022-06-30", 28) }), "2022-07-01", project.AtRisk},
		{"ahead", with(func(f *project.Facts) { f.Reports = rep("2022-06-30", 80) }), "2022-07-01", project.OnTrack},
		{"latest report counts, not the best", with(func(f *project.Facts) {
			f.Reports = []project.Report{{ReportDate: "2022-06-01", Percent: 90}, {ReportDate: "2022-06-30", Percent: 10}}
		}), "2022-07-01", project.AtRisk},
		{"overdue beats at risk", with(func(f *project.Facts) { f.Milestones = ms("2022-03-01", "") }), "2022-07-01", project.Overdue},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := project.Compute(tt.f, tt.asOf); got != tt.want {
				t.Errorf("Compute(%+v, %s) = %s, want %s", tt.f, tt.asOf, got, tt.want)
			}
		})
	}
}

func TestElapsedPercent(t *testing.T) {
	tests := []struct {
		start, target, asOf string
		want                int
	}{
		{"2022-01-01", "2022-01-11", "2021-12-01", 0},
		{"2022-01-01", "2022-01-11", "2022-01-06", 50},
		{"2022-01-01", "2022-01-11", "2022-02-01", 100},
		{"2022-01-01", "2022-01-01", "2022-01-01", 100},
	}
	for _, tt := range tests {
		if got := project.ElapsedPercent(tt.start, tt.target, tt.asOf); got != tt.want {
			t.Errorf("ElapsedPercent(%s, %s, %s) = %d, want %d", tt.start, tt.target, tt.asOf, got, tt.want)
		}
	}
}
