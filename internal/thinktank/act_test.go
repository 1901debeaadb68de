package thinktank

import (
	"slices"
	"testing"

	"pinghu/internal/access"
)

// TestAllowed runs every action in every state for every kind of actor
// against the rule written out by hand: who keeps the register assigns and
// closes open consultations; only the assigned expert answers, and only
// when assigned; only the requester rates an answer and withdraws an open
// request.
func TestAllowed(t *testing.T) {
	k := Consultation{RequesterKind: ByEnterprise, EnterpriseID: 7, communityPath: "/1/2/5/", unitPath: "/1/2/5/", expertUser: 40}
	actors := map[string]access.Actor{
		"keeper":        {UserID: 10, Role: access.Community, UnitID: 5, ScopePath: "/1/2/5/"},
		"leader":        {UserID: 11, Role: access.Leader, UnitID: 2, ScopePath: "/1/2/"},
		"other keeper":  {UserID: 12, Role: access.Community, UnitID: 6, ScopePath: "/1/2/6/"},
		"requester":     {UserID: 20, Role: access.Enterprise, UnitID: 5, ScopePath: "/1/2/5/", EnterpriseID: 7},
		"other company": {UserID: 21, Role: access.Enterprise, UnitID: 5, ScopePath: "/1/2/5/", EnterpriseID: 8},
		"expert":        {UserID: 40, Role: access.Expert, UnitID: 5, ScopePath: "/1/2/5/"},
		"other expert":  {UserID: 41, Role: access.Expert, UnitID: 5, ScopePath: "/1/2/5/"},
		"department":    {UserID: 50, Role: access.Dept, UnitID: 9, ScopePath: "/1/2/9/"},
	}
	want := func(who string, st State, act Action) bool {
		switch act {
		case Assign, Close:
			return (who == "keeper" || who == "leader") && st.Open()
		case Answer:
			return who == "expert" && st == Assigned
		case Rate:
			return who == "requester" && st == Answered
		case Withdraw:
			return who == "requester" && st.Open()
		}
		return false
	}
	for who, a := range actors {
		for _, st := range States {
			k.State = st
			got := Allowed(a, k)
			for _, act := range Actions {
				if w := want(who, st, act); slices.Contains(got, act) != w {
					t.Errorf("%s, %s, %s: allowed %v, want %v", who, st, act, !w, w)
				}
			}
		}
	}
	// The account that asked speaks for the request whatever its role.
	party := Consultation{RequesterKind: ByPartyOrg, State: Answered, RequestedBy: 30, unitPath: "/1/2/3/", communityPath: "/1/2/5/"}
	if !slices.Contains(Allowed(access.Actor{UserID: 30, Role: access.Office, UnitID: 3, ScopePath: "/1/2/3/"}, party), Rate) {
		t.Error("the office that asked cannot rate")
	}
	if slices.Contains(Allowed(actors["keeper"], party), Rate) {
		t.Error("the community rates a party organisation's request")
	}
}
