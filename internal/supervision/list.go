package supervision

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Figure names one count of Figures, and the list behind it.
type Figure string

const (
	FigureOpen    Figure = "open"    // unanswered (and not withdrawn) as of the moment
	FigureOnTime  Figure = "on_time" // answered by the deadline
	FigureLate    Figure = "late"    // answered after the deadline
	FigureOverdue Figure = "overdue" // unanswered past the deadline
)

// FigureNames lists the figures in display order.
var FigureNames = []Figure{FigureOpen, FigureOnTime, FigureLate, FigureOverdue}

// Valid reports whether f is a known figure.
func (f Figure) Valid() bool {
	return f == FigureOpen || f == FigureOnTime || f == FigureLate || f == FigureOverdue
}

// Filter selects notices in the actor's scope. Figure and AsOf read the
// notices as they stood at a moment (the end of the AsOf date in CST, or
// now), which is how every count of Figures drills down to its list.
type Filter struct {
	State      State
	TargetKind Kind
	TargetID   int64
	UnitID     int64  // the receiver unit, or a unit above it
	Figure     Figure // one of the figures, as of AsOf
	MinLevel   Level  // escalated at least this far (now)
	AsOf       string // YYYY-MM-DD; "" is now
	Page       db.Page
}

func (f *Filter) validate() (time.Time, error) {
	bad := errs.Fields{}
	if f.State != "" && !f.State.Valid() {
		bad.Add("state", "err.supervision_state")
	}
	if f.TargetKind != "" && !f.TargetKind.Valid() {
		bad.Add("target_kind", "err.supervision_kind")
	}
	if f.Figure != "" && !f.Figure.Valid() {
		bad.Add("figure", "err.supervision_figure")
	}
	if f.MinLevel < LevelNone || f.MinLevel > LevelLeader {
		bad.Add("level", "err.supervision_level")
	}
	if f.UnitID < 0 {
		bad.Add("unit_id", "err.unit_unknown")
	}
	var at time.Time
	if f.AsOf != "" {
		t, ok := AsOfDate(f.AsOf)
		if !ok {
			bad.Add("as_of", "err.bad_date")
		}
		at = t
	}
	f.Page = db.NewPage(f.Page.Number, f.Page.Size)
	return at, bad.Err()
}

// figureCond adds the condition of a figure as of the moment at. Replies
// count by the latest reply: a notice returned for more is unanswered
// again until its next reply.
func figureCond(w *db.Where, f Figure, at time.Time) {
	t := db.Micros(at)
	w.And("n.issued_at <= ?", t)
	switch f {
	case FigureOpen:
		w.And("(n.answered_at IS NULL OR n.answered_at > ?) AND (n.closed_at IS NULL OR n.closed_at > ?)", t, t)
	case FigureOverdue:
		w.And("(n.answered_at IS NULL OR n.answered_at > ?) AND (n.closed_at IS NULL OR n.closed_at > ?) AND n.due_at < ?", t, t, t)
	case FigureOnTime:
		w.And("n.answered_at <= ? AND n.answered_at <= n.due_at", t)
	case FigureLate:
		w.And("n.answered_at <= ? AND n.answered_at > n.due_at", t)
	}
}

// levelCond adds "escalated at least min at now".
func levelCond(w *db.Where, min Level, now time.Time) {
	switch min {
	case LevelOffice:
		w.And("n.state = ? AND n.due_at < ?", string(Open), db.Micros(now))
	case LevelLeader:
		w.And("n.state = ? AND n.due_at <= ?", string(Open), db.Micros(now.Add(-EscalateAfter)))
	}
}

