package station

import (
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/errs"
)

// Limits of the free text, in characters, and of the lists.
const (
	MaxName     = 100
	MaxAddress  = 200
	MaxHours    = 100
	MaxService  = 50
	MaxServices = 30
	MaxUnitText = 100
	MaxFunding  = 100
	MaxNote     = 500
	MaxArea     = 1_000_000 // m²: a square kilometre is no station
	MaxCount    = 100_000   // people served by one service in one day
)

// China's bounding box in WGS84 degrees: a coordinate outside it is a
// typing mistake, since every station of the platform is in China.
const (
	MinLng, MaxLng = 73.5, 135.1
	MinLat, MaxLat = 18.1, 53.6
)

// Input is a station as a form or the API gives it.
type Input struct {
	Name           string   `json:"name"`
	Kind           Kind     `json:"kind"`
	CommunityID    int64    `json:"community_id"`
	Address        string   `json:"address"`
	Lng            float64  `json:"lng"`
	Lat            float64  `json:"lat"`
	AreaM2         float64  `json:"area_m2"`
	Hours          string   `json:"hours"`
	Services       []string `json:"services"`
	Groups         []Group  `json:"groups"`
	ManagingUnitID int64    `json:"managing_unit_id"`
	ManagingUnit   string   `json:"managing_unit"` // its name when it is not a unit of the platform
	Funding        string   `json:"funding"`
	OpenedOn       string   `json:"opened_on"` // YYYY-MM-DD
}

func inBox(lng, lat float64) bool {
	return lng >= MinLng && lng <= MaxLng && lat >= MinLat && lat <= MaxLat
}

// CheckLocation names what is wrong with a WGS84 point, field by field:
// a point whose two values fit China only the other way round is
// reported as swapped on both fields; otherwise each value outside
// China's range is reported on its own field.
func CheckLocation(f errs.Fields, lng, lat float64) {
	for _, v := range []struct {
		field string
		v     float64
	}{{"lng", lng}, {"lat", lat}} {
		if math.IsNaN(v.v) || math.IsInf(v.v, 0) {
			f.Add(v.field, "stn.err.not_a_number")
		}
	}
	if inBox(lng, lat) || f["lng"] != "" || f["lat"] != "" {
		return
	}
	if inBox(lat, lng) {
		f.Add("lng", "stn.err.swapped")
		f.Add("lat", "stn.err.swapped")
		return
	}
	if lng < MinLng || lng > MaxLng {
		f.Add("lng", "stn.err.outside_china")
	}
	if lat < MinLat || lat > MaxLat {
		f.Add("lat", "stn.err.outside_china")
	}
}

func checkText(f errs.Fields, field string, v *string, max int, required bool) {
	*v = strings.TrimSpace(*v)
	switch {
	case *v == "" && required:
		f.Add(field, "err.required")
	case utf8.RuneCountInString(*v) > max:
		f.Add(field, "err.too_long")
	}
}

// validate checks and tidies everything that needs no database.
func (in *Input) validate() errs.Fields {
	f := errs.Fields{}
	checkText(f, "name", &in.Name, MaxName, true)
	checkText(f, "address", &in.Address, MaxAddress, true)
	checkText(f, "hours", &in.Hours, MaxHours, false)
	checkText(f, "managing_unit", &in.ManagingUnit, MaxUnitText, false)
	checkText(f, "funding", &in.Funding, MaxFunding, false)
	if in.Kind == "" {
		f.Add("kind", "err.required")
	} else if !in.Kind.Valid() {
		f.Add("kind", "stn.err.kind")
	}
	if in.CommunityID <= 0 {
		f.Add("community_id", "err.required")
	}
	CheckLocation(f, in.Lng, in.Lat)
	switch {
	case math.IsNaN(in.AreaM2) || math.IsInf(in.AreaM2, 0):
		f.Add("area_m2", "stn.err.not_a_number")
	case in.AreaM2 <= 0:
		f.Add("area_m2", "stn.err.area")
	case in.AreaM2 > MaxArea:
		f.Add("area_m2", "stn.err.area_large")
	}
	var services []string
	for _, s := range in.Services {
		s = strings.TrimSpace(s)
		if s == "" || slices.Contains(services, s) {
			continue
		}
		if utf8.RuneCountInString(s) > MaxService {
			f.Add("services", "stn.err.service_long")
		}
		services = append(services, s)
	}
	switch {
	case len(services) == 0:
		f.Add("services", "err.required")
	case len(services) > MaxServices:
		f.Add("services", "stn.err.services_many")
	}
	in.Services = services
	var groups []Group
	for _, g := range in.Groups {
		if !g.Valid() {
			f.Add("groups", "stn.err.group")
			continue
		}
		if !slices.Contains(groups, g) {
			groups = append(groups, g)
		}
	}
	if len(groups) == 0 {
		f.Add("groups", "err.required")
	}
	// Kept in the forms' order, so that two stations serving the same
	// groups show them alike.
	slices.SortFunc(groups, func(a, b Group) int { return slices.Index(Groups, a) - slices.Index(Groups, b) })
	in.Groups = groups
	if in.ManagingUnitID < 0 {
		f.Add("managing_unit_id", "err.unit_unknown")
	}
	in.OpenedOn = strings.TrimSpace(in.OpenedOn)
	if in.OpenedOn == "" {
		f.Add("opened_on", "err.required")
	} else if _, err := time.Parse(time.DateOnly, in.OpenedOn); err != nil {
		f.Add("opened_on", "err.bad_date")
	}
	return f
}

// RecordInput is a service record: a day's count for a service, or, with
// no count, a single entry with a note.
type RecordInput struct {
	Day     string `json:"day"` // YYYY-MM-DD
	Service string `json:"service"`
	Count   *int   `json:"count"` // nil: one person, a single entry
	Note    string `json:"note"`
}

// validate checks a record against the station it is for and today's
// date in China Standard Time.
func (in *RecordInput) validate(st Station, today string) (int, errs.Fields) {
	f := errs.Fields{}
	in.Day, in.Service = strings.TrimSpace(in.Day), strings.TrimSpace(in.Service)
	checkText(f, "note", &in.Note, MaxNote, false)
	switch {
	case in.Day == "":
		f.Add("day", "err.required")
	case !isDay(in.Day):
		f.Add("day", "err.bad_date")
	case in.Day > today:
		f.Add("day", "stn.err.future")
	case in.Day < st.OpenedOn:
		f.Add("day", "stn.err.before_opening")
	}
	if in.Service == "" {
		f.Add("service", "err.required")
	} else if !slices.Contains(st.Services, in.Service) {
		f.Add("service", "stn.err.service_unknown")
	}
	n := 1
	if in.Count != nil {
		n = *in.Count
	}
	switch {
	case n < 0:
		f.Add("count", "stn.err.count_negative")
	case n > MaxCount:
		f.Add("count", "stn.err.count_large")
	}
	return n, f
}

func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}
