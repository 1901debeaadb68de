package volunteer

// Kind is the type of a volunteer activity, from the joint team's fields
// of service.
type Kind string

const (
	TrafficSafety   Kind = "traffic_safety"
	Hygiene         Kind = "hygiene"
	EpidemicControl Kind = "epidemic_control"
	GroupPrevention Kind = "group_prevention" // 群防群治
	Counselling     Kind = "counselling"
	CareVisit       Kind = "care_visit"
	LivelihoodTalk  Kind = "livelihood_talk" // 民生微讲堂
	OtherKind       Kind = "other"
)

// Kinds lists every activity type in display order.
var Kinds = []Kind{TrafficSafety, Hygiene, EpidemicControl, GroupPrevention, Counselling, CareVisit, LivelihoodTalk, OtherKind}

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if k == x {
			return true
		}
	}
	return false
}

// OrgKind is what a member organisation of a joint team is.
type OrgKind string

const (
	CommunityParty OrgKind = "community_party" // 社区党委
	ParkParty      OrgKind = "park_party"      // 园区党委
	StationedUnit  OrgKind = "stationed_unit"  // 驻社区单位
	EnterpriseOrg  OrgKind = "enterprise"
	OtherOrg       OrgKind = "other"
)

// OrgKinds lists every kind of member organisation in display order.
var OrgKinds = []OrgKind{CommunityParty, ParkParty, StationedUnit, EnterpriseOrg, OtherOrg}

// Valid reports whether k is one of OrgKinds.
func (k OrgKind) Valid() bool {
	for _, x := range OrgKinds {
		if k == x {
			return true
		}
	}
	return false
}

// Status is where a report of hours stands.
type Status string

const (
	Pending  Status = "pending"
	Approved Status = "approved"
	Rejected Status = "rejected"
)

// Statuses lists every status in display order.
var Statuses = []Status{Pending, Approved, Rejected}

// Valid reports whether s is one of Statuses.
func (s Status) Valid() bool { return s == Pending || s == Approved || s == Rejected }

// Limits of the free text, in characters, and of an activity's size.
const (
	MaxName     = 30
	MaxText     = 100
	MaxSkills   = 200
	MaxCapacity = 1000
	MaxOrgs     = 20
)
