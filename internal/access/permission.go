package access

// Permission is something a role may do. The table below is the whole
// policy: handlers ask Can, and scope decides which rows.
type Permission string

const (
	ManageUnits   Permission = "units.manage"    // create, edit, deactivate units
	ReadUnits     Permission = "units.read"      // see the organisation tree in scope
	ManageUsers   Permission = "users.manage"    // create accounts, edit profiles, reset passwords
	AssignRoles   Permission = "users.roles"     // change a user's role and scope unit
	ReadUsers     Permission = "users.read"      // list accounts in scope
	ReadAudit     Permission = "audit.read"      // browse the audit log
	ManageHoliday Permission = "holidays.manage" // edit the working-day calendar
	// ManageSecurity sets the security policy: which roles need two-factor login.
	ManageSecurity Permission = "security.manage"
	// ManageSessions lists and ends anybody's sessions and resets a user's
	// two-factor login; everyone may list and end their own.
	ManageSessions Permission = "sessions.manage"
)

var policy = map[Permission][]Role{
	ManageUnits:   {Sysadmin},
	ReadUnits:     {Sysadmin, Secadmin, Leader, Office, Dept, Community},
	ManageUsers:   {Sysadmin},
	AssignRoles:   {Secadmin},
	ReadUsers:     {Sysadmin, Secadmin},
	ReadAudit:     {Auditor},
	ManageHoliday: {Sysadmin},

	ManageSecurity: {Secadmin},
	ManageSessions: {Secadmin},
}

// Can reports whether role r holds permission p.
func Can(r Role, p Permission) bool {
	for _, x := range policy[p] {
		if x == r {
			return true
		}
	}
	return false
}

// Permissions lists the permissions of r, for the roles page.
func Permissions(r Role) []Permission {
	var out []Permission
	for _, p := range []Permission{ManageUnits, ReadUnits, ManageUsers, AssignRoles, ReadUsers, ReadAudit, ManageHoliday, ManageSecurity, ManageSessions} {
		if Can(r, p) {
			out = append(out, p)
		}
	}
	return out
}
