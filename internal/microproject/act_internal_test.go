package microproject

import (
	"testing"
	"time"

	"pinghu/internal/access"
)

// TestTransitions checks every stage × action × actor against the table
// of the workflow: only those who manage the community act, each action
// only in its stage, an objection only while the publication runs.
func TestTransitions(t *testing.T) {
	now := time.Date(2022, 6, 1, 0, 0, 0, 0, time.UTC)
	want := map[Stage][]Action{
		Collected:    {Review, Reject},
		Reviewed:     {Reject, VoteOn},
		Voted:        {Reject, Publish},
		Published:    {Reject, Object, Confirm},
		Confirmed:    {Start},
		Implementing: {Progress, Spend, Accept},
		Accepted:     {},
		Rejected:     {},
	}
	const path = "/1/2/3/"
	actors := []struct {
		a      access.Actor
		manage bool
	}{
		{access.Actor{UserID: 1, UnitID: 3, Role: access.Community, ScopePath: path}, true},
		{access.Actor{UserID: 2, UnitID: 2, Role: access.Leader, ScopePath: "/1/2/"}, true},
		{access.Actor{UserID: 3, UnitID: 2, Role: access.Office, ScopePath: "/1/2/"}, true},
		{access.Actor{UserID: 4, UnitID: 4, Role: access.Community, ScopePath: "/1/2/4/"}, false},
		{access.Actor{UserID: 5, UnitID: 5, Role: access.Dept, ScopePath: "/1/2/5/"}, false},
		{access.Actor{UserID: 6, UnitID: 2, Role: access.Specialist, ScopePath: "/1/2/"}, false},
		{access.Actor{UserID: 7, UnitID: 9, Role: access.Leader, ScopePath: "/1/9/"}, false},
		{access.Actor{UserID: 8, Role: access.Community, ScopePath: path}, false}, // no unit: no scope
	}
	for _, st := range Stages {
		for _, running := range []bool{true, false} {
			p := Project{Stage: st, communityPath: path, PublicityEnds: now.Add(time.Hour)}
			if !running {
				p.PublicityEnds = now.Add(-time.Hour)
			}
			for _, who := range actors {
				for _, act := range Actions {
					expect := false
					if who.manage {
						for _, w := range want[st] {
							expect = expect || w == act
						}
						if act == Object && !running {
							expect = false
						}
					}
					if got := allowed(who.a, p, act, now); got != expect {
						t.Errorf("%s at %q, stage %s, publication running %v, %s: %v, want %v",
							who.a.Role, who.a.ScopePath, st, running, act, got, expect)
					}
				}
			}
		}
	}
}

func TestVoteAndQuorum(t *testing.T) {
	s := Longgang(2022)
	for _, c := range []struct {
		present, size, needed int
		quorate               bool
	}{{10, 15, 10, true}, {9, 15, 10, false}, {2, 3, 2, true}, {1, 3, 2, false}, {7, 10, 7, true}, {6, 10, 7, false}} {
		if got := s.Quorate(c.present, c.size); got != c.quorate || s.Needed(c.size) != c.needed {
			t.Errorf("%d of %d: quorate %v needed %d", c.present, c.size, got, s.Needed(c.size))
		}
	}
	for _, c := range []struct {
		v    Vote
		pass bool
	}{{Vote{For: 6, Against: 5}, true}, {Vote{For: 5, Against: 4, Abstain: 1}, false}, {Vote{For: 5, Against: 5}, false}, {Vote{For: 1}, true}} {
		if c.v.Passes() != c.pass {
			t.Errorf("%+v passes %v", c.v, c.v.Passes())
		}
	}
}

func TestParentPath(t *testing.T) {
	for in, want := range map[string]string{"/1/2/7/": "/1/2/", "/1/": "#no-scope#", "": "#no-scope#"} {
		if got := parentPath(in); got != want {
			t.Errorf("parentPath(%q) = %q, want %q", in, got, want)
		}
	}
}
