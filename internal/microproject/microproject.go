package microproject

import (
	"slices"
	"time"
)

// Kind is the type of a project in the procurement sense, which sets its cap.
type Kind string

const (
	Works    Kind = "works"    // 工程
	Services Kind = "services" // 服务
	Goods    Kind = "goods"    // 货物
)

// Kinds lists every type.
var Kinds = []Kind{Works, Services, Goods}

// Valid reports whether k is a known type.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Category is what a project does for residents.
type Category string

const (
	Convenience Category = "convenience" // 便民利民
	Activities  Category = "activities"  // 群众活动
	Civility    Category = "civility"    // 公益风尚
	Facilities  Category = "facilities"  // 公共设施
	OtherCat    Category = "other"       // 其他
)

// Categories lists every category.
var Categories = []Category{Convenience, Activities, Civility, Facilities, OtherCat}

// Valid reports whether c is a known category.
func (c Category) Valid() bool { return slices.Contains(Categories, c) }

// Source says how a project was collected.
type Source string

const (
	PublicForm Source = "public"  // a resident's public form
	Visit      Source = "visit"   // a visit to residents
	Meeting    Source = "meeting" // a residents' meeting
)

// Sources lists every source.
var Sources = []Source{PublicForm, Visit, Meeting}

// Valid reports whether s is a known source.
func (s Source) Valid() bool { return slices.Contains(Sources, s) }

// Stage is where a project stands.
type Stage string

const (
	Collected    Stage = "collected"    // 征集
	Reviewed     Stage = "reviewed"     // 初审 passed
	Voted        Stage = "voted"        // 议事会评议 passed
	Published    Stage = "published"    // 公示
	Confirmed    Stage = "confirmed"    // 确定
	Implementing Stage = "implementing" // 实施
	Accepted     Stage = "accepted"     // 验收; residents rate it from here (评价)
	Rejected     Stage = "rejected"     // excluded at review, voted down, or withdrawn
)

// Stages lists every stage in the order of the workflow, the refusal last.
var Stages = []Stage{Collected, Reviewed, Voted, Published, Confirmed, Implementing, Accepted, Rejected}

// Valid reports whether s is a known stage.
func (s Stage) Valid() bool { return slices.Contains(Stages, s) }

// Public reports whether the stage is shown on the public pages: from the
// publication on, never a refused project.
func (s Stage) Public() bool {
	return s == Published || s == Confirmed || s == Implementing || s == Accepted
}

// PublicStages are the stages the public pages show.
var PublicStages = []Stage{Published, Confirmed, Implementing, Accepted}

// committed reports whether a project in the stage holds money of its
// community's fund: every one not refused.
func (s Stage) committed() bool { return s != Rejected }

// Exclusion is why a project was refused.
type Exclusion string

const (
	Property   Exclusion = "property"   // work a property company owes
	Government Exclusion = "government" // duplicates government investment
	Council    Exclusion = "council"    // the residents' council voted it down
	OtherExcl  Exclusion = "other"      // any other reason, written out
)

// Exclusions lists the reasons a reviewer chooses from; Council is set by
// a failed vote only.
var Exclusions = []Exclusion{Property, Government, OtherExcl}

// Project is one micro-project. The proposer's name and mobile number are
// always masked here: no read returns them in full.
type Project struct {
	ID             int64     `json:"id"`
	Receipt        string    `json:"receipt"`
	Year           int       `json:"year"`
	CommunityID    int64     `json:"community_id"`
	CommunityName  string    `json:"community_name"`
	Kind           Kind      `json:"kind"`
	Category       Category  `json:"category"`
	Title          string    `json:"title"`
	Description    string    `json:"description"`
	Location       string    `json:"location"`
	Budget         int64     `json:"budget"` // yuan
	Spent          int64     `json:"spent"`  // yuan
	Progress       int       `json:"progress"`
	Source         Source    `json:"source"`
	ProposerName   string    `json:"proposer_name,omitempty"`   // masked
	ProposerMobile string    `json:"proposer_mobile,omitempty"` // masked
	Stage          Stage     `json:"stage"`
	Exclusion      Exclusion `json:"exclusion,omitempty"`
	RejectReason   string    `json:"reject_reason,omitempty"`
	Vote           Vote      `json:"vote"`
	PublishedAt    time.Time `json:"published_at,omitzero"`
	PublicityEnds  time.Time `json:"publicity_ends,omitzero"`
	CreatedBy      int64     `json:"created_by,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	// The rest is filled by Get only.
	Events     []Event     `json:"events,omitempty"`
	Objections []Objection `json:"objections,omitempty"`
	Reports    []Report    `json:"reports,omitempty"`
	Spending   []Spending  `json:"spending,omitempty"`
	Ratings    []Rating    `json:"ratings,omitempty"`

	communityPath string
}

// Vote is the residents' council's vote: the counts, and who was there.
type Vote struct {
	For         int `json:"for"`
	Against     int `json:"against"`
	Abstain     int `json:"abstain"`
	Present     int `json:"present"`
	CouncilSize int `json:"council_size"`
}

// Cast is the number of votes cast.
func (v Vote) Cast() int { return v.For + v.Against + v.Abstain }

// Passes reports whether a majority of the votes cast is for.
func (v Vote) Passes() bool { return v.For*2 > v.Cast() }

// Event is one change of stage, or one recorded step, of a project.
type Event struct {
	At        time.Time `json:"at"`
	ActorName string    `json:"actor_name,omitempty"`
	Action    string    `json:"action"`
	From      Stage     `json:"from"`
	To        Stage     `json:"to"`
	Note      string    `json:"note,omitempty"`
}

// Objection is one objection raised during the publication.
type Objection struct {
	ID     int64     `json:"id"`
	Body   string    `json:"body"`
	Public bool      `json:"public"` // sent on the public page
	At     time.Time `json:"at"`
}

// Report is one progress report.
type Report struct {
	Percent    int       `json:"percent"`
	Note       string    `json:"note"`
	AuthorName string    `json:"author_name,omitempty"`
	At         time.Time `json:"at"`
}

// Spending is one spending entry, in yuan.
type Spending struct {
	Amount     int64     `json:"amount"`
	Item       string    `json:"item"`
	AuthorName string    `json:"author_name,omitempty"`
	At         time.Time `json:"at"`
}

// Rating is one resident's rating of an accepted project.
type Rating struct {
	Stars   int       `json:"stars"`
	Comment string    `json:"comment"`
	At      time.Time `json:"at"`
}

// auditView is the project as the audit log records it: no free text and
// no personal information.
type auditView struct {
	ID          int64     `json:"id"`
	CommunityID int64     `json:"community_id"`
	Year        int       `json:"year"`
	Kind        Kind      `json:"kind"`
	Category    Category  `json:"category"`
	Budget      int64     `json:"budget"`
	Spent       int64     `json:"spent"`
	Stage       Stage     `json:"stage"`
	Exclusion   Exclusion `json:"exclusion,omitempty"`
	Vote        Vote      `json:"vote"`
}

func (p Project) auditView() auditView {
	return auditView{ID: p.ID, CommunityID: p.CommunityID, Year: p.Year, Kind: p.Kind, Category: p.Category,
		Budget: p.Budget, Spent: p.Spent, Stage: p.Stage, Exclusion: p.Exclusion, Vote: p.Vote}
}
