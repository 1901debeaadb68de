package party

import (
	"context"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Figure names one of the coverage figures whose enterprises can be
// listed.
type Figure string

const (
	FigEnterprises Figure = "enterprises" // every operating non-public enterprise
	FigCovered     Figure = "covered"
	FigSingleBuilt Figure = "single_built"
	FigWorkCovered Figure = "work_covered"
	FigUncovered   Figure = "uncovered"
	FigFlagged     Figure = "flagged"
)

// FigureNames lists the figures in the page's order.
var FigureNames = []Figure{FigEnterprises, FigCovered, FigSingleBuilt, FigWorkCovered, FigUncovered, FigFlagged}

// Valid reports whether f is a known figure.
func (f Figure) Valid() bool { return slices.Contains(FigureNames, f) }

// CoveredEnterprise is an enterprise behind a coverage figure: the
// organisations covering it on the day and its party work.
type CoveredEnterprise struct {
	ID            int64      `json:"id"`
	Name          string     `json:"name"`
	CommunityName string     `json:"community_name"`
	Orgs          string     `json:"orgs"` // the covering organisations' names, comma-separated
	Single        bool       `json:"single"`
	PartyMembers  int        `json:"party_members"`
	WorkerRole    WorkerRole `json:"worker_role,omitempty"`
}

// DrillQuery picks the enterprises behind one figure of Figures.
type DrillQuery struct {
	Figure Figure
	AsOf   time.Time // zero: today
	UnitID int64
	Page   db.Page
}

// figureCond is each figure's condition on the row of enterpriseFlags,
// the same the counts use.
var figureCond = map[Figure]string{
	FigEnterprises: "1 = 1",
	FigCovered:     "x.cov = 1",
	FigSingleBuilt: "x.single = 1",
	FigWorkCovered: "x.cov = 0 AND x.work = 1",
	FigUncovered:   "x.cov = 0 AND x.work = 0",
	FigFlagged:     "x.single = 0 AND x.members >= $3",
}

// Enterprises lists one page of the enterprises behind a coverage figure
// as of a day, so that every figure opens its records; the total equals
// the figure.
func (s *Service) Enterprises(ctx context.Context, a access.Actor, q DrillQuery) (db.List[CoveredEnterprise], error) {
	out := db.List[CoveredEnterprise]{Items: []CoveredEnterprise{}}
	if !Sees(a) {
		return out, errs.E(errs.NotFound)
	}
	cond, ok := figureCond[q.Figure]
	if !ok {
		return out, errs.InvalidField("figure", "pty.err.figure")
	}
	day := s.today()
	if !q.AsOf.IsZero() {
		day = q.AsOf.In(i18n.Zone).Format(time.DateOnly)
	}
	pattern := a.ScopePattern()
	if q.UnitID > 0 {
		var path string
		err := s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1", q.UnitID).Scan(&path)
		if err != nil || !a.Covers(path) {
			return out, errs.E(errs.NotFound)
		}
		pattern = path + "%"
	}
	q.Page = db.NewPage(q.Page.Number, q.Page.Size)
	out.Page, out.PageSize = q.Page.Number, q.Page.Size
	w := db.Where{}
	w.Next(day)
	w.Next(pattern)
	if q.Figure == FigFlagged {
		w.Next(FlagMembers) // PostgreSQL takes no argument the query does not use
	}
	// #nosec G202 -- enterpriseFlags and the conditions are constants
	from := " FROM (" + enterpriseFlags + ") x JOIN enterprises e ON e.id = x.id JOIN units c ON c.id = e.community_id WHERE " + cond
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+from, w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "party drill count")
	}
	// #nosec G202 -- as above; the page's placeholders follow
	rows, err := s.DB.R.QueryContext(ctx, `SELECT x.id, e.name, c.name, x.single, x.members,
		COALESCE((SELECT w.worker_role FROM party_enterprise_work w WHERE w.enterprise_id = x.id AND w.assigned_on <= $1), '')`+
		from+" ORDER BY c.path, e.name, x.id"+q.Page.LimitOffset(&w), w.Args...)
	if err != nil {
		return out, errs.Wrap(err, "party drill")
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var e CoveredEnterprise
		var single int
		if err := rows.Scan(&e.ID, &e.Name, &e.CommunityName, &single, &e.PartyMembers, &e.WorkerRole); err != nil {
			return out, errs.Wrap(err, "party drill scan")
		}
		e.Single = single == 1
		out.Items = append(out.Items, e)
	}
	if err := rows.Err(); err != nil {
		return out, errs.Wrap(err, "party drill")
	}
	return out, s.coveringNames(ctx, day, out.Items)
}

// coveringNames fills in the organisations covering each enterprise of
// a page on the day.
func (s *Service) coveringNames(ctx context.Context, day string, items []CoveredEnterprise) error {
	for i := range items {
		names, err := choices(ctx, s.DB.R, `SELECT p.id, p.name FROM party_coverage k JOIN party_orgs p ON p.id = k.org_id
			WHERE k.enterprise_id = $1 AND k.from_day <= $2 AND (k.until_day IS NULL OR k.until_day > $2) ORDER BY p.name`, items[i].ID, day)
		if err != nil {
			return err
		}
		for j, n := range names {
			if j > 0 {
				items[i].Orgs += "、"
			}
			items[i].Orgs += n.Name
		}
	}
	return nil
}
