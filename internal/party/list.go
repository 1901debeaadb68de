package party

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// OrgFilter selects organisations.
type OrgFilter struct {
	Query     string // in the name
	Level     Level
	Sector    Sector
	Formation Formation
	Status    Status
	UnitID    int64 // organisations whose unit lies in this unit's subtree
	// Located keeps only organisations with a WGS84 point, for a map.
	Located bool
	// StandingOn keeps the organisations standing on that day; FoundedFrom
	// and FoundedTo those set up in a period, both days included; NewKind
	// those of one of the kinds NewByKind counts (its JSON names). They
	// are the lists behind the figures, with the figures' own conditions.
	StandingOn, FoundedFrom, FoundedTo string
	NewKind                            string
	Sort                               string // one of OrgSortKeys; "" is the first
	Page                               db.Page
}

var orgSorts = db.Sorts{
	"tree":        "u.path, CASE p.level WHEN 'working_committee' THEN 1 WHEN 'committee' THEN 2 WHEN 'general_branch' THEN 3 WHEN 'branch' THEN 4 ELSE 5 END, p.name, p.id",
	"name":        "p.name, p.id",
	"-founded_on": "p.founded_on DESC, p.id DESC",
	"founded_on":  "p.founded_on, p.id",
	"-members":    "p.member_count DESC, p.id",
}

// OrgSortKeys lists the accepted values of OrgFilter.Sort, the default first.
var OrgSortKeys = []string{"tree", "name", "-founded_on", "founded_on", "-members"}

func (f *OrgFilter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxName {
		bad.Add("q", "err.too_long")
	}
	if f.Level != "" && !f.Level.Valid() {
		bad.Add("level", "pty.err.level")
	}
	if f.Sector != "" && !f.Sector.Valid() {
		bad.Add("sector", "pty.err.sector")
	}
	if f.Formation != "" && !f.Formation.Valid() {
		bad.Add("formation", "pty.err.formation")
	}
	if f.Status != "" && !f.Status.Valid() {
		bad.Add("status", "pty.err.status")
	}
	if !orgSorts.Valid(f.Sort) {
		bad.Add("sort", "pty.err.sort")
	}
	for _, d := range []struct{ name, v string }{{"standing_on", f.StandingOn}, {"founded_from", f.FoundedFrom}, {"founded_to", f.FoundedTo}} {
		if _, err := time.Parse(time.DateOnly, d.v); d.v != "" && err != nil {
			bad.Add(d.name, "err.bad_date")
		}
	}
	if _, ok := newKindConds[f.NewKind]; !ok && f.NewKind != "" {
		bad.Add("new_kind", "pty.err.new_kind")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

func (s *Service) orgWhere(w *db.Where, a access.Actor, f OrgFilter) {
	scopeUnit(w, a, "u")
	if f.Query != "" {
		w.And("p.name "+s.DB.ILike()+" ? ESCAPE '\\'", db.LikePattern(f.Query))
	}
	if f.Level != "" {
		w.And("p.level = ?", string(f.Level))
	}
	if f.Sector != "" {
		w.And("p.sector = ?", string(f.Sector))
	}
	if f.Formation != "" {
		w.And("p.formation = ?", string(f.Formation))
	}
	if f.Status != "" {
		w.And("p.status = ?", string(f.Status))
	}
	if f.UnitID > 0 {
		w.And("u.path LIKE (SELECT path FROM units WHERE id = ?) || '%'", f.UnitID)
	}
	if f.Located {
		w.And("p.lng IS NOT NULL AND p.lat IS NOT NULL")
	}
	if f.StandingOn != "" {
		w.And(standingOn, f.StandingOn, f.StandingOn)
	}
	if f.FoundedFrom != "" {
		w.And("p.founded_on >= ?", f.FoundedFrom)
	}
	if f.FoundedTo != "" {
		w.And("p.founded_on <= ?", f.FoundedTo)
	}
	if c, ok := newKindConds[f.NewKind]; ok {
		w.And(c)
	}
}

// ListOrgs returns one page of the organisations in the actor's scope
// that f selects, with the total that matched.
func (s *Service) ListOrgs(ctx context.Context, a access.Actor, f OrgFilter) (db.List[Org], error) {
	if err := f.validate(); err != nil {
		return db.List[Org]{Items: []Org{}}, err
	}
	sel := db.Select{Columns: orgColumns, From: orgFrom, Order: orgSorts.Order(f.Sort, OrgSortKeys[0])}
	s.orgWhere(&sel.Where, a, f)
	return db.SelectPage(ctx, s.DB.R, "party org", sel, f.Page, scanOrg)
}
