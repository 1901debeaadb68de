package project

import (
	"pinghu/internal/enterprise"
	"slices"
	"time"
)

// Kind tells a sub-district key project from a branch-led 攻坚 project.
type Kind string

const (
	KindKey       Kind = "key"        // 重点项目
	KindBranchLed Kind = "branch_led" // 党建引领攻坚项目
)

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindKey || k == KindBranchLed }

// List is one of the lists a project is on; a project may be on several.
type List string

const (
	ListUpperLevel        List = "upper_level"         // 上级下达
	ListKey               List = "key"                 // 街道重点
	ListSpecialAttention  List = "special_attention"   // 重点关注
	ListDistrictLandEight List = "district_land_eight" // 区八大土地整备
)

// Lists are the lists in the order pages show them.
var Lists = []List{ListUpperLevel, ListKey, ListSpecialAttention, ListDistrictLandEight}

// Valid reports whether l is a known list.
func (l List) Valid() bool { return slices.Contains(Lists, l) }

// Project is one project as read, with its status as of the read.
type Project struct {
	ID            int64  `json:"id"`
	Kind          Kind   `json:"kind"`
	Name          string `json:"name"`
	Field         string `json:"field"`
	FieldName     string `json:"field_name"`
	Lists         []List `json:"lists"`
	LeadUnitID    int64  `json:"lead_unit_id"`
	LeadUnitName  string `json:"lead_unit_name"`
	LeadBranch    string `json:"lead_branch"`
	LeadCadreID   int64  `json:"lead_cadre_id,omitempty"`
	LeadCadreName string `json:"lead_cadre_name,omitempty"`
	Departments   []Ref  `json:"departments"`
	Members       []Ref  `json:"members"`
	Goals         string `json:"goals"`
	StartDate     string `json:"start_date"`
	TargetDate    string `json:"target_date"`
	Location      string `json:"location"`
	BudgetFen     *int64 `json:"budget_fen"`
	CampaignID    int64  `json:"campaign_id,omitempty"`
	// AppealIDs are the appeals the project takes up (those the reader
	// sees, as read by Get).
	AppealIDs  []int64   `json:"appeal_ids"`
	ClosedDate string    `json:"closed_date,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	UpdatedAt  time.Time `json:"updated_at"`

	// Status is Compute's answer as of AsOf.
	Status Status `json:"status"`
	AsOf   string `json:"as_of"`
	// Progress is the percent of the latest report up to AsOf, 0 if none.
	Progress int `json:"progress"`

	Milestones []Milestone `json:"milestones,omitempty"`
	Reports    []Report    `json:"reports,omitempty"`

	leadUnitPath string
}

// Ref names a unit or a user.
type Ref struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Milestone is one step of a project with its owner and due date. It is
// done once it has a done date.
type Milestone struct {
	ID        int64  `json:"id"`
	ProjectID int64  `json:"project_id"`
	Title     string `json:"title"`
	OwnerID   int64  `json:"owner_id,omitempty"`
	OwnerName string `json:"owner_name,omitempty"`
	DueDate   string `json:"due_date"`
	DoneDate  string `json:"done_date,omitempty"`
	Evidence  string `json:"evidence"`
	// Status is "open" or "done" as of the read; Late says it is or was
	// done after its due date, or is open past it.
	Status string `json:"status"`
	Late   bool   `json:"late"`
}

// Report is one progress report.
type Report struct {
	ID         int64     `json:"id"`
	ProjectID  int64     `json:"project_id"`
	ReportDate string    `json:"report_date"`
	Percent    int       `json:"percent"`
	Narrative  string    `json:"narrative"`
	Problems   string    `json:"problems"`
	HelpNeeded string    `json:"help_needed"`
	CreatedBy  int64     `json:"created_by,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
	// Photos taken on site, kept as attachments (enterprise.OwnerProjectReport).
	Photos []enterprise.Attachment `json:"photos"`
}
