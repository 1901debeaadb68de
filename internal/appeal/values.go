package appeal

import "slices"

// Channel is how an appeal reached the sub-district.
type Channel string

const (
	ChannelVisit      Channel = "visit"       // raised during a visit (走访)
	ChannelHotline    Channel = "hotline"     // by telephone
	ChannelOnline     Channel = "online"      // the enterprise's own self-service
	ChannelServiceDay Channel = "service_day" // an enterprise service day
	ChannelOther      Channel = "other"
)

// Channels lists every channel in display order.
var Channels = []Channel{ChannelVisit, ChannelHotline, ChannelOnline, ChannelServiceDay, ChannelOther}

// Valid reports whether c is a known channel.
func (c Channel) Valid() bool { return slices.Contains(Channels, c) }

// Solved is the enterprise's answer to "was the problem solved?".
type Solved string

const (
	SolvedYes    Solved = "solved"
	SolvedPartly Solved = "partly"
	SolvedNo     Solved = "not_solved"
)

// SolvedValues lists every answer.
var SolvedValues = []Solved{SolvedYes, SolvedPartly, SolvedNo}

// Valid reports whether s is a known answer.
func (s Solved) Valid() bool { return slices.Contains(SolvedValues, s) }

// Satisfaction is the enterprise's rating of the handling.
type Satisfaction string

const (
	Satisfied    Satisfaction = "satisfied"
	Basically    Satisfaction = "basically" // basically satisfied (基本满意)
	Dissatisfied Satisfaction = "dissatisfied"
)

// Satisfactions lists every rating.
var Satisfactions = []Satisfaction{Satisfied, Basically, Dissatisfied}

// Valid reports whether s is a known rating.
func (s Satisfaction) Valid() bool { return slices.Contains(Satisfactions, s) }

// RejectReason is one of Shenzhen's exclusion reasons: appeals of these
// kinds are not handled through the enterprise service.
type RejectReason string

const (
	RejectOutsideJurisdiction RejectReason = "outside_jurisdiction" // not the sub-district's matter
	RejectLitigation          RejectReason = "litigation"           // already in litigation, arbitration or administrative review
	RejectPetition            RejectReason = "petition"             // already in 信访
	RejectSecretPrivacy       RejectReason = "secret_privacy"       // touches state secrets or privacy
	RejectUnlawful            RejectReason = "unlawful"             // asks for something unlawful
	RejectDuplicate           RejectReason = "duplicate"            // the same appeal is already being handled
	RejectOther               RejectReason = "other"
)

// RejectReasons lists every exclusion reason in display order.
var RejectReasons = []RejectReason{RejectOutsideJurisdiction, RejectLitigation, RejectPetition, RejectSecretPrivacy,
	RejectUnlawful, RejectDuplicate, RejectOther}

// Valid reports whether r is a known exclusion reason.
func (r RejectReason) Valid() bool { return slices.Contains(RejectReasons, r) }
