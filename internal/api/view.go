package api

import (
	"pinghu/internal/access"
	"pinghu/internal/account"
	"pinghu/internal/db"
)

// userJSON is an account as the API shows it. It is its own type, not
// account.User, so that what leaves the server is decided here field by
// field: the phone only masked, never the hash, lockout or timestamps.
type userJSON struct {
	ID          int64       `json:"id"`
	Username    string      `json:"username"`
	DisplayName string      `json:"display_name"`
	Phone       string      `json:"phone"`
	Role        access.Role `json:"role"`
	UnitID      int64       `json:"unit_id"`
	UnitName    string      `json:"unit_name"`
	Active      bool        `json:"active"`
	// EnterpriseID is the enterprise an enterprise contact's account
	// speaks for; 0 for every other account.
	EnterpriseID int64 `json:"enterprise_id"`
}

func userView(u account.User) userJSON {
	return userJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Phone: u.MaskedPhone(),
		Role: u.Role, UnitID: u.UnitID, UnitName: u.UnitName, Active: u.Active, EnterpriseID: u.EnterpriseID}
}

func userList(l db.List[account.User]) db.List[userJSON] {
	out := db.List[userJSON]{Items: make([]userJSON, 0, len(l.Items)), Total: l.Total, Page: l.Page, PageSize: l.PageSize}
	for _, u := range l.Items {
		out.Items = append(out.Items, userView(u))
	}
	return out
}
