package thinktank

import "slices"

// Field is an expert's field, and the field a consultation asks about.
// The first six are those of 禾花's think tank; the next three are what
// the think tank advises on.
type Field string

const (
	Environment Field = "environment" // 环境保护
	Electronics Field = "electronics" // 电子信息
	IoT         Field = "iot"         // 物联网
	Finance     Field = "finance"     // 财税会计
	FireSafety  Field = "fire_safety" // 消防安全
	Health      Field = "health"      // 健康管理
	Planning    Field = "planning"    // 规划
	Industry    Field = "industry"    // 产业
	SmartCity   Field = "smart_city"  // 智慧城市
	OtherField  Field = "other"       // 其他
)

// Fields lists every field in display order.
var Fields = []Field{Environment, Electronics, IoT, Finance, FireSafety, Health, Planning, Industry, SmartCity, OtherField}

// Valid reports whether f is a known field.
func (f Field) Valid() bool { return slices.Contains(Fields, f) }

// Urgency is how soon the requester needs the advice.
type Urgency string

const (
	Normal Urgency = "normal"
	Urgent Urgency = "urgent"
)

// Urgencies lists the urgencies.
var Urgencies = []Urgency{Normal, Urgent}

// Valid reports whether u is known.
func (u Urgency) Valid() bool { return u == Normal || u == Urgent }

// RequesterKind says who asks: an enterprise, a community (its party
// committee or neighbourhood committee), or a party organisation or
// office of the sub-district.
type RequesterKind string

const (
	ByEnterprise RequesterKind = "enterprise"
	ByCommunity  RequesterKind = "community"
	ByPartyOrg   RequesterKind = "party_org"
)

// RequesterKinds lists the kinds.
var RequesterKinds = []RequesterKind{ByEnterprise, ByCommunity, ByPartyOrg}

// Valid reports whether k is known.
func (k RequesterKind) Valid() bool { return slices.Contains(RequesterKinds, k) }
