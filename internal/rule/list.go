package rule

import (
	"context"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects rules the actor may read.
type Filter struct {
	Query  string // in the number and the title
	Status Status
	UnitID int64
	Sort   string // one of SortKeys; "" is the number
	Page   db.Page
}

var sorts = db.Sorts{
	"number":        "r.number, r.id",
	"-effective_on": "r.effective_on DESC, r.id DESC",
	"-updated_at":   "r.updated_at DESC, r.id DESC",
	"title":         "r.title, r.id",
}

// SortKeys lists the accepted values of Filter.Sort, the default first.
var SortKeys = []string{"number", "-effective_on", "-updated_at", "title"}

// List returns one page of the rules the actor may read that f selects.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Rule], error) {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxTitle {
		bad.Add("q", "err.too_long")
	}
	if f.Status != "" && !f.Status.Valid() {
		bad.Add("status", "err.rule_status")
	}
	if !sorts.Valid(f.Sort) {
		bad.Add("sort", "err.rule_sort")
	}
	if err := bad.Err(); err != nil {
		return db.List[Rule]{Items: []Rule{}}, err
	}
	var w db.Where
	scope(&w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		w.And("(r.number "+s.DB.ILike()+" ? ESCAPE '\\' OR r.title "+s.DB.ILike()+" ? ESCAPE '\\')", pat, pat)
	}
	if f.Status != "" {
		w.And("r.status = ?", string(f.Status))
	}
	if f.UnitID > 0 {
		w.And("r.unit_id = ?", f.UnitID)
	}
	sel := db.Select{Columns: ruleColumns, From: ruleFrom, Where: w, Order: sorts.Order(f.Sort, SortKeys[0])}
	return db.SelectPage(ctx, s.DB.R, "rule", sel, f.Page, func(r db.Row) (Rule, error) {
		x, _, err := scanRule(r)
		return x, err
	})
}

// Get reads one rule the actor may read, with its versions and the
// proposals it came from.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Rule, error) {
	r, _, err := getInScope(ctx, s.DB.R, a, id)
	if err != nil {
		return r, err
	}
	if r.Versions, err = versions(ctx, s.DB.R, id); err != nil {
		return r, err
	}
	r.ProposalIDs, err = proposalIDs(ctx, s.DB.R, id)
	return r, err
}

// Rights reports whether the actor may add versions to r (write) and
// put it in force or repeal it (decide), for the page's buttons; the use
// cases decide again.
func (s *Service) Rights(ctx context.Context, a access.Actor, r Rule) (write, decide bool) {
	var path string
	if err := s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", r.UnitID).Scan(&path); err != nil {
		return false, false
	}
	return writes(a, path) && r.Status != Repealed, decides(a, path)
}
