package appeal

import (
	"slices"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/errs"
)

// State is where an appeal stands.
type State string

const (
	Submitted  State = "submitted"   // collected, waiting for a department to sign for it
	Accepted   State = "accepted"    // a department signed for it (首接负责)
	InProgress State = "in_progress" // being handled
	Resolved   State = "resolved"    // handled, waiting for the enterprise's confirmation
	Closed     State = "closed"      // confirmed and rated by the enterprise; final
	Rejected   State = "rejected"    // refused for one of the exclusion reasons; final
)

// States lists every state in the order of the workflow.
var States = []State{Submitted, Accepted, InProgress, Resolved, Closed, Rejected}

// openStates are the states in which an appeal still waits for handling
// and can be overdue.
var openStates = []State{Submitted, Accepted, InProgress}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Open reports whether the appeal still waits for handling: submitted,
// accepted or in progress. Only open appeals can be overdue.
func (s State) Open() bool { return slices.Contains(openStates, s) }

// Terminal reports whether no action leads out of s.
func (s State) Terminal() bool { return s == Closed || s == Rejected }

// Action is something a user does to an appeal.
type Action string

const (
	Accept    Action = "accept"    // a department signs for the appeal
	Start     Action = "start"     // handling begins
	Transfer  Action = "transfer"  // to another department, with a reason
	Resolve   Action = "resolve"   // handled, with a resolution note
	Confirm   Action = "confirm"   // the enterprise confirms and rates the result
	Reopen    Action = "reopen"    // the enterprise is not satisfied, within 15 days
	Reject    Action = "reject"    // refused for an exclusion reason, with a note
	Supervise Action = "supervise" // 督办: a leader or the office flags it for supervision
)

// Submit names the event that creates an appeal. It is not in Actions:
// nobody submits an appeal that already exists.
const Submit Action = "submit"

// Actions lists every action on an existing appeal, in display order.
var Actions = []Action{Accept, Start, Transfer, Resolve, Confirm, Reopen, Reject, Supervise}

// Valid reports whether a is one of Actions.
func (a Action) Valid() bool { return slices.Contains(Actions, a) }

// handlers are the roles that handle appeals for the sub-district.
var handlers = []access.Role{access.Dept, access.Leader, access.Office}

// raisers are the roles that speak for the enterprise: the enterprise
// itself, or its specialist recording its answer on a call-back.
var raisers = []access.Role{access.Enterprise, access.Specialist}

// transition is one row of the state machine: action takes an appeal in
// any of from, acted by any of roles, to to ("" keeps the state).
type transition struct {
	action Action
	from   []State
	to     State
	roles  []access.Role
}

// transitions is the whole state machine. Closed and rejected appear in
// no from list: they are final.
var transitions = []transition{
	{Accept, []State{Submitted}, Accepted, handlers},
	{Start, []State{Accepted}, InProgress, handlers},
	{Transfer, []State{Submitted, Accepted, InProgress}, Submitted, handlers},
	{Resolve, []State{Accepted, InProgress}, Resolved, handlers},
	{Confirm, []State{Resolved}, Closed, raisers},
	{Reopen, []State{Resolved}, InProgress, raisers},
	{Reject, []State{Submitted, Accepted}, Rejected, handlers},
	{Supervise, []State{Submitted, Accepted, InProgress, Resolved}, "", []access.Role{access.Leader, access.Office}},
}

// Transition returns the state that action by a user of role leads to
// from state. A refused action is a conflict whose Args hold the actions
// that role may take in that state (an ActionList), so that the answer can
// say what is possible instead.
func Transition(state State, action Action, role access.Role) (State, error) {
	if !action.Valid() {
		return "", errs.InvalidField("action", "err.appeal_action_unknown")
	}
	for _, t := range transitions {
		if t.action == action && slices.Contains(t.from, state) && slices.Contains(t.roles, role) {
			if t.to == "" {
				return state, nil
			}
			return t.to, nil
		}
	}
	return "", notAllowed(state, role)
}

// notAllowed is the conflict of an action refused in state for role.
func notAllowed(state State, role access.Role) error {
	allowed := AllowedActions(state, role)
	codes := make([]string, len(allowed))
	for i, a := range allowed {
		codes[i] = string(a)
	}
	if len(allowed) == 0 {
		e := errs.New(errs.Conflict, "err.appeal_no_action")
		e.Allowed = codes
		return e
	}
	e := errs.New(errs.Conflict, "err.appeal_action_not_allowed", allowed)
	e.Allowed = codes
	return e
}

// AllowedActions lists what a user of role may do to an appeal in state,
// in the order of Actions; empty, never nil, when nothing is allowed.
func AllowedActions(state State, role access.Role) ActionList {
	out := ActionList{}
	for _, a := range Actions {
		for _, t := range transitions {
			if t.action == a && slices.Contains(t.from, state) && slices.Contains(t.roles, role) {
				out = append(out, a)
				break
			}
		}
	}
	return out
}

// ActionList is a list of actions. It prints as "accept, transfer" for a
// message, and the edge can take it from an error's Args to name each
// action in the user's language ("appeal.action.<code>").
type ActionList []Action

func (l ActionList) String() string {
	s := make([]string, len(l))
	for i, a := range l {
		s[i] = string(a)
	}
	return strings.Join(s, ", ")
}

// AllowedIn returns the allowed actions carried by a conflict from
// Transition or Act, or nil when err carries none.
func AllowedIn(err error) ActionList {
	e := errs.As(err)
	if e.Code != errs.Conflict {
		return nil
	}
	for _, a := range e.Args {
		if l, ok := a.(ActionList); ok {
			return l
		}
	}
	return nil
}
