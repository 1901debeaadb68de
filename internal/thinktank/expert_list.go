package thinktank

import (
	"context"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// ExpertFilter selects experts in the actor's scope.
type ExpertFilter struct {
	Query  string // in the name, the organisation and the title
	UnitID int64  // a community or a unit above: its subtree
	Field  Field
	// Active, when set, keeps the experts whose term includes today
	// ("true") or does not ("false").
	Active string
	// ActiveOn, a day (YYYY-MM-DD), keeps the experts whose term includes
	// it: the list behind the dashboard's figure of a past period.
	ActiveOn string
	Sort     string // one of ExpertSortKeys; "" is the first
	Page     db.Page
}

var expertSorts = db.Sorts{
	"name":          "xc.sort_order, x.name, x.id",
	"field":         "x.field, x.name, x.id",
	"load":          "(SELECT count(*) FROM consultations l WHERE l.expert_id = x.id AND l.state = 'assigned'), x.name, x.id",
	"-appointed_to": "x.appointed_to DESC, x.id DESC",
}

// ExpertSortKeys lists the accepted values of ExpertFilter.Sort, the
// default first.
var ExpertSortKeys = []string{"name", "field", "load", "-appointed_to"}

func (f *ExpertFilter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxOrganisation {
		bad.Add("q", "err.too_long")
	}
	if f.Field != "" && !f.Field.Valid() {
		bad.Add("field", "tt.err.field")
	}
	if f.Active != "" && f.Active != "true" && f.Active != "false" {
		bad.Add("active", "tt.err.active")
	}
	if f.ActiveOn = strings.TrimSpace(f.ActiveOn); f.ActiveOn != "" {
		f.ActiveOn = parseDay(bad, "active_on", f.ActiveOn)
	}
	if !expertSorts.Valid(f.Sort) {
		bad.Add("sort", "tt.err.sort")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

// underUnit keeps the rows whose unit (alias col's path) lies in unit
// id's subtree; an unknown unit keeps nothing.
func underUnit(w *db.Where, pathCol string, id int64) {
	w.And(pathCol+" LIKE (SELECT path FROM units WHERE id = ?) || '%'", id)
}

func (s *Service) expertWhere(w *db.Where, a access.Actor, f ExpertFilter) {
	expertScope(w, a)
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		like := s.DB.ILike()
		w.And("(x.name "+like+" ? ESCAPE '\\' OR x.organisation "+like+" ? ESCAPE '\\' OR x.title "+like+" ? ESCAPE '\\')", pat, pat, pat)
	}
	if f.UnitID > 0 {
		underUnit(w, "xc.path", f.UnitID)
	}
	if f.Field != "" {
		w.And("x.field = ?", string(f.Field))
	}
	if f.ActiveOn != "" {
		w.And("x.appointed_from <= ? AND x.appointed_to >= ?", f.ActiveOn, f.ActiveOn)
	}
	today := s.today()
	switch f.Active {
	case "true":
		w.And("x.appointed_from <= ? AND x.appointed_to >= ?", today, today)
	case "false":
		w.And("(x.appointed_from > ? OR x.appointed_to < ?)", today, today)
	}
}

// Experts returns one page of the experts in the actor's scope that f
// selects, with the total that matched.
func (s *Service) Experts(ctx context.Context, a access.Actor, f ExpertFilter) (db.List[Expert], error) {
	if err := f.validate(); err != nil {
		return db.List[Expert]{Items: []Expert{}}, err
	}
	sel := db.Select{Columns: expertColumns, From: expertFrom, Order: expertSorts.Order(f.Sort, ExpertSortKeys[0])}
	s.expertWhere(&sel.Where, a, f)
	today := s.today()
	return db.SelectPage(ctx, s.DB.R, "expert", sel, f.Page, func(r db.Row) (Expert, error) { return scanExpert(r, today) })
}

// ExpertAccount is an account of role expert, for the form's link.
type ExpertAccount struct {
	ID          int64  `json:"id"`
	Username    string `json:"username"`
	DisplayName string `json:"display_name"`
}

// ExpertAccounts lists the active accounts of role expert whose unit lies
// in the actor's scope, for the form; only those who keep a register ask.
func (s *Service) ExpertAccounts(ctx context.Context, a access.Actor) ([]ExpertAccount, error) {
	if !MayKeepExperts(a) {
		return nil, nil
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.username, u.display_name FROM users u JOIN units n ON n.id = u.unit_id
		WHERE u.role = $1 AND u.active = TRUE AND n.path LIKE $2 ORDER BY u.username`, string(access.Expert), a.ScopePattern())
	if err != nil {
		return nil, errs.Wrap(err, "expert accounts")
	}
	defer func() { _ = rows.Close() }()
	var out []ExpertAccount
	for rows.Next() {
		var x ExpertAccount
		if err := rows.Scan(&x.ID, &x.Username, &x.DisplayName); err != nil {
			return nil, errs.Wrap(err, "expert accounts")
		}
		out = append(out, x)
	}
	return out, errs.Wrap(rows.Err(), "expert accounts")
}
