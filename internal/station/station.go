package station

import (
	"slices"
	"time"
)

// Kind is what sort of station it is: a map layer.
type Kind string

const (
	WarmBee       Kind = "warm_bee"       // 暖蜂驿站, for couriers, riders and outdoor workers
	VolunteerU    Kind = "volunteer_u"    // 志愿者U站
	TrafficPolice Kind = "traffic_police" // 铁骑驿站
	TrafficKiosk  Kind = "traffic_kiosk"  // 交通业务自助机
	DriversHome   Kind = "drivers_home"   // 司机之家
	PartyCenter   Kind = "party_center"   // 党群服务中心
	OtherKind     Kind = "other"
)

// Kinds lists every kind in the order the forms show them.
var Kinds = []Kind{WarmBee, VolunteerU, TrafficPolice, TrafficKiosk, DriversHome, PartyCenter, OtherKind}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return slices.Contains(Kinds, k) }

// Group is a group of people a station serves.
type Group string

const (
	Couriers          Group = "couriers"
	DeliveryRiders    Group = "delivery_riders"
	Drivers           Group = "drivers"
	SanitationWorkers Group = "sanitation_workers"
	TrafficPoliceMen  Group = "traffic_police"
	Residents         Group = "residents"
	OtherGroup        Group = "other"
)

// Groups lists every group in the order the forms show them.
var Groups = []Group{Couriers, DeliveryRiders, Drivers, SanitationWorkers, TrafficPoliceMen, Residents, OtherGroup}

// Valid reports whether g is a known group.
func (g Group) Valid() bool { return slices.Contains(Groups, g) }

// NewEmploymentGroups are the new-employment groups (新就业群体): a
// station serving any of them is a new-employment site.
var NewEmploymentGroups = []Group{Couriers, DeliveryRiders, Drivers}

// ServesNewEmployment reports whether groups hold a new-employment group.
func ServesNewEmployment(groups []Group) bool {
	for _, g := range groups {
		if slices.Contains(NewEmploymentGroups, g) {
			return true
		}
	}
	return false
}

// Station is one service station.
type Station struct {
	ID                int64     `json:"id"`
	Name              string    `json:"name"`
	Kind              Kind      `json:"kind"`
	CommunityID       int64     `json:"community_id"`
	CommunityName     string    `json:"community_name"`
	Address           string    `json:"address"`
	Lng               float64   `json:"lng"` // WGS84 degrees east
	Lat               float64   `json:"lat"` // WGS84 degrees north
	AreaM2            float64   `json:"area_m2"`
	Hours             string    `json:"hours"`
	Services          []string  `json:"services"`
	Groups            []Group   `json:"groups"`
	NewEmployment     bool      `json:"new_employment"` // derived from Groups
	ManagingUnitID    int64     `json:"managing_unit_id,omitempty"`
	ManagingUnitName  string    `json:"managing_unit_name,omitempty"` // the unit's name, or the text given
	Funding           string    `json:"funding,omitempty"`
	OpenedOn          string    `json:"opened_on"` // YYYY-MM-DD
	CreatedAt         time.Time `json:"created_at"`
	UpdatedAt         time.Time `json:"updated_at"`
	Served            int64     `json:"served"` // in the list's period; all records when none
	communityPath     string
	managingUnitPath  string
	managingUnitGiven string
}

// Record is one service record: a day's count for a service, or a single
// entry with a note (count 1).
type Record struct {
	ID         int64     `json:"id"`
	StationID  int64     `json:"station_id"`
	Day        string    `json:"day"` // YYYY-MM-DD
	Service    string    `json:"service"`
	Count      int       `json:"count"`
	Note       string    `json:"note,omitempty"`
	RecordedAt time.Time `json:"recorded_at"`
}

// Month is a station's served total of one month and one service.
type Month struct {
	Month   string `json:"month"` // YYYY-MM
	Service string `json:"service"`
	Count   int64  `json:"count"`
}

// auditView is the station as the audit log records it.
type auditView struct {
	ID            int64   `json:"id"`
	Name          string  `json:"name"`
	Kind          Kind    `json:"kind"`
	CommunityID   int64   `json:"community_id"`
	Lng           float64 `json:"lng"`
	Lat           float64 `json:"lat"`
	AreaM2        float64 `json:"area_m2"`
	Groups        []Group `json:"groups"`
	NewEmployment bool    `json:"new_employment"`
	OpenedOn      string  `json:"opened_on"`
}

func (s Station) auditView() auditView {
	return auditView{ID: s.ID, Name: s.Name, Kind: s.Kind, CommunityID: s.CommunityID, Lng: s.Lng, Lat: s.Lat,
		AreaM2: s.AreaM2, Groups: s.Groups, NewEmployment: s.NewEmployment, OpenedOn: s.OpenedOn}
}
