package enterprise

import (
	"context"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/pii"
)

// Filter selects enterprises for the list.
type Filter struct {
	Query       string // part of the name or of the credit code
	CommunityID int64
	Industry    string
	AboveScale  *bool
	Top100      *bool
	Status      Status
	// Incomplete keeps enterprises missing any of the 四个一, the list
	// the office works through until every enterprise is covered.
	Incomplete   bool
	SpecialistID int64
	// Sort is one of SortKeys, optionally prefixed with "-" for
	// descending order; "" sorts by name.
	Sort string
	Page db.Page
}

// sortColumns maps each sort key to its ORDER BY columns. Only these
// strings ever reach the SQL: the user's value selects one, it is never
// interpolated.
var sortColumns = map[string][]string{
	"name":        {"e.name"},
	"credit_code": {"e.credit_code"},
	"community":   {"c.sort_order", "c.name", "e.name"},
	"updated_at":  {"e.updated_at"},
}

// SortKeys lists the accepted sort keys, for forms and the API document.
var SortKeys = []string{"name", "credit_code", "community", "updated_at"}

// orderBy returns the ORDER BY clause for a sort value, or false for a
// value outside the whitelist. The id comes last so that pages of equal
// names never overlap or skip a row.
func orderBy(sort string) (string, bool) {
	if sort == "" {
		sort = "name"
	}
	key, dir := sort, " ASC"
	if rest, ok := strings.CutPrefix(sort, "-"); ok {
		key, dir = rest, " DESC"
	}
	cols, ok := sortColumns[key]
	if !ok {
		return "", false
	}
	var b strings.Builder
	b.WriteString(" ORDER BY ")
	for _, c := range cols {
		b.WriteString(c + dir + ", ")
	}
	b.WriteString("e.id" + dir)
	return b.String(), true
}

// where builds the filter's conditions after the scope. An unknown sort,
// status or industry is refused rather than ignored, so that a mistyped
// link says so instead of showing another list.
func (f Filter) where(d *db.DB, a access.Actor) (db.Where, string, error) {
	var w db.Where
	ScopeSQL(&w, a)
	bad := errs.Fields{}
	order, ok := orderBy(strings.TrimSpace(f.Sort))
	if !ok {
		bad.Add("sort", "err.enterprise_sort")
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		// Codes are stored upper-case and half-width; fold the query the
		// same way for the code, leave it as typed for the name.
		name, code := db.LikePattern(q), db.LikePattern(pii.NormalizeCreditCode(q))
		w.And("(e.name "+d.ILike()+" ? ESCAPE '\\' OR e.credit_code "+d.ILike()+" ? ESCAPE '\\')", name, code)
	}
	if f.CommunityID > 0 {
		w.And("e.community_id = ?", f.CommunityID)
	}
	if ind := strings.ToUpper(strings.TrimSpace(f.Industry)); ind != "" {
		if !ValidIndustry(ind) {
			bad.Add("industry", "err.enterprise_industry")
		}
		w.And("e.industry = ?", ind)
	}
	if f.AboveScale != nil {
		w.And("e.above_scale = ?", *f.AboveScale)
	}
	if f.Top100 != nil {
		w.And("e.top100 = ?", *f.Top100)
	}
	if f.Status != "" {
		if !f.Status.Valid() {
			bad.Add("status", "err.enterprise_status")
		}
		w.And("e.status = ?", f.Status)
	}
	if f.Incomplete {
		w.And("(e.leader_id IS NULL OR e.department_id IS NULL OR e.specialist_id IS NULL)")
	}
	if f.SpecialistID > 0 {
		w.And("e.specialist_id = ?", f.SpecialistID)
	}
	return w, order, bad.Err()
}

// List returns one page of the enterprises in scope that match f, with
// the total counted under the same conditions.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Enterprise], error) {
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	out := db.List[Enterprise]{Items: []Enterprise{}, Page: f.Page.Number, PageSize: f.Page.Size}
	w, order, err := f.where(s.DB, a)
	if err != nil {
		return out, err
	}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+scopeFrom+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "enterprises count")
	}
	if out.Total == 0 {
		return out, nil
	}
	// #nosec G202 -- constant SQL, db.Where's fragments with placeholders and one of orderBy's constant clauses
	rows, err := s.DB.R.QueryContext(ctx, "SELECT "+enterpriseColumns+enterpriseFrom+w.SQL()+order+f.Page.LimitOffset(&w), w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "enterprises list")
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEnterprise(rows)
		if err != nil {
			return out, errs.Wrap(err, "enterprises scan")
		}
		out.Items = append(out.Items, e)
	}
	return out, errs.Wrap(rows.Err(), "enterprises rows")
}