// where builds the conditions of f for the actor.
func (s *Service) where(ctx context.Context, a access.Actor, f Filter, at time.Time) (db.Where, error) {
	var w db.Where
	noticeScope(&w, a)
	if f.State != "" {
		w.And("n.state = ?", string(f.State))
	}
	if f.TargetKind != "" {
		w.And("n.target_kind = ?", string(f.TargetKind))
	}
	if f.TargetID > 0 {
		w.And("n.target_id = ?", f.TargetID)
	}
	if f.UnitID > 0 {
		var path string
		err := s.DB.R.QueryRowContext(ctx, "SELECT path FROM units WHERE id = $1 AND path LIKE $2", f.UnitID, a.ScopePattern()).Scan(&path)
		if err != nil {
			return w, errs.InvalidField("unit_id", "err.unit_unknown")
		}
		w.And("u.path LIKE ?", path+"%")
	}
	if f.Figure != "" {
		figureCond(&w, f.Figure, at)
	} else if f.AsOf != "" {
		w.And("n.issued_at <= ?", db.Micros(at))
	}
	levelCond(&w, f.MinLevel, s.now())
	return w, nil
}

// List pages through the notices the actor may see, newest first.
func (s *Service) List(ctx context.Context, a access.Actor, f Filter) (db.List[Notice], error) {
	at, err := f.validate()
	if err != nil {
		return db.List[Notice]{}, err
	}
	now := s.now()
	if at.IsZero() {
		at = now
	}
	w, err := s.where(ctx, a, f, at)
	if err != nil {
		return db.List[Notice]{}, err
	}
	sel := db.Select{Columns: noticeColumns, From: noticeFrom, Where: w, Order: "n.issued_at DESC, n.id DESC"}
	return db.SelectPage(ctx, s.DB.R, "supervision", sel, f.Page, func(r db.Row) (Notice, error) {
		n, err := scanNotice(r)
		n.computed(now)
		return n, err
	})
}

// Get reads one notice the actor may see.
func (s *Service) Get(ctx context.Context, a access.Actor, id int64) (Notice, error) {
	n, err := getInScope(ctx, s.DB.R, a, id)
	if err != nil {
		return Notice{}, err
	}
	n.computed(s.now())
	return n, nil
}

// Escalated is the escalation list of the actor: for the office every
// notice past its deadline and unanswered; for the leaders those more than
// EscalateAfter past it. Nobody else has one (not found, as for anything out of reach).
func (s *Service) Escalated(ctx context.Context, a access.Actor, page db.Page) (db.List[Notice], error) {
	switch a.Role {
	case access.Office:
		return s.List(ctx, a, Filter{MinLevel: LevelOffice, Page: page})
	case access.Leader:
		return s.List(ctx, a, Filter{MinLevel: LevelLeader, Page: page})
	}
	return db.List[Notice]{}, errs.E(errs.NotFound)
}

// Event is one action on a notice.
type Event struct {
	At     time.Time `json:"at"`
	Actor  string    `json:"actor"`
	Action Action    `json:"action"`
	From   State     `json:"from_state"`
	To     State     `json:"to_state"`
	Note   string    `json:"note"`
}

// Events lists the actions on a notice the actor may see, oldest first.
func (s *Service) Events(ctx context.Context, a access.Actor, id int64) ([]Event, error) {
	if _, err := getInScope(ctx, s.DB.R, a, id); err != nil {
		return nil, err
	}
	rows, err := s.DB.R.QueryContext(ctx, `SELECT v.at, COALESCE(x.display_name, ''), v.action, v.from_state, v.to_state, v.note
		FROM supervision_events v LEFT JOIN users x ON x.id = v.actor_id WHERE v.notice_id = $1 ORDER BY v.at, v.id`, id)
	if err != nil {
		return nil, errs.Wrap(err, "supervision events")
	}
	defer rows.Close()
	out := []Event{}
	for rows.Next() {
		var ev Event
		var at int64
		if err := rows.Scan(&at, &ev.Actor, &ev.Action, &ev.From, &ev.To, &ev.Note); err != nil {
			return nil, errs.Wrap(err, "supervision events scan")
		}
		ev.At = db.Time(at)
		out = append(out, ev)
	}
	return out, errs.Wrap(rows.Err(), "supervision events rows")
}
