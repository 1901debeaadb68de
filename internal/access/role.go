// Package access defines who acts (Actor), the roles, what each role may do,
// and the data scope that every query applies in its SQL.
package access

// Role is one of the ten roles of DESIGN §2. A user holds exactly one.
type Role string

const (
	Sysadmin   Role = "sysadmin"   // accounts and settings, no business data
	Secadmin   Role = "secadmin"   // roles and permissions
	Auditor    Role = "auditor"    // reads the audit log only
	Leader     Role = "leader"     // whole sub-district, read and approve
	Office     Role = "office"     // supervision office
	Dept       Role = "dept"       // a department's appeals and projects
	Community  Role = "community"  // a community's data
	Specialist Role = "specialist" // assigned enterprises
	Enterprise Role = "enterprise" // their own enterprise
	Expert     Role = "expert"     // their own consultations
)

// Roles lists every role in display order.
var Roles = []Role{Sysadmin, Secadmin, Auditor, Leader, Office, Dept, Community, Specialist, Enterprise, Expert}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// Officer reports whether r is one of the three security officers (三员):
// sysadmin, secadmin and auditor, which are kept apart.
func (r Role) Officer() bool {
	return r == Sysadmin || r == Secadmin || r == Auditor
}

// Business reports whether r works with business data.
func (r Role) Business() bool { return r.Valid() && !r.Officer() }
