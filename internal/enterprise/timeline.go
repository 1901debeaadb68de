package enterprise

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// TimelineItem is one thing that happened to an enterprise.
type TimelineItem struct {
	At     time.Time `json:"at"`
	Kind   string    `json:"kind"`   // one of the Timeline* kinds
	Title  string    `json:"title"`  // a catalog key
	Detail string    `json:"detail"` // data, shown as it is
	Link   string    `json:"link"`   // the page of the record, "" when none
}

// Kinds of timeline item, oldest-looking last: when two items share a
// time, the one listed later here is shown below (earlier).
const (
	TimelineAppealEvent = "appeal_event"
	TimelineAppeal      = "appeal"
	TimelineVisit       = "visit"
	TimelineAssignment  = "assignment"
	TimelineCreated     = "created"
)

var timelineRank = map[string]int{TimelineAppealEvent: 0, TimelineAppeal: 1, TimelineVisit: 2, TimelineAssignment: 3, TimelineCreated: 4}

// MaxTimeline caps the items of a timeline: the page shows the recent
// story; the lists of visits and appeals hold the rest.
const MaxTimeline = 200

// appealActions are the appeal actions with a title of their own; any
// other is shown with the generic one. Submission is not among them: the
// appeal itself stands for it.
var appealActions = map[string]bool{"accept": true, "start": true, "transfer": true, "resolve": true,
	"confirm": true, "reopen": true, "reject": true, "supervise": true}

// excerptRunes bounds a detail taken from free text.
const excerptRunes = 140

// Timeline merges, newest first, the enterprise's registration, the
// changes of its assignment, its visits, its appeals and their events: one
// query per kind, each capped, merged here. A department sees the appeals
// of its own departments only, as everywhere else.
func (s *Service) Timeline(ctx context.Context, a access.Actor, enterpriseID int64) ([]TimelineItem, error) {
	e, err := getInScope(ctx, s.DB.R, a, enterpriseID)
	if err != nil {
		return nil, err
	}
	items := []TimelineItem{{At: e.CreatedAt, Kind: TimelineCreated, Title: "enterprise.timeline.created", Detail: e.Name}}
	for _, load := range []func(context.Context, access.Actor, int64) ([]TimelineItem, error){
		s.timelineAssignments, s.timelineVisits, s.timelineAppeals, s.timelineAppealEvents,
	} {
		more, err := load(ctx, a, enterpriseID)
		if err != nil {
			return nil, err
		}
		items = append(items, more...)
	}
	slices.SortStableFunc(items, func(x, y TimelineItem) int {
		return cmp.Or(y.At.Compare(x.At), cmp.Compare(timelineRank[x.Kind], timelineRank[y.Kind]))
	})
	if len(items) > MaxTimeline {
		items = items[:MaxTimeline]
	}
	return items, nil
}

