package microproject

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects projects in the actor's scope.
type Filter struct {
	Query    string // in the title, the description and the location
	UnitID   int64  // a community, or any unit whose subtree holds communities
	Year     int
	Stage    Stage
	Kind     Kind
	Category Category
	// From and To bound the collection (created), To excluded; zero is open.
	From, To time.Time
	Sort     string // one of SortKeys; "" is the newest first
	Page     db.Page
}

var sorts = db.Sorts{
	"-created_at": "p.created_at DESC, p.id DESC",
	"created_at":  "p.created_at, p.id",
	"-budget":     "p.budget DESC, p.id DESC",
	"budget":      "p.budget, p.id",
	"-updated_at": "p.updated_at DESC, p.id DESC",
	"title":       "p.title, p.id",
}

// SortKeys lists the accepted values of Filter.Sort, the default first.
var SortKeys = []string{"-created_at", "created_at", "-budget", "budget", "-updated_at", "title"}

func (f *Filter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxTitle {
		bad.Add("q", "err.too_long")
	}
	if f.Stage != "" && !f.Stage.Valid() {
		bad.Add("stage", "mp.err.stage")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		bad.Add("kind", "mp.err.kind")
	}
	if f.Category != "" && !f.Category.Valid() {
		bad.Add("category", "mp.err.category")
	}
	if f.Year != 0 && (f.Year < 2000 || f.Year > 2100) {
		bad.Add("year", "mp.err.year")
	}
	if !sorts.Valid(f.Sort) {
		bad.Add("sort", "mp.err.sort")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

func (s *Service) where(w *db.Where, a access.Actor, f Filter) {
	scope(w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		like := s.DB.ILike()
		w.And("(p.title "+like+" ? ESCAPE '\\' OR p.description "+like+" ? ESCAPE '\\' OR p.location "+like+" ? ESCAPE '\\')", pat, pat, pat)
	}
	if f.UnitID > 0 {
		w.And("c.path LIKE ((SELECT path FROM units WHERE id = ?) || '%')", f.UnitID)
	}
	if f.Year > 0 {
		w.And("p.year = ?", f.Year)
	}
	if f.Stage != "" {
		w.And("p.stage = ?", string(f.Stage))
	}
	if f.Kind != "" {
		w.And("p.kind = ?", string(f.Kind))
	}
	if f.Category != "" {
		w.And("p.category = ?", string(f.Category))
	}
	if !f.From.IsZero() {
		w.And("p.created_at >= ?", db.Micros(f.From))
	}
	if !f.To.IsZero() {
		w.And("p.created_at < ?", db.Micros(f.To))
	}
}

// List returns one page of the projects in the actor's scope that f
// selects, with the total that matched.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Project], error) {
	if err := f.validate(); err != nil {
		return db.List[Project]{Items: []Project{}}, err
	}
	sel := db.Select{Columns: projectColumns, From: projectFrom, Order: sorts.Order(f.Sort, SortKeys[0])}
	s.where(&sel.Where, a, f)
	return db.SelectPage(ctx, s.DB.R, "microproject", sel, f.Page, scanProject)
}

// Communities lists every active community by its order, for the forms:
// the public one too, so the list is not business data.
func (s *Service) Communities(ctx context.Context) ([]Place, error) {
	rows, err := s.DB.R.QueryContext(ctx, "SELECT id, name, path FROM units WHERE kind = 'community' AND active = TRUE ORDER BY sort_order, id")
	if err != nil {
		return nil, errs.Wrap(err, "microproject communities")
	}
	defer func() { _ = rows.Close() }()
	var out []Place
	for rows.Next() {
		var p Place
		if err := rows.Scan(&p.ID, &p.Name, &p.path); err != nil {
			return nil, errs.Wrap(err, "microproject communities")
		}
		out = append(out, p)
	}
	return out, errs.Wrap(rows.Err(), "microproject communities")
}

// Place is a community, for the forms.
type Place struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	path string
}

// Managed keeps the communities the actor manages, for the staff's form.
func Managed(a access.Actor, all []Place) []Place {
	var out []Place
	for _, p := range all {
		if manages(a, p.path) {
			out = append(out, p)
		}
	}
	return out
}
