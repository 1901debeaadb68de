package enterprise

import (
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// Status is where an enterprise stands in the registry. Enterprises are
// never deleted: one that moves away or closes keeps its visits and
// appeals, and the figures of past years must not change.
type Status string

const (
	Operating Status = "operating"
	MovedOut  Status = "moved_out"
	Closed    Status = "closed"
)

// Statuses lists the statuses in display order.
var Statuses = []Status{Operating, MovedOut, Closed}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	for _, x := range Statuses {
		if x == s {
			return true
		}
	}
	return false
}

// Enterprise is one registered enterprise with the names of its community
// and of its 四个一 assignment, joined for display.
type Enterprise struct {
	ID             int64     `json:"id"`
	Name           string    `json:"name"`
	CreditCode     string    `json:"credit_code"`
	CommunityID    int64     `json:"community_id"`
	CommunityName  string    `json:"community_name"`
	Address        string    `json:"address"`
	Industry       string    `json:"industry"`
	AboveScale     bool      `json:"above_scale"`
	Top100         bool      `json:"top100"`
	Status         Status    `json:"status"`
	LeaderID       int64     `json:"leader_id"`
	LeaderName     string    `json:"leader_name"`
	DepartmentID   int64     `json:"department_id"`
	DepartmentName string    `json:"department_name"`
	SpecialistID   int64     `json:"specialist_id"`
	SpecialistName string    `json:"specialist_name"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
}

// Complete reports whether all three of the 四个一 are assigned.
func (e Enterprise) Complete() bool {
	return e.LeaderID > 0 && e.DepartmentID > 0 && e.SpecialistID > 0
}

// Limits of the registry's text fields, in characters.
const (
	MaxName    = 100
	MaxAddress = 200
)

// Input is what a user may set on an enterprise; nil leaves a field as it
// is on update. Creating requires name, credit code and community.
type Input struct {
	Name        *string `json:"name"`
	CreditCode  *string `json:"credit_code"`
	CommunityID *int64  `json:"community_id"`
	Address     *string `json:"address"`
	Industry    *string `json:"industry"`
	AboveScale  *bool   `json:"above_scale"`
	Top100      *bool   `json:"top100"`
	Status      *Status `json:"status"`
}

// normalise trims text and puts the credit code and industry in stored
// form, so that validation and the uniqueness check see what is stored.
func (in *Input) normalise() {
	trim := func(p **string) {
		if *p != nil {
			s := strings.TrimSpace(**p)
			*p = &s
		}
	}
	trim(&in.Name)
	trim(&in.Address)
	if in.CreditCode != nil {
		s := pii.NormalizeCreditCode(*in.CreditCode)
		in.CreditCode = &s
	}
	if in.Industry != nil {
		s := strings.ToUpper(strings.TrimSpace(*in.Industry))
		in.Industry = &s
	}
	if in.Status != nil {
		s := Status(strings.TrimSpace(string(*in.Status)))
		in.Status = &s
	}
}

// validate checks what can be checked without the database: the
// community's kind and scope and the code's uniqueness are checked in the
// transaction.
func (in *Input) validate(creating bool) errs.Fields {
	in.normalise()
	f := errs.Fields{}
	if creating {
		if in.Name == nil {
			f.Add("name", "err.required")
		}
		if in.CreditCode == nil {
			f.Add("credit_code", "err.required")
		}
		if in.CommunityID == nil {
			f.Add("community_id", "err.required")
		}
	}
	if in.Name != nil {
		if *in.Name == "" {
			f.Add("name", "err.required")
		} else if utf8.RuneCountInString(*in.Name) > MaxName {
			f.Add("name", "err.too_long")
		}
	}
	if in.CreditCode != nil {
		if *in.CreditCode == "" {
			f.Add("credit_code", "err.required")
		} else if !pii.ValidCreditCode(*in.CreditCode) {
			f.Add("credit_code", "err.enterprise_credit_code")
		}
	}
	if in.CommunityID != nil && *in.CommunityID <= 0 {
		f.Add("community_id", "err.enterprise_community")
	}
	if in.Address != nil && utf8.RuneCountInString(*in.Address) > MaxAddress {
		f.Add("address", "err.too_long")
	}
	if in.Industry != nil && !ValidIndustry(*in.Industry) {
		f.Add("industry", "err.enterprise_industry")
	}
	if in.Status != nil && !in.Status.Valid() {
		f.Add("status", "err.enterprise_status")
	}
	return f
}

// apply copies the fields present in in onto e.
func (in Input) apply(e *Enterprise) {
	if in.Name != nil {
		e.Name = *in.Name
	}
	if in.CreditCode != nil {
		e.CreditCode = *in.CreditCode
	}
	if in.CommunityID != nil {
		e.CommunityID = *in.CommunityID
	}
	if in.Address != nil {
		e.Address = *in.Address
	}
	if in.Industry != nil {
		e.Industry = *in.Industry
	}
	if in.AboveScale != nil {
		e.AboveScale = *in.AboveScale
	}
	if in.Top100 != nil {
		e.Top100 = *in.Top100
	}
	if in.Status != nil {
		e.Status = *in.Status
	}
}
