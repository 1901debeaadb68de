package assessment

import (
	"context"
	"slices"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Service gathers the parts from the Sources.
type Service struct {
	DB      *db.DB
	Now     func() time.Time
	Sources []Source
}

// Cadre roles: the staff whose work the modules record. Officers, enterprise
// contacts and experts are not cadres of the sub-district.
var cadreRoles = []access.Role{access.Leader, access.Office, access.Dept, access.Community, access.Specialist}

// IsCadre reports whether a role is assessed.
func IsCadre(r access.Role) bool { return slices.Contains(cadreRoles, r) }

// Filter selects the cadres of a report.
type Filter struct {
	Year   int
	UnitID int64  // within this unit's subtree; 0 for the whole scope
	Query  string // name or username contains
}

// Row is one cadre's line.
type Row struct {
	UserID   int64  `json:"user_id"`
	Username string `json:"username"`
	Name     string `json:"name"`
	Role     string `json:"role"`
	UnitID   int64  `json:"unit_id"`
	UnitName string `json:"unit_name"`
	Parts
	Rates Rates `json:"rates"`
}

// Report is the reference for a year.
type Report struct {
	Year int       `json:"year"`
	AsOf time.Time `json:"as_of"` // the end of the year, or now while it runs
	Rows []Row     `json:"cadres"`
}

// minYear is the first year the platform can hold records of.
const minYear = 2000

// asOf is the end of the year in China Standard Time, or now if earlier.
func (s *Service) asOf(year int) time.Time {
	end := time.Date(year+1, 1, 1, 0, 0, 0, 0, i18n.Zone).UTC()
	if now := s.Now().UTC(); now.Before(end) {
		return now
	}
	return end
}

// checkYear refuses a year outside what can hold records.
func (s *Service) checkYear(year int) error {
	if year < minYear || year > s.Now().In(i18n.Zone).Year() {
		return errs.InvalidField("year", "assessment.err.year")
	}
	return nil
}

// Sees reports whether an actor may open the reference at all: leaders and
// the office see every cadre in scope, a cadre sees their own line.
func Sees(a access.Actor) bool { return IsCadre(a.Role) && a.HasScope() }

// everyone reports whether the actor sees all cadres in scope, not only
// themselves.
func everyone(a access.Actor) bool { return a.Role == access.Leader || a.Role == access.Office }

// Cadres is the reference for a year.
func (s *Service) Cadres(ctx context.Context, a access.Actor, f Filter) (Report, error) {
	if !Sees(a) {
		return Report{}, errs.E(errs.NotFound)
	}
	if err := s.checkYear(f.Year); err != nil {
		return Report{}, err
	}
	rep := Report{Year: f.Year, AsOf: s.asOf(f.Year), Rows: []Row{}}
	rows, err := s.cadres(ctx, a, f, 0)
	if err != nil {
		return rep, err
	}
	parts := make(map[int64]*Parts, len(rows))
	for i := range rows {
		parts[rows[i].UserID] = &rows[i].Parts
	}
	for _, src := range s.Sources {
		if err := src.Fill(ctx, f.Year, rep.AsOf, parts); err != nil {
			return rep, errs.Wrap(err, "assessment source")
		}
	}
	for i := range rows {
		rows[i].Rates = RatesOf(rows[i].Parts)
	}
	rep.Rows = rows
	return rep, nil
}

// Cadre is one cadre's line with the records behind it.
type Cadre struct {
	Year    int       `json:"year"`
	AsOf    time.Time `json:"as_of"`
	Row     Row       `json:"cadre"`
	Records []Record  `json:"records"`
}

// One is one cadre's reference with its records; a cadre out of the
// actor's sight is not found.
func (s *Service) One(ctx context.Context, a access.Actor, year int, userID int64) (Cadre, error) {
	if !Sees(a) || userID <= 0 {
		return Cadre{}, errs.E(errs.NotFound)
	}
	if err := s.checkYear(year); err != nil {
		return Cadre{}, err
	}
	c := Cadre{Year: year, AsOf: s.asOf(year), Records: []Record{}}
	rows, err := s.cadres(ctx, a, Filter{Year: year}, userID)
	if err != nil {
		return c, err
	}
	if len(rows) != 1 {
		return c, errs.E(errs.NotFound)
	}
	c.Row = rows[0]
	parts := map[int64]*Parts{userID: &c.Row.Parts}
	for _, src := range s.Sources {
		if err := src.Fill(ctx, year, c.AsOf, parts); err != nil {
			return c, errs.Wrap(err, "assessment source")
		}
		recs, err := src.Records(ctx, year, c.AsOf, userID)
		if err != nil {
			return c, errs.Wrap(err, "assessment records")
		}
		c.Records = append(c.Records, recs...)
	}
	c.Row.Rates = RatesOf(c.Row.Parts)
	slices.SortStableFunc(c.Records, func(x, y Record) int { return x.Date.Compare(y.Date) })
	return c, nil
}

// cadres lists the active cadres the actor sees, by unit then name; one
// when userID is given.
func (s *Service) cadres(ctx context.Context, a access.Actor, f Filter, userID int64) ([]Row, error) {
	var w db.Where
	roles := make([]string, len(cadreRoles))
	for i, r := range cadreRoles {
		roles[i] = "'" + string(r) + "'"
	}
	w.And("u.active = ?", true)
	w.And("u.role IN (" + strings.Join(roles, ",") + ")")
	w.And("un.path LIKE ?", a.ScopePattern())
	if !everyone(a) {
		w.And("u.id = ?", a.UserID)
	}
	if userID > 0 {
		w.And("u.id = ?", userID)
	}
	if f.UnitID > 0 {
		w.And("un.path LIKE (SELECT path FROM units WHERE id = ?) || '%'", f.UnitID)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		p := db.LikePattern(q)
		w.And("(u.display_name "+s.DB.ILike()+" ? ESCAPE '\\' OR u.username "+s.DB.ILike()+" ? ESCAPE '\\')", p, p)
	}
	rs, err := s.DB.R.QueryContext(ctx, `SELECT u.id, u.username, u.display_name, u.role, un.id, un.name
		FROM users u JOIN units un ON un.id = u.unit_id`+w.SQL()+` ORDER BY un.path, u.display_name, u.id`, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "assessment cadres")
	}
	defer rs.Close()
	out := []Row{}
	for rs.Next() {
		var r Row
		if err := rs.Scan(&r.UserID, &r.Username, &r.Name, &r.Role, &r.UnitID, &r.UnitName); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}
