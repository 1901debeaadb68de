package campaign

import "fmt"

// The default phases of a capability and work-style year, as Longgang ran
// them in 2022: mobilise and study; research and brainstorm, collecting
// proposals (寻计问策); tackle the key tasks under supervision (跟督导); sum
// up and turn what worked into rules (建章立制).
var defaultPhases = []struct{ name, start, end, goals string }{
	{"大动员大学习", "03-01", "04-15", "动员部署，集中学习，统一思想"},
	{"大调研大讨论", "04-16", "05-16", "深入调研，开展大讨论，寻计问策、收集金点子"},
	{"大攻坚大提升", "05-17", "10-31", "聚焦重点任务攻坚克难，跟踪督导，提升能力作风"},
	{"大总结久传承", "11-01", "12-31", "总结经验，建章立制，形成长效机制"},
}

// DefaultPhases is the template for a campaign of the given year, with the
// dates Pinghu used in 2022 moved to that year.
func DefaultPhases(year int) []PhaseInput {
	out := make([]PhaseInput, len(defaultPhases))
	for i, p := range defaultPhases {
		out[i] = PhaseInput{Name: p.name, Start: fmt.Sprintf("%04d-%s", year, p.start),
			End: fmt.Sprintf("%04d-%s", year, p.end), Goals: p.goals}
	}
	return out
}
