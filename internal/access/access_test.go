package access

import "testing"

func TestScope(t *testing.T) {
	cases := []struct {
		name   string
		actor  Actor
		path   string
		covers bool
	}{
		{"own unit", Actor{UnitID: 3, ScopePath: "/1/3/"}, "/1/3/", true},
		{"child", Actor{UnitID: 3, ScopePath: "/1/3/"}, "/1/3/7/", true},
		{"sibling with shared digits", Actor{UnitID: 3, ScopePath: "/1/3/"}, "/1/33/", false},
		{"parent", Actor{UnitID: 3, ScopePath: "/1/3/"}, "/1/", false},
		{"empty scope", Actor{UnitID: 3, ScopePath: ""}, "/1/3/", false},
		{"zero unit", Actor{UnitID: 0, ScopePath: "/1/"}, "/1/", false},
		{"malformed path", Actor{UnitID: 3, ScopePath: "/"}, "/1/", false},
	}
	for _, c := range cases {
		if got := c.actor.Covers(c.path); got != c.covers {
			t.Errorf("%s: Covers(%q) = %v, want %v", c.name, c.path, got, c.covers)
		}
		if !c.actor.HasScope() && c.actor.ScopePattern()[0] == '/' {
			t.Errorf("%s: no scope but pattern %q could match a path", c.name, c.actor.ScopePattern())
		}
	}
}

func TestOfficersAreSeparate(t *testing.T) {
	for _, r := range Roles {
		n := 0
		for _, p := range []Permission{ManageUsers, AssignRoles, ReadAudit} {
			if Can(r, p) {
				n++
			}
		}
		if n > 1 {
			t.Errorf("%s holds %d of the three officer permissions", r, n)
		}
	}
	if !Can(Auditor, ReadAudit) || Can(Sysadmin, ReadAudit) || Can(Secadmin, ReadAudit) {
		t.Error("only the auditor may read the audit log")
	}
	for _, r := range Roles {
		if r.Officer() && r.Business() {
			t.Errorf("%s is both officer and business", r)
		}
	}
}
