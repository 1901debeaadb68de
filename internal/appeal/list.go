package appeal

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Filter selects appeals in the actor's scope. Its first fields read the
// appeals' current state; AsOf and the fields after it read their history
// as of a moment (see history.go), which is how every figure of Stats
// turns into the list of appeals behind it (see Drill).
type Filter struct {
	Query        string  // in the title
	State        State   // current state
	States       []State // current state, any of
	Category     string
	Channel      Channel
	EnterpriseID int64
	CommunityID  int64  // the enterprise's community
	DepartmentID int64  // the department in charge now
	Unassigned   bool   // only appeals without a department
	UnitID       int64  // a unit in the actor's scope: a department's or a community's subtree
	From, To     string // submission dates, YYYY-MM-DD in China Standard Time, inclusive
	Overdue      bool   // open and past the resolution deadline (as of AsOf when historical)
	DueSoon      bool   // open and due within DueSoonWindow (as of AsOf when historical)
	Supervised   *bool  // flagged for supervision (督办)
	// AsOf is the moment the history fields read; zero is now. Setting
	// it also hides appeals submitted after it.
	AsOf          time.Time
	AsOfStates    []State        // state as of AsOf, any of
	Response      string         // "", ResponseDue, ResponseInTime, ResponseLate
	Resolution    string         // "", ResolutionOnTime, ResolutionLate (of the first resolution)
	Solved        []Solved       // the rating, any of (as of AsOf when historical)
	Satisfactions []Satisfaction // the rating, any of (as of AsOf when historical)
	Sort          string         // one of SortKeys; "" is the newest first
	Page          db.Page
}

// sorts is the whitelist of orders, written for an alias of appeals (or
// of the history h, which carries the same columns); the id breaks ties so
// that pages never overlap.
var sorts = map[string]string{
	"-submitted_at":      "@.submitted_at DESC, @.id DESC",
	"submitted_at":       "@.submitted_at, @.id",
	"resolution_due_at":  "@.resolution_due_at, @.id",
	"-resolution_due_at": "@.resolution_due_at DESC, @.id DESC",
	"-updated_at":        "@.updated_at DESC, @.id DESC",
	"updated_at":         "@.updated_at, @.id",
}

// orderBy returns the order of sort for the table alias.
func orderBy(sort, alias string) string {
	o, ok := sorts[sort]
	if !ok {
		o = sorts[SortKeys[0]]
	}
	return strings.ReplaceAll(o, "@", alias)
}

// SortKeys lists the accepted values of Filter.Sort, the default first.
var SortKeys = []string{"-submitted_at", "submitted_at", "resolution_due_at", "-resolution_due_at", "-updated_at", "updated_at"}

// maxQuery bounds the title search; longer text cannot match a title.
const maxQuery = MaxTitle

