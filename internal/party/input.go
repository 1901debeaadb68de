package party

import (
	"context"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/station"
)

// Limits of the free text, in characters, and of the counts.
const (
	MaxName    = 100
	MaxPerson  = 50
	MaxAddress = 200
	MaxNote    = 500
	MaxMembers = 100_000
	MaxArea    = 1_000_000 // m²
)

// OrgInput is an organisation as a form or the API gives it.
type OrgInput struct {
	Name        string    `json:"name"`
	UnitID      int64     `json:"unit_id"`
	ParentID    int64     `json:"parent_id"`
	Level       Level     `json:"level"`
	Sector      Sector    `json:"sector"`
	Formation   Formation `json:"formation"`
	FoundedOn   string    `json:"founded_on"` // YYYY-MM-DD
	Secretary   string    `json:"secretary"`
	MemberCount int       `json:"member_count"`
	Address     string    `json:"address"`
	Lng         *float64  `json:"lng"`
	Lat         *float64  `json:"lat"`
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

func isDay(s string) bool {
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// checkDay checks a required day that cannot lie after today.
func checkDay(f errs.Fields, field string, v *string, today string) {
	*v = strings.TrimSpace(*v)
	switch {
	case *v == "":
		f.Add(field, "err.required")
	case !isDay(*v):
		f.Add(field, "err.bad_date")
	case *v > today:
		f.Add(field, "pty.err.future")
	}
}

// checkPoint checks an optional WGS84 point: both values or neither.
func checkPoint(f errs.Fields, lng, lat *float64) {
	switch {
	case lng == nil && lat == nil:
	case lng == nil:
		f.Add("lng", "err.required")
	case lat == nil:
		f.Add("lat", "err.required")
	default:
		station.CheckLocation(f, *lng, *lat)
	}
}

// validate checks and tidies everything that needs no database.
func (in *OrgInput) validate(today string) errs.Fields {
	f := errs.Fields{}
	checkText(f, "name", &in.Name, MaxName, true)
	checkText(f, "secretary", &in.Secretary, MaxPerson, false)
	checkText(f, "address", &in.Address, MaxAddress, false)
	if in.UnitID <= 0 {
		f.Add("unit_id", "err.required")
	}
	if in.ParentID < 0 {
		f.Add("parent_id", "pty.err.parent")
	}
	switch {
	case in.Level == "":
		f.Add("level", "err.required")
	case !in.Level.Valid():
		f.Add("level", "pty.err.level")
	}
	switch {
	case in.Sector == "":
		f.Add("sector", "err.required")
	case !in.Sector.Valid():
		f.Add("sector", "pty.err.sector")
	}
	switch {
	case in.Formation != "" && !in.Formation.Valid():
		f.Add("formation", "pty.err.formation")
	case in.Sector.Valid() && !in.Sector.TwoNew() && in.Formation != "":
		f.Add("formation", "pty.err.formation_sector")
	case in.Sector.TwoNew() && in.Formation == "":
		f.Add("formation", "err.required")
	}
	checkDay(f, "founded_on", &in.FoundedOn, today)
	if in.MemberCount < 0 || in.MemberCount > MaxMembers {
		f.Add("member_count", "pty.err.members")
	}
	checkPoint(f, in.Lng, in.Lat)
	return f
}

// resolve checks what needs the database: the unit must be an active
// sub-district or community the actor writes for, and the parent an
// active organisation of that unit or a unit above it (never the
// organisation itself or one below it). It fills the names into o.
func resolve(ctx context.Context, q db.Querier, a access.Actor, f errs.Fields, in OrgInput, selfID int64, o *Org) {
	if in.UnitID > 0 {
		var kind string
		err := q.QueryRowContext(ctx, "SELECT name, path, kind FROM units WHERE id = $1 AND active = TRUE", in.UnitID).
			Scan(&o.UnitName, &o.unitPath, &kind)
		if err != nil || !writes(a, o.unitPath) || (kind != string(org.Subdistrict) && kind != string(org.Community)) {
			f.Add("unit_id", "err.unit_unknown")
			return
		}
	}
	if in.ParentID <= 0 || f["unit_id"] != "" {
		return
	}
	var parentPath, status string
	err := q.QueryRowContext(ctx, `SELECT p.name, u.path, p.status FROM party_orgs p JOIN units u ON u.id = p.unit_id
		WHERE p.id = $1`, in.ParentID).Scan(&o.ParentName, &parentPath, &status)
	if err != nil || status != string(Active) || !strings.HasPrefix(o.unitPath, parentPath) {
		f.Add("parent_id", "pty.err.parent")
		return
	}
	if selfID > 0 && below(ctx, q, in.ParentID, selfID) {
		f.Add("parent_id", "pty.err.parent_cycle")
	}
}

// below reports whether id is top or stands somewhere under it.
func below(ctx context.Context, q db.Querier, id, top int64) bool {
	for range 50 { // deeper than any real tree
		if id == top {
			return true
		}
		var parent *int64
		if err := q.QueryRowContext(ctx, "SELECT parent_id FROM party_orgs WHERE id = $1", id).Scan(&parent); err != nil || parent == nil {
			return false
		}
		id = *parent
	}
	return true
}

// notNumber reports a value that is no number at all.
func notNumber(v float64) bool { return math.IsNaN(v) || math.IsInf(v, 0) }
