// Package account holds users, their passwords and sessions, login with
// lockout, and the rules of the three-officer separation.
package account

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// User is an account. The password hash never leaves this package.
type User struct {
	ID                int64       `json:"id"`
	Username          string      `json:"username"`
	DisplayName       string      `json:"display_name"`
	Phone             string      `json:"-"`
	Role              access.Role `json:"role"`
	UnitID            int64       `json:"unit_id"`
	UnitName          string      `json:"unit_name"`
	EnterpriseID      int64       `json:"enterprise_id"` // for the enterprise role: the one enterprise it speaks for
	Active            bool        `json:"active"`
	FailedLogins      int         `json:"-"`
	LockedUntil       time.Time   `json:"-"`
	PasswordChangedAt time.Time   `json:"-"`
	CreatedAt         time.Time   `json:"created_at"`
	UpdatedAt         time.Time   `json:"updated_at"`
	passwordHash      string
	officerRole       access.Role // the officer role ever held, "" if none
}

// MaskedPhone is the phone as every page, answer and log shows it.
func (u User) MaskedPhone() string { return pii.MaskMobile(u.Phone) }

// Locked reports whether the account is locked at time now.
func (u User) Locked(now time.Time) bool { return !u.LockedUntil.IsZero() && now.Before(u.LockedUntil) }

// auditView is the user as the audit log records it: no hash, phone masked.
func (u User) auditView() map[string]any {
	return map[string]any{"id": u.ID, "username": u.Username, "display_name": u.DisplayName,
		"phone": u.MaskedPhone(), "role": u.Role, "unit_id": u.UnitID, "active": u.Active, "enterprise_id": u.EnterpriseID}
}

var usernamePattern = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{2,31}$`)

// Input is what may be set on an account. Which fields a role may set is
// decided by the service; a field set without the right is refused.
type Input struct {
	Username    *string      `json:"username"`
	DisplayName *string      `json:"display_name"`
	Phone       *string      `json:"phone"`
	Role        *access.Role `json:"role"`
	UnitID      *int64       `json:"unit_id"`
	Active      *bool        `json:"active"`
	Password    *string      `json:"password"`
	// EnterpriseID links an enterprise contact's account to the enterprise
	// it speaks for; 0 clears it. Only the enterprise role has one.
	EnterpriseID *int64 `json:"enterprise_id"`
}

func (in *Input) normalise() {
	if in.Username != nil {
		s := strings.ToLower(strings.TrimSpace(*in.Username))
		in.Username = &s
	}
	if in.DisplayName != nil {
		s := strings.TrimSpace(*in.DisplayName)
		in.DisplayName = &s
	}
	if in.Phone != nil {
		s := strings.TrimSpace(*in.Phone)
		if n, ok := pii.NormalizeMobile(s); ok {
			s = n
		}
		in.Phone = &s
	}
}

// validate checks the values present; creating requires username, display
// name, role and password.
func (in *Input) validate(creating bool, f errs.Fields) {
	in.normalise()
	if creating {
		for name, present := range map[string]bool{"username": in.Username != nil, "display_name": in.DisplayName != nil,
			"role": in.Role != nil, "password": in.Password != nil} {
			if !present {
				f.Add(name, "err.required")
			}
		}
	} else if in.Username != nil {
		f.Add("username", "err.username_fixed")
	}
	if in.Username != nil && !usernamePattern.MatchString(*in.Username) {
		f.Add("username", "err.username")
	}
	if in.DisplayName != nil {
		if *in.DisplayName == "" {
			f.Add("display_name", "err.required")
		} else if utf8.RuneCountInString(*in.DisplayName) > 40 {
			f.Add("display_name", "err.too_long")
		}
	}
	if in.Phone != nil && *in.Phone != "" && !pii.ValidMobile(*in.Phone) {
		f.Add("phone", "err.mobile")
	}
	if in.Role != nil && !in.Role.Valid() {
		f.Add("role", "err.role")
	}
	if in.Password != nil {
		name := ""
		if in.Username != nil {
			name = *in.Username
		}
		if msg := CheckPassword(*in.Password, name); msg != "" {
			f.Add("password", msg)
		}
	}
}
