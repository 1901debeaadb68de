package station

import (
	"context"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects stations. From and To are days (YYYY-MM-DD, China
// Standard Time), both included: To keeps the stations open on that day
// (opened on or before it) and, with From, bounds the records each
// station's Served counts. Without them Served counts every record.
type Filter struct {
	Query         string // in the name and the address
	Kind          Kind
	Group         Group
	UnitID        int64 // stations whose community lies in this unit's subtree
	NewEmployment *bool
	From, To      string
	Sort          string // one of SortKeys; "" is the first
	Page          db.Page
}

var sorts = map[string]string{
	"community":  "c.sort_order, c.id, s.name, s.id",
	"name":       "s.name, s.id",
	"-opened_on": "s.opened_on DESC, s.id DESC",
	"opened_on":  "s.opened_on, s.id",
	"-served":    "served DESC, s.id",
}

// SortKeys lists the accepted values of Filter.Sort, the default first.
var SortKeys = []string{"community", "name", "-opened_on", "opened_on", "-served"}

func (f *Filter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > MaxName {
		bad.Add("q", "err.too_long")
	}
	if f.Kind != "" && !f.Kind.Valid() {
		bad.Add("kind", "stn.err.kind")
	}
	if f.Group != "" && !f.Group.Valid() {
		bad.Add("group", "stn.err.group")
	}
	if f.From != "" && !isDay(f.From) {
		bad.Add("from", "err.bad_date")
	}
	if f.To != "" && !isDay(f.To) {
		bad.Add("to", "err.bad_date")
	}
	if _, ok := sorts[f.Sort]; !ok && f.Sort != "" {
		bad.Add("sort", "stn.err.sort")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

// where adds f's conditions; public lists (no actor) skip the scope,
// since a station's place and services are public information.
func (s *Service) where(w *db.Where, a *access.Actor, f Filter) {
	if a != nil {
		scope(w, *a)
	}
	if f.Query != "" {
		pat := db.LikePattern(f.Query)
		w.And("(s.name "+s.DB.ILike()+" ? ESCAPE '\\' OR s.address "+s.DB.ILike()+" ? ESCAPE '\\')", pat, pat)
	}
	if f.Kind != "" {
		w.And("s.kind = ?", string(f.Kind))
	}
	if f.Group != "" {
		w.And("(',' || s.groups_served || ',') LIKE ?", "%,"+string(f.Group)+",%")
	}
	if f.UnitID > 0 {
		w.And("c.path LIKE (SELECT path FROM units WHERE id = ?) || '%'", f.UnitID)
	}
	if f.NewEmployment != nil {
		w.And("s.new_employment = ?", *f.NewEmployment)
	}
	if f.To != "" {
		w.And("s.opened_on <= ?", f.To)
	}
}

// servedColumn is the sum of a station's records in f's period; its
// arguments go first, so it is called on a fresh Where.
func servedColumn(w *db.Where, f Filter) string {
	q := "(SELECT COALESCE(sum(r.served), 0) FROM station_records r WHERE r.station_id = s.id"
	if f.From != "" {
		q += " AND r.day >= " + w.Next(f.From)
	}
	if f.To != "" {
		q += " AND r.day <= " + w.Next(f.To)
	}
	return q + ") AS served"
}

// List returns one page of the stations in the actor's scope that f
// selects, with the total that matched.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Station], error) {
	return s.list(ctx, &a, f)
}

// PublicList is List for the public pages: every station, no scope.
func (s *Service) PublicList(ctx context.Context, f Filter) (db.List[Station], error) {
	return s.list(ctx, nil, f)
}

func (s *Service) list(ctx context.Context, a *access.Actor, f Filter) (db.List[Station], error) {
	out := db.List[Station]{Items: []Station{}}
	if err := f.validate(); err != nil {
		return out, err
	}
	out.Page, out.PageSize = f.Page.Number, f.Page.Size
	var cw db.Where
	s.where(&cw, a, f)
	// #nosec G202 -- FROM is a constant, the conditions placeholders
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+stationFrom+cw.SQL(), cw.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "station count")
	}
	var w db.Where
	served := servedColumn(&w, f)
	s.where(&w, a, f)
	order := sorts[f.Sort]
	if order == "" {
		order = sorts[SortKeys[0]]
	}
	// #nosec G202 -- columns and FROM are constants, the order one of the sorts map's values, the conditions placeholders
	q := "SELECT " + stationColumns + ", " + served + stationFrom + w.SQL() + " ORDER BY " + order + f.Page.LimitOffset(&w)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "station list")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var served int64
		st, err := scanStation(rows, &served)
		st.Served = served
		if err != nil {
			return out, errs.Wrap(err, "station scan")
		}
		out.Items = append(out.Items, st)
	}
	return out, errs.Wrap(rows.Err(), "station list")
}