// validate checks f and normalises its page.
func (f *Filter) validate() error {
	bad := errs.Fields{}
	f.Query = strings.TrimSpace(f.Query)
	if utf8.RuneCountInString(f.Query) > maxQuery {
		bad.Add("q", "err.too_long")
	}
	checkDates(bad, f.From, f.To)
	if f.State != "" && !f.State.Valid() {
		bad.Add("state", "err.appeal_state")
	}
	for _, s := range append(slices.Clone(f.States), f.AsOfStates...) {
		if !s.Valid() {
			bad.Add("state", "err.appeal_state")
		}
	}
	if f.Channel != "" && !f.Channel.Valid() {
		bad.Add("channel", "err.appeal_channel")
	}
	if !slices.Contains([]string{"", ResponseDue, ResponseInTime, ResponseLate}, f.Response) {
		bad.Add("response", "err.appeal_figure_value")
	}
	if !slices.Contains([]string{"", ResolutionOnTime, ResolutionLate}, f.Resolution) {
		bad.Add("resolution", "err.appeal_figure_value")
	}
	for _, s := range f.Solved {
		if !s.Valid() {
			bad.Add("solved", "err.appeal_solved")
		}
	}
	for _, s := range f.Satisfactions {
		if !s.Valid() {
			bad.Add("satisfaction", "err.appeal_satisfaction")
		}
	}
	if _, ok := sorts[f.Sort]; !ok && f.Sort != "" {
		bad.Add("sort", "err.appeal_sort")
	}
	if f.UnitID < 0 {
		bad.Add("unit_id", "err.unit_unknown")
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return bad.Err()
}

// baseWhere adds the scope and the conditions on the appeals' current
// columns. asOf, when not "", is the placeholder of the history's moment:
// appeals submitted after it do not exist yet.
func (s *Service) baseWhere(ctx context.Context, w *db.Where, a access.Actor, f Filter, asOf string) error {
	appealScope(w, a)
	if f.UnitID > 0 {
		u, err := unitInScope(ctx, s.DB.R, a, f.UnitID, "unit_id")
		if err != nil {
			return err
		}
		u.narrowAppeals(w)
	}
	if f.Query != "" {
		w.And("p.title "+s.DB.ILike()+" ? ESCAPE '\\'", db.LikePattern(f.Query))
	}
	if f.State != "" {
		w.And("p.state = ?", f.State)
	}
	if len(f.States) > 0 {
		w.And("p.state IN " + inList(w, f.States))
	}
	if f.Category != "" {
		w.And("p.category = ?", f.Category)
	}
	if f.Channel != "" {
		w.And("p.channel = ?", f.Channel)
	}
	if f.EnterpriseID > 0 {
		w.And("p.enterprise_id = ?", f.EnterpriseID)
	}
	if f.CommunityID > 0 {
		w.And("e.community_id = ?", f.CommunityID)
	}
	if f.DepartmentID > 0 {
		w.And("p.department_id = ?", f.DepartmentID)
	}
	if f.Unassigned {
		w.And("p.department_id IS NULL")
	}
	lo, hi, _ := dateRange(f.From, f.To)
	if lo > 0 {
		w.And("p.submitted_at >= ?", lo)
	}
	if hi > 0 {
		w.And("p.submitted_at < ?", hi)
	}
	if f.Supervised != nil {
		w.And("p.supervised = ?", *f.Supervised)
	}
	if asOf != "" {
		w.And("p.submitted_at <= " + asOf)
	}
	return nil
}

// List returns one page of the appeals in the actor's scope that f
// selects, with the total that matched.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Appeal], error) {
	if err := f.validate(); err != nil {
		return db.List[Appeal]{Items: []Appeal{}}, err
	}
	out := db.List[Appeal]{Items: []Appeal{}, Page: f.Page.Number, PageSize: f.Page.Size}
	var w db.Where
	if f.historical() {
		d := f.AsOf
		if d.IsZero() {
			d = s.now()
		}
		asOf := w.Next(db.Micros(d))
		if err := s.baseWhere(ctx, &w, a, f, asOf); err != nil {
			return out, err
		}
		// The history is the costly part, so one statement both counts
		// and picks the page (count(*) OVER () runs before the LIMIT). The
		// page is chosen from h alone, which carries the sort columns, and
		// only its rows are joined for display: joined before the limit,
		// PostgreSQL would plan the history per row.
		with := historyWith(w.SQL(), asOf, ", p.submitted_at, p.resolution_due_at, p.updated_at")
		cond := " WHERE " + all(f.historyConds(&w, asOf, d))
		beforePage := len(w.Args)
		page := with + ", pg AS (SELECT h.id, count(*) OVER () AS total FROM h" + cond +
			" ORDER BY " + orderBy(f.Sort, "h") + f.Page.LimitOffset(&w) + ")" +
			" SELECT " + appealColumns + ", pg.total FROM pg JOIN appeals p ON p.id = pg.id" +
			strings.TrimPrefix(appealFrom, " FROM appeals p") + " ORDER BY " + orderBy(f.Sort, "p")
		if err := s.page(ctx, &out, page, w.Args, &out.Total); err != nil {
			return out, err
		}
		// A page past the end has no row to carry the total.
		if len(out.Items) == 0 && f.Page.Number > 1 {
			err := s.DB.R.QueryRowContext(ctx, with+"SELECT count(*) FROM h"+cond, w.Args[:beforePage]...).Scan(&out.Total)
			return out, errs.Wrap(err, "appeals count")
		}
		return out, nil
	}
	if err := s.baseWhere(ctx, &w, a, f, ""); err != nil {
		return out, err
	}
	now := s.now()
	if f.Overdue {
		w.And("p.state IN "+inList(&w, openStates)+" AND p.resolution_due_at < ?", db.Micros(now))
	}
	if f.DueSoon {
		w.And("p.state IN "+inList(&w, openStates)+" AND p.resolution_due_at >= ? AND p.resolution_due_at <= ?",
			db.Micros(now), db.Micros(now.Add(DueSoonWindow)))
	}
	if len(f.Solved) > 0 {
		w.And("p.solved IN " + inList(&w, f.Solved))
	}
	if len(f.Satisfactions) > 0 {
		w.And("p.satisfaction IN " + inList(&w, f.Satisfactions))
	}
	if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+appealFrom+w.SQL(), w.Args...).Scan(&out.Total); err != nil {
		return out, errs.Wrap(err, "appeals count")
	}
	err := s.page(ctx, &out, "SELECT "+appealColumns+appealFrom+w.SQL()+" ORDER BY "+orderBy(f.Sort, "p")+f.Page.LimitOffset(&w), w.Args)
	return out, err
}

