package overview

import (
	"pinghu/internal/appeal"
	"pinghu/internal/community"
	"pinghu/internal/project"
	"pinghu/internal/supervision"
)

// Figures are the overview of one period, as-of date and unit. The JSON
// names of the modules are the contract of GET /api/v1/stats/overview.
type Figures struct {
	From string `json:"from"`
	To   string `json:"to"`
	AsOf string `json:"as_of"`
	// UnitID is the unit narrowed to, 0 for the reader's whole scope;
	// UnitName names the unit the figures describe either way.
	UnitID            int64              `json:"unit_id,omitempty"`
	UnitName          string             `json:"unit_name"`
	EnterpriseService EnterpriseService  `json:"enterprise_service"`
	Projects          Projects           `json:"projects"`
	Community         community.Overview `json:"community"`
	// Party is nil when the party figures are not available in this
	// installation; the page says so and the report leaves them out.
	Party *Party `json:"party"`
}

// EnterpriseService is appeal.Stats (the enterprises visited and the
// appeals collected in the period, as they stood as of AsOf) with the
// registry's operating enterprises and the period's visits.
type EnterpriseService struct {
	appeal.Stats
	// Enterprises are the operating enterprises in the registry as it is
	// now, as the enterprise list counts them.
	Enterprises int `json:"enterprises"`
	// Visits are the visits dated in the period and not after AsOf's
	// date, as the visit list counts them.
	Visits int `json:"visits"`
}

// Projects are the key projects as of AsOf (project.Stats) and the
// supervision notices about them (督办).
type Projects struct {
	project.Stats
	Supervision supervision.Figures `json:"supervision"`
}

// Party are the figures of the party organisations of the period: the
// organisations, those set up in the period by kind, the two coverage
// rates (两个覆盖), the work coverage and the positions (阵地).
type Party struct {
	Organisations    int       `json:"organisations"`
	NewOrganisations int       `json:"new_organisations"`
	NewByKind        NewByKind `json:"new_by_kind"`
	OrgCoverageRate  *float64  `json:"org_coverage_rate"`
	SingleBuiltRate  *float64  `json:"single_built_rate"`
	WorkCoverageRate *float64  `json:"work_coverage_rate"`
	Positions        int       `json:"positions"`
}

// NewByKind splits the organisations set up in the period: single-built
// and joint-built in non-public enterprises, in social organisations,
// and the others.
type NewByKind struct {
	NonpublicSingle int `json:"nonpublic_single"`
	NonpublicJoint  int `json:"nonpublic_joint"`
	SocialOrg       int `json:"social_org"`
	Other           int `json:"other"`
}
