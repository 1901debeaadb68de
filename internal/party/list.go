package party

import (
	"context"
	"strings"
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
	Sort    string // one of OrgSortKeys; "" is the first
	Page    db.Page
}

var orgSorts = map[string]string{
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
	if _, ok := orgSorts[f.Sort]; !ok && f.Sort != "" {
		bad.Add("sort", "pty.err.sort")
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
}

// ListOrgs returns one page of the organisations in the actor's scope
// that f selects, with the total that matched.
func (s *Service) ListOrgs(ctx context.Context, a access.Actor, f OrgFilter) (db.List[Org], error) {
	out := db.List[Org]{Items: []Org{}}
	if err := f.validate(); err != nil {
		return out, err
	}
	out.Page, out.PageSize = f.Page.Number, f.Page.Size
	var w db.Where
	s.orgWhere(&w, a, f)
	// #nosec G202 -- FROM is a constant, the conditions placeholders
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+orgFrom+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "party org count")
	}
	order := orgSorts[f.Sort]
	if order == "" {
		order = orgSorts[OrgSortKeys[0]]
	}
	// #nosec G202 -- columns and FROM are constants, the order one of the sorts map's values, the conditions placeholders
	q := "SELECT " + orgColumns + orgFrom + w.SQL() + " ORDER BY " + order + f.Page.LimitOffset(&w)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "party org list")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return out, errs.Wrap(err, "party org scan")
		}
		out.Items = append(out.Items, o)
	}
	return out, errs.Wrap(rows.Err(), "party org list")
}
