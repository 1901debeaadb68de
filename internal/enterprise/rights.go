package enterprise

import "pinghu/internal/access"

// Rights says which changes an actor may make to the enterprises it can
// see, so that pages offer only the actions that will succeed. It is a
// courtesy to the user, never the check: every use case decides again.
type Rights struct {
	Manage       bool // the registry, output values and the 四个一
	EditContacts bool
	RecordVisit  bool
}

// RightsOf returns what a's role may do with a visible enterprise.
func RightsOf(a access.Actor) Rights {
	return Rights{Manage: canManage(a), EditContacts: canEditContacts(a), RecordVisit: canRecordVisit(a)}
}
