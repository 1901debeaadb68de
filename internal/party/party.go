package party

import (
	"slices"
	"time"
)

// Level is an organisation's rank.
type Level string

const (
	WorkingCommittee Level = "working_committee" // 党工委
	Committee        Level = "committee"         // 党委
	GeneralBranch    Level = "general_branch"    // 党总支
	Branch           Level = "branch"            // 党支部
	Group            Level = "group"             // 党小组
)

// Levels lists the levels from the top.
var Levels = []Level{WorkingCommittee, Committee, GeneralBranch, Branch, Group}

// Valid reports whether l is a known level.
func (l Level) Valid() bool { return slices.Contains(Levels, l) }

// Sector is where an organisation is set up.
type Sector string

const (
	Organ       Sector = "organ"      // 机关
	Community   Sector = "community"  // 社区
	NonPublic   Sector = "nonpublic"  // 非公企业
	SocialOrgs  Sector = "social_org" // 社会组织
	Park        Sector = "park"       // 园区
	Building    Sector = "building"   // 楼宇
	OtherSector Sector = "other"      // 其他
)

// Sectors lists the sectors in the forms' order.
var Sectors = []Sector{Organ, Community, NonPublic, SocialOrgs, Park, Building, OtherSector}

// Valid reports whether s is a known sector.
func (s Sector) Valid() bool { return slices.Contains(Sectors, s) }

// TwoNew reports whether s is a 两新 sector (new economic and social
// organisations): only these have a formation.
func (s Sector) TwoNew() bool { return s == NonPublic || s == SocialOrgs || s == Park || s == Building }

// CoversEnterprises reports whether organisations of s cover enterprises;
// those of social organisations cover social organisations.
func (s Sector) CoversEnterprises() bool { return s == NonPublic || s == Park || s == Building }

// Formation is how a 两新 organisation was formed.
type Formation string

const (
	Single         Formation = "single"          // 单独组建
	JointPark      Formation = "joint_park"      // 联建, by park
	JointBuilding  Formation = "joint_building"  // 联建, by building
	JointCommunity Formation = "joint_community" // 联建, by community
	JointTrade     Formation = "joint_trade"     // 联建, by trade
)

// Formations lists the formations in the forms' order.
var Formations = []Formation{Single, JointPark, JointBuilding, JointCommunity, JointTrade}

// Valid reports whether f is a known formation.
func (f Formation) Valid() bool { return slices.Contains(Formations, f) }

// Joint reports whether f is a joint-built formation.
func (f Formation) Joint() bool { return f.Valid() && f != Single }

// Status is where an organisation stands.
type Status string

const (
	Active    Status = "active"
	Merged    Status = "merged"
	Dissolved Status = "dissolved"
)

// Statuses lists the statuses.
var Statuses = []Status{Active, Merged, Dissolved}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return slices.Contains(Statuses, s) }

// Org is one party organisation.
type Org struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	UnitID       int64     `json:"unit_id"`
	UnitName     string    `json:"unit_name"`
	ParentID     int64     `json:"parent_id,omitempty"`
	ParentName   string    `json:"parent_name,omitempty"`
	Level        Level     `json:"level"`
	Sector       Sector    `json:"sector"`
	Formation    Formation `json:"formation,omitempty"`
	FoundedOn    string    `json:"founded_on"` // YYYY-MM-DD
	Secretary    string    `json:"secretary,omitempty"`
	MemberCount  int       `json:"member_count"`
	Status       Status    `json:"status"`
	EndedOn      string    `json:"ended_on,omitempty"`
	MergedIntoID int64     `json:"merged_into_id,omitempty"`
	Address      string    `json:"address,omitempty"`
	// Lng and Lat are the WGS84 point, when one was given.
	Lng       *float64  `json:"lng,omitempty"`
	Lat       *float64  `json:"lat,omitempty"`
	Covers    int       `json:"covers"` // enterprises and social organisations covered now
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	unitPath  string
}

// Event is one line of an organisation's history.
type Event struct {
	Kind      string `json:"kind"` // set_up, merged, dissolved
	Day       string `json:"day"`
	OtherID   int64  `json:"other_id,omitempty"`
	OtherName string `json:"other_name,omitempty"`
	Note      string `json:"note,omitempty"`
}

// History event kinds.
const (
	EventSetUp     = "set_up"
	EventMerged    = "merged"
	EventDissolved = "dissolved"
)

// Covered is an enterprise or social organisation an organisation covers
// or covered.
type Covered struct {
	ID            int64  `json:"id"`
	EnterpriseID  int64  `json:"enterprise_id,omitempty"`
	SocialOrgID   int64  `json:"social_org_id,omitempty"`
	Name          string `json:"name"`
	CommunityName string `json:"community_name"`
	From          string `json:"from"`
	Until         string `json:"until,omitempty"`
}

// auditView is the organisation as the audit log records it: whether a
// secretary is named, not the name.
type auditView struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	UnitID       int64     `json:"unit_id"`
	ParentID     int64     `json:"parent_id,omitempty"`
	Level        Level     `json:"level"`
	Sector       Sector    `json:"sector"`
	Formation    Formation `json:"formation,omitempty"`
	FoundedOn    string    `json:"founded_on"`
	SecretarySet bool      `json:"secretary_set"`
	MemberCount  int       `json:"member_count"`
	Status       Status    `json:"status"`
	EndedOn      string    `json:"ended_on,omitempty"`
	MergedIntoID int64     `json:"merged_into_id,omitempty"`
}

func (o Org) auditView() auditView {
	return auditView{ID: o.ID, Name: o.Name, UnitID: o.UnitID, ParentID: o.ParentID, Level: o.Level, Sector: o.Sector,
		Formation: o.Formation, FoundedOn: o.FoundedOn, SecretarySet: o.Secretary != "", MemberCount: o.MemberCount,
		Status: o.Status, EndedOn: o.EndedOn, MergedIntoID: o.MergedIntoID}
}