func (s *Service) timelineAssignments(ctx context.Context, a access.Actor, id int64) ([]TimelineItem, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT h.changed_at, COALESCE(l.display_name, ''), COALESCE(dp.name, ''),
		COALESCE(sp.display_name, ''), h.note
		FROM assignment_history h
		LEFT JOIN users l ON l.id = h.leader_id
		LEFT JOIN units dp ON dp.id = h.department_id
		LEFT JOIN users sp ON sp.id = h.specialist_id
		WHERE h.enterprise_id = $1 ORDER BY h.changed_at DESC, h.id DESC LIMIT $2`, id, MaxTimeline)
	if err != nil {
		return nil, errs.Wrap(err, "timeline assignments")
	}
	defer rows.Close()
	var out []TimelineItem
	for rows.Next() {
		var at int64
		var leader, dept, specialist, note string
		if err := rows.Scan(&at, &leader, &dept, &specialist, &note); err != nil {
			return nil, errs.Wrap(err, "timeline assignments scan")
		}
		detail := orDash(leader) + " / " + orDash(dept) + " / " + orDash(specialist)
		if note != "" {
			detail += " — " + note
		}
		out = append(out, TimelineItem{At: db.Time(at), Kind: TimelineAssignment, Title: "enterprise.timeline.assignment", Detail: detail})
	}
	return out, errs.Wrap(rows.Err(), "timeline assignments rows")
}

// A visit is placed at the start of its day in the sub-district: the
// date is what was recorded, and an appeal raised on the visit, stamped
// later that day, then reads after it.
func (s *Service) timelineVisits(ctx context.Context, a access.Actor, id int64) ([]TimelineItem, error) {
	rows, err := s.DB.R.QueryContext(ctx, `SELECT id, visit_date, form, findings FROM visits WHERE enterprise_id = $1
		ORDER BY visit_date DESC, id DESC LIMIT $2`, id, MaxTimeline)
	if err != nil {
		return nil, errs.Wrap(err, "timeline visits")
	}
	defer rows.Close()
	var out []TimelineItem
	for rows.Next() {
		var vid int64
		var date, form, findings string
		if err := rows.Scan(&vid, &date, &form, &findings); err != nil {
			return nil, errs.Wrap(err, "timeline visits scan")
		}
		day, err := time.ParseInLocation(time.DateOnly, date, zone)
		if err != nil {
			return nil, errs.Wrap(err, "timeline visit date")
		}
		title := "enterprise.timeline.visit"
		if Form(form).Valid() {
			title += "." + form
		}
		out = append(out, TimelineItem{At: day.UTC(), Kind: TimelineVisit, Title: title, Detail: excerpt(findings),
			Link: "/visits/" + strconv.FormatInt(vid, 10)})
	}
	return out, errs.Wrap(rows.Err(), "timeline visits rows")
}

// appealScope narrows appeals (alias p) for a department to its own
// subtree's; every other role that sees the enterprise sees its appeals.
// It is asked only after getInScope, but denies by itself all the same:
// without a usable scope nothing matches, whatever the role.
func appealScope(w *db.Where, a access.Actor) {
	switch {
	case !a.HasScope():
		w.And("1 = 0")
	case a.Role == access.Dept:
		w.And("p.department_id IN (SELECT id FROM units WHERE path LIKE ?)", a.ScopePattern())
	}
}

func (s *Service) timelineAppeals(ctx context.Context, a access.Actor, id int64) ([]TimelineItem, error) {
	var w db.Where
	w.And("p.enterprise_id = ?", id)
	appealScope(&w, a)
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT p.id, p.title, p.submitted_at FROM appeals p"+w.SQL()+
		" ORDER BY p.submitted_at DESC, p.id DESC LIMIT "+w.Next(MaxTimeline), w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "timeline appeals")
	}
	defer rows.Close()
	var out []TimelineItem
	for rows.Next() {
		var aid, at int64
		var title string
		if err := rows.Scan(&aid, &title, &at); err != nil {
			return nil, errs.Wrap(err, "timeline appeals scan")
		}
		out = append(out, TimelineItem{At: db.Time(at), Kind: TimelineAppeal, Title: "enterprise.timeline.appeal",
			Detail: title, Link: "/appeals/" + strconv.FormatInt(aid, 10)})
	}
	return out, errs.Wrap(rows.Err(), "timeline appeals rows")
}

func (s *Service) timelineAppealEvents(ctx context.Context, a access.Actor, id int64) ([]TimelineItem, error) {
	var w db.Where
	w.And("p.enterprise_id = ?", id)
	w.And("ev.action NOT IN ('submit', 'create')")
	appealScope(&w, a)
	// #nosec G202 -- constant SQL and db.Where's fragments with placeholders; every value is an argument
	rows, err := s.DB.R.QueryContext(ctx, "SELECT ev.appeal_id, ev.at, ev.action, p.title, ev.note"+
		" FROM appeal_events ev JOIN appeals p ON p.id = ev.appeal_id"+w.SQL()+
		" ORDER BY ev.at DESC, ev.id DESC LIMIT "+w.Next(MaxTimeline), w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "timeline appeal events")
	}
	defer rows.Close()
	var out []TimelineItem
	for rows.Next() {
		var aid, at int64
		var action, title, note string
		if err := rows.Scan(&aid, &at, &action, &title, &note); err != nil {
			return nil, errs.Wrap(err, "timeline appeal events scan")
		}
		key := "enterprise.timeline.appeal_event"
		if appealActions[action] {
			key = "enterprise.timeline.appeal." + action
		}
		detail := title
		if note != "" {
			detail += " — " + excerpt(note)
		}
		out = append(out, TimelineItem{At: db.Time(at), Kind: TimelineAppealEvent, Title: key, Detail: detail,
			Link: "/appeals/" + strconv.FormatInt(aid, 10)})
	}
	return out, errs.Wrap(rows.Err(), "timeline appeal events rows")
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// excerpt shortens free text for a timeline line.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= excerptRunes {
		return s
	}
	return string(r[:excerptRunes]) + "…"
}
