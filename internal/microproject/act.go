package microproject

import (
	"context"
	"database/sql"
	"slices"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Action is a step a user takes on a project.
type Action string

const (
	Review   Action = "review"   // collected → reviewed (初审 passed)
	Reject   Action = "reject"   // collected, reviewed, voted or published → rejected, with a reason
	VoteOn   Action = "vote"     // reviewed → voted, or rejected when the majority is not for
	Publish  Action = "publish"  // voted → published for a number of days
	Object   Action = "object"   // record an objection while published
	Confirm  Action = "confirm"  // published, after the publication → confirmed
	Start    Action = "start"    // confirmed → implementing
	Progress Action = "progress" // a progress report while implementing
	Spend    Action = "spend"    // a spending entry while implementing
	Accept   Action = "accept"   // implementing → accepted
)

// Actions lists every action, in the order of the workflow.
var Actions = []Action{Review, Reject, VoteOn, Publish, Object, Confirm, Start, Progress, Spend, Accept}

// ActInput is one action with what it needs.
type ActInput struct {
	Action    Action    `json:"action"`
	Note      string    `json:"note"`      // any action, optional; progress: the report
	Exclusion Exclusion `json:"exclusion"` // reject
	Reason    string    `json:"reason"`    // reject
	Vote                // vote: for, against, abstain, present, council_size
	Days      int       `json:"days"`    // publish
	Body      string    `json:"body"`    // object
	Percent   int       `json:"percent"` // progress
	Amount    int64     `json:"amount"`  // spend, yuan
	Item      string    `json:"item"`    // spend
}

// allowed reports whether the actor may take act on p now.
func allowed(a access.Actor, p Project, act Action, now time.Time) bool {
	if !manages(a, p.communityPath) {
		return false
	}
	switch act {
	case Review:
		return p.Stage == Collected
	case Reject:
		return p.Stage == Collected || p.Stage == Reviewed || p.Stage == Voted || p.Stage == Published
	case VoteOn:
		return p.Stage == Reviewed
	case Publish:
		return p.Stage == Voted
	case Object:
		return p.Stage == Published && now.Before(p.PublicityEnds)
	case Confirm:
		return p.Stage == Published
	case Start:
		return p.Stage == Confirmed
	case Progress, Spend, Accept:
		return p.Stage == Implementing
	}
	return false
}

// Allowed lists the actions the actor may take on p now, for the page.
func (s *Service) Allowed(a access.Actor, p Project) []Action {
	now := s.now()
	out := []Action{}
	for _, act := range Actions {
		if allowed(a, p, act, now) {
			out = append(out, act)
		}
	}
	return out
}

func (in *ActInput) validate() errs.Fields {
	f := errs.Fields{}
	if !slices.Contains(Actions, in.Action) {
		f.Add("action", "mp.err.action")
		return f
	}
	text(f, "note", &in.Note, MaxNote, false)
	switch in.Action {
	case Reject:
		text(f, "reason", &in.Reason, MaxNote, true)
		if !slices.Contains(Exclusions, in.Exclusion) {
			f.Add("exclusion", "mp.err.exclusion")
		}
	case VoteOn:
		v := in.Vote
		if v.CouncilSize < 1 || v.CouncilSize > 1000 {
			f.Add("council_size", "mp.err.council_size")
		}
		if v.Present < 0 || v.Present > v.CouncilSize {
			f.Add("present", "mp.err.present")
		}
		if v.For < 0 || v.Against < 0 || v.Abstain < 0 {
			f.Add("for", "mp.err.votes")
		} else if v.Cast() == 0 || v.Cast() > v.Present {
			f.Add("for", "mp.err.votes_cast")
		}
	case Publish:
		if in.Days < 1 || in.Days > MaxPublicityDays {
			f.Add("days", "mp.err.publicity_days")
		}
	case Object:
		text(f, "body", &in.Body, MaxNote, true)
	case Progress:
		if in.Percent < 0 || in.Percent > 100 {
			f.Add("percent", "mp.err.percent")
		}
	case Spend:
		if in.Amount <= 0 || in.Amount > MaxMoney {
			f.Add("amount", "mp.err.money")
		}
		text(f, "item", &in.Item, MaxTitle, true)
	}
	return f
}

// Act takes one action on a project in the actor's scope. An action the
// project's stage does not allow is a conflict naming those it does; bad
// input names its fields, and a rule of the money, the quorum or the
// publication is refused with its figures; either way nothing is written.
func (s *Service) Act(ctx context.Context, a access.Actor, id int64, in ActInput) (Project, error) {
	f := in.validate()
	now := s.now()
	var out Project
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		p, err := getInScope(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if !manages(a, p.communityPath) {
			return errs.E(errs.NotFound)
		}
		if _, bad := f["action"]; !bad && !allowed(a, p, in.Action, now) {
			if in.Action == Object && p.Stage == Published {
				return errs.New(errs.Conflict, "mp.err.publicity_over")
			}
			e := errs.New(errs.Conflict, "mp.err.action_state")
			e.Allowed = []string{}
			for _, act := range s.Allowed(a, p) {
				e.Allowed = append(e.Allowed, string(act))
			}
			return e
		}
		if err := f.Err(); err != nil {
			return err
		}
		was := p
		if err := s.apply(ctx, tx, a, &p, in, now); err != nil {
			return err
		}
		p.UpdatedAt = now
		if err := update(ctx, tx, p, was); err != nil {
			return err
		}
		note := in.Note
		switch in.Action {
		case Reject:
			note = in.Reason
		case Object:
			note = ""
		case Spend:
			note = in.Item
		}
		if err := addEvent(ctx, tx, a, p.ID, string(in.Action), was.Stage, p.Stage, note, now); err != nil {
			return err
		}
		out = p
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "microproject." + string(in.Action), Entity: "microproject", EntityID: p.ID,
			Before: was.auditView(), After: p.auditView()})
	})
	if err != nil {
		return Project{}, err
	}
	return s.Get(ctx, a, out.ID)
}

