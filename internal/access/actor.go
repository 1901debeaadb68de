package access

import "strings"

// Actor is the person (or the system) behind an action, with the scope
// their role works in. It travels from the edge to the stores.
type Actor struct {
	UserID    int64
	Username  string
	Name      string
	Role      Role
	UnitID    int64
	ScopePath string // the materialised path of the scope unit, "" when none
	// EnterpriseID is the enterprise an enterprise contact speaks for; 0
	// for everyone else, and an enterprise account without one sees nothing.
	EnterpriseID int64
	SessionID    string
	IP           string
	RequestID    string
	Lang         string
}

// System is the actor for work nobody in particular asked for: first-start
// bootstrap, demo loading, retention.
func System(what string) Actor {
	return Actor{Username: "system:" + what, Role: "system", ScopePath: ""}
}

// HasScope reports whether the actor has a usable scope. An empty, unknown
// or inactive unit gives no scope, and no scope sees nothing.
func (a Actor) HasScope() bool {
	return a.UnitID > 0 && strings.HasPrefix(a.ScopePath, "/") && strings.HasSuffix(a.ScopePath, "/") && len(a.ScopePath) > 2
}

// Can reports whether the actor's role holds p.
func (a Actor) Can(p Permission) bool { return Can(a.Role, p) }

// Covers reports whether a unit with the given path lies in the scope.
func (a Actor) Covers(unitPath string) bool {
	return a.HasScope() && strings.HasPrefix(unitPath, a.ScopePath)
}

// ScopePattern is the LIKE pattern matching every unit path in scope. With
// no scope it matches nothing: paths always start with "/", never with "#".
func (a Actor) ScopePattern() string {
	if !a.HasScope() {
		return "#no-scope#"
	}
	return a.ScopePath + "%"
}
