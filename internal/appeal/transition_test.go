package appeal_test

import (
	"slices"
	"strings"
	"testing"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/errs"
)

// expected is the state machine as the issue states it, written out again
// by hand and independently of the package's table: per state and role,
// the allowed actions in display order, each with the state it leads to.
// A role missing from a state may do nothing there.
var expected = map[appeal.State]map[access.Role]string{
	appeal.Submitted: {
		access.Dept:   "accept>accepted transfer>submitted reject>rejected",
		access.Leader: "accept>accepted transfer>submitted reject>rejected supervise>submitted",
		access.Office: "accept>accepted transfer>submitted reject>rejected supervise>submitted",
	},
	appeal.Accepted: {
		access.Dept:   "start>in_progress transfer>submitted resolve>resolved reject>rejected",
		access.Leader: "start>in_progress transfer>submitted resolve>resolved reject>rejected supervise>accepted",
		access.Office: "start>in_progress transfer>submitted resolve>resolved reject>rejected supervise>accepted",
	},
	appeal.InProgress: {
		access.Dept:   "transfer>submitted resolve>resolved",
		access.Leader: "transfer>submitted resolve>resolved supervise>in_progress",
		access.Office: "transfer>submitted resolve>resolved supervise>in_progress",
	},
	appeal.Resolved: {
		access.Enterprise: "confirm>closed reopen>in_progress",
		access.Specialist: "confirm>closed reopen>in_progress",
		access.Leader:     "supervise>resolved",
		access.Office:     "supervise>resolved",
	},
	appeal.Closed:   {},
	appeal.Rejected: {},
}

// TestTransitionEveryCombination checks all 6 states × 8 actions × 10
// roles against the table above: the next state of every allowed action,
// and for every refused one a conflict listing exactly what the role may
// do in that state.
func TestTransitionEveryCombination(t *testing.T) {
	if len(appeal.States) != 6 || len(appeal.Actions) != 8 || len(access.Roles) != 10 {
		t.Fatalf("%d states, %d actions, %d roles: the expectation above covers 6, 8 and 10",
			len(appeal.States), len(appeal.Actions), len(access.Roles))
	}
	combinations, allowed := 0, 0
	for _, state := range appeal.States {
		for _, role := range access.Roles {
			var wantList appeal.ActionList
			next := map[appeal.Action]appeal.State{}
			for _, pair := range strings.Fields(expected[state][role]) {
				action, to, _ := strings.Cut(pair, ">")
				wantList = append(wantList, appeal.Action(action))
				next[appeal.Action(action)] = appeal.State(to)
			}
			if got := appeal.AllowedActions(state, role); !slices.Equal(got, wantList) && len(got)+len(wantList) > 0 {
				t.Errorf("AllowedActions(%s, %s) = %v, want %v", state, role, got, wantList)
			}
			for _, action := range appeal.Actions {
				combinations++
				got, err := appeal.Transition(state, action, role)
				if want, ok := next[action]; ok {
					allowed++
					if err != nil || got != want {
						t.Errorf("%s --%s by %s--> %q, %v; want %s", state, action, role, got, err, want)
					}
					continue
				}
				e := errs.As(err)
				if err == nil || e.Code != errs.Conflict {
					t.Errorf("%s --%s by %s--> %q, %v; want a conflict", state, action, role, got, err)
					continue
				}
				if l := appeal.AllowedIn(err); !slices.Equal(l, wantList) && len(l)+len(wantList) > 0 {
					t.Errorf("%s --%s by %s: the conflict lists %v, want %v", state, action, role, l, wantList)
				}
				wantKey := "err.appeal_action_not_allowed"
				if len(wantList) == 0 {
					wantKey = "err.appeal_no_action"
				}
				if e.Message != wantKey {
					t.Errorf("%s --%s by %s: message %s, want %s", state, action, role, e.Message, wantKey)
				}
			}
		}
	}
	if combinations != 480 || allowed != 39 {
		t.Errorf("checked %d combinations with %d allowed, want 480 with 39", combinations, allowed)
	}
}

func TestTransitionRefusesUnknownAction(t *testing.T) {
	for _, action := range []appeal.Action{"", "submit", "delete", "ACCEPT"} {
		_, err := appeal.Transition(appeal.Submitted, action, access.Leader)
		wantCode(t, string(action), err, errs.Invalid, map[string]string{"action": "err.appeal_action_unknown"})
	}
}

func TestActionListPrints(t *testing.T) {
	_, err := appeal.Transition(appeal.Accepted, appeal.Confirm, access.Dept)
	e := errs.As(err)
	if got := e.Error(); !strings.Contains(got, "err.appeal_action_not_allowed") {
		t.Errorf("error %q", got)
	}
	if len(e.Args) != 1 {
		t.Fatalf("args %v", e.Args)
	}
	if got, want := fmtArg(e.Args[0]), "start, transfer, resolve, reject"; got != want {
		t.Errorf("the message argument prints %q, want %q", got, want)
	}
}

func fmtArg(v any) string {
	s, ok := v.(interface{ String() string })
	if !ok {
		return "not a Stringer"
	}
	return s.String()
}