// apply changes p by the action, checking the rules that need the
// database, and writes the action's own record (objection, report,
// spending).
func (s *Service) apply(ctx context.Context, tx *sql.Tx, a access.Actor, p *Project, in ActInput, now time.Time) error {
	switch in.Action {
	case Review:
		if p.Budget <= 0 {
			return errs.InvalidField("budget", "mp.err.budget_required")
		}
		if err := checkMoney(ctx, tx, *p); err != nil {
			return err
		}
		p.Stage = Reviewed
	case Reject:
		p.Stage, p.Exclusion, p.RejectReason = Rejected, in.Exclusion, in.Reason
	case VoteOn:
		set, err := settingsFor(ctx, tx, p.Year, p.CommunityID)
		if err != nil {
			return err
		}
		v := in.Vote
		if !set.Quorate(v.Present, v.CouncilSize) {
			return &errs.Error{Code: errs.Invalid, Message: "mp.err.no_quorum", Args: []any{v.Present, v.CouncilSize, set.Needed(v.CouncilSize)},
				Fields: map[string]string{"present": "mp.err.present_quorum"}}
		}
		p.Vote = v
		if v.Passes() {
			p.Stage = Voted
		} else {
			p.Stage, p.Exclusion = Rejected, Council
		}
	case Publish:
		set, err := settingsFor(ctx, tx, p.Year, p.CommunityID)
		if err != nil {
			return err
		}
		if in.Days < set.PublicityDays {
			return &errs.Error{Code: errs.Invalid, Message: "mp.err.publicity_short", Args: []any{in.Days, set.PublicityDays},
				Fields: map[string]string{"days": "mp.err.days_short"}}
		}
		p.Stage, p.PublishedAt, p.PublicityEnds = Published, now, now.Add(time.Duration(in.Days)*24*time.Hour)
	case Object:
		return addObjection(ctx, tx, p.ID, in.Body, false, now)
	case Confirm:
		if now.Before(p.PublicityEnds) {
			return errs.New(errs.Conflict, "mp.err.publicity_running", p.PublicityEnds.In(zone).Format("2006-01-02 15:04"))
		}
		if err := checkMoney(ctx, tx, *p); err != nil {
			return err
		}
		p.Stage = Confirmed
	case Start:
		p.Stage = Implementing
	case Progress:
		p.Progress = in.Percent
		_, err := tx.ExecContext(ctx, `INSERT INTO microproject_progress (project_id, percent, note, author_id, at)
			VALUES ($1, $2, $3, $4, $5)`, p.ID, in.Percent, in.Note, nullID(a.UserID), db.Micros(now))
		return errs.Wrap(err, "microproject progress")
	case Spend:
		if p.Spent+in.Amount > p.Budget {
			return &errs.Error{Code: errs.Invalid, Message: "mp.err.over_budget", Args: []any{in.Amount, p.Budget, p.Spent, p.Budget - p.Spent},
				Fields: map[string]string{"amount": "mp.err.amount_over_budget"}}
		}
		p.Spent += in.Amount
		_, err := tx.ExecContext(ctx, `INSERT INTO microproject_spending (project_id, amount, item, author_id, at)
			VALUES ($1, $2, $3, $4, $5)`, p.ID, in.Amount, in.Item, nullID(a.UserID), db.Micros(now))
		return errs.Wrap(err, "microproject spending")
	case Accept:
		p.Stage, p.Progress = Accepted, 100
	}
	return nil
}

func addObjection(ctx context.Context, q db.Querier, id int64, body string, public bool, now time.Time) error {
	_, err := q.ExecContext(ctx, "INSERT INTO microproject_objections (project_id, body, public, at) VALUES ($1, $2, $3, $4)",
		id, body, public, db.Micros(now))
	return errs.Wrap(err, "microproject objection")
}