// page runs a query of appealColumns (and the extra columns) into out.
func (s *Service) page(ctx context.Context, out *db.List[Appeal], query string, args []any, extra ...any) error {
	rows, err := s.DB.R.QueryContext(ctx, query, args...)
	if err != nil {
		return errs.Wrap(err, "appeals list")
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanAppeal(rows, extra...)
		if err != nil {
			return errs.Wrap(err, "appeals scan")
		}
		out.Items = append(out.Items, p)
	}
	return errs.Wrap(rows.Err(), "appeals rows")
}

// Get returns one appeal the actor may see; any other is not found.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Appeal, error) {
	return getInScope(ctx, s.DB.R, a, id)
}

// Queue is a user's work list: what is overdue, and what falls due within
// DueSoonWindow, most urgent first; each capped at one page, with the
// total.
type Queue struct {
	Overdue db.List[Appeal] `json:"overdue"`
	DueSoon db.List[Appeal] `json:"due_soon"`
}

// queueRoles are the roles with a queue: those who handle appeals, and
// the specialist who follows them for the enterprise.
var queueRoles = []access.Role{access.Dept, access.Specialist, access.Leader, access.Office}

// MyQueue returns the actor's queue: for a department, its own open
// appeals; for a specialist, those of its enterprises; for a leader or the
// office, every one in scope. Other roles have an empty queue.
func (s *Service) MyQueue(ctx context.Context, a access.Actor) (Queue, error) {
	page := db.NewPage(1, db.MaxPageSize)
	q := Queue{Overdue: db.List[Appeal]{Items: []Appeal{}, Page: 1, PageSize: page.Size},
		DueSoon: db.List[Appeal]{Items: []Appeal{}, Page: 1, PageSize: page.Size}}
	if !slices.Contains(queueRoles, a.Role) {
		return q, nil
	}
	var err error
	if q.Overdue, err = s.List(ctx, a, Filter{Overdue: true, Sort: "resolution_due_at", Page: page}); err != nil {
		return q, err
	}
	q.DueSoon, err = s.List(ctx, a, Filter{DueSoon: true, Sort: "resolution_due_at", Page: page})
	return q, err
}

// Visible returns nil when the actor may see the appeal and not found
// otherwise: the check package enterprise asks before serving an appeal's
// attachment (enterprise.Service.AppealVisible).
func (s *Service) Visible(ctx context.Context, a access.Actor, id int64) error {
	_, err := getInScope(ctx, s.DB.R, a, id)
	return err
}
