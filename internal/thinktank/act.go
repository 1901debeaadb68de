package thinktank

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strconv"
	"strings"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
)

// Action is something a user does to a consultation.
type Action string

const (
	Assign   Action = "assign"   // requested or assigned → assigned to an expert
	Answer   Action = "answer"   // assigned → answered, by the assigned expert
	Rate     Action = "rate"     // answered → rated, by the requester
	Withdraw Action = "withdraw" // requested or assigned → withdrawn, by the requester
	Close    Action = "close"    // requested or assigned → closed, by who assigns, with a note
)

// Actions lists every action, in display order.
var Actions = []Action{Assign, Answer, Rate, Withdraw, Close}

// ActInput is one action with what it needs.
type ActInput struct {
	Action   Action `json:"action"`
	ExpertID int64  `json:"expert_id"` // assign
	Advice   string `json:"advice"`    // answer
	Rating   int    `json:"rating"`    // rate: 1–5
	Comment  string `json:"comment"`   // rate (optional)
	Note     string `json:"note"`      // close
	// Attachments are the answer's files (the page's upload; the API
	// takes none).
	Attachments []enterprise.Upload `json:"-"`
}

// requests reports whether the actor speaks for whoever asked for k: the
// account that asked, the enterprise's accounts, the community's, or the
// leaders and the office for a unit of theirs.
func requests(a access.Actor, k Consultation) bool {
	if a.UserID > 0 && k.RequestedBy == a.UserID {
		return true
	}
	switch k.RequesterKind {
	case ByEnterprise:
		return a.Role == access.Enterprise && a.EnterpriseID > 0 && a.EnterpriseID == k.EnterpriseID
	case ByCommunity:
		return a.Role == access.Community && a.Covers(k.communityPath)
	case ByPartyOrg:
		return (a.Role == access.Leader || a.Role == access.Office) && a.Covers(k.unitPath)
	}
	return false
}

// allowed reports whether the actor may take act on k in its state now.
func allowed(a access.Actor, k Consultation, act Action) bool {
	switch act {
	case Assign, Close:
		return keepsRegister(a, k.communityPath) && k.State.Open()
	case Answer:
		return a.Role == access.Expert && a.UserID > 0 && k.expertUser == a.UserID && k.State == Assigned
	case Rate:
		return requests(a, k) && k.State == Answered
	case Withdraw:
		return requests(a, k) && k.State.Open()
	}
	return false
}

// Allowed lists the actions the actor may take on k now, for the page.
func Allowed(a access.Actor, k Consultation) []Action {
	out := []Action{}
	for _, act := range Actions {
		if allowed(a, k, act) {
			out = append(out, act)
		}
	}
	return out
}

func (in *ActInput) validate() errs.Fields {
	f := errs.Fields{}
	if !slices.Contains(Actions, in.Action) {
		f.Add("action", "tt.err.action")
		return f
	}
	in.Advice, in.Comment, in.Note = strings.TrimSpace(in.Advice), strings.TrimSpace(in.Comment), strings.TrimSpace(in.Note)
	switch in.Action {
	case Assign:
		if in.ExpertID <= 0 {
			f.Add("expert_id", "err.required")
		}
	case Answer:
		checkLen(f, "advice", &in.Advice, MaxAdvice, true)
		if err := enterprise.CheckUploads("attachments", in.Attachments); err != nil {
			for k, v := range errs.As(err).Fields {
				f.Add(k, v)
			}
		}
	case Rate:
		if in.Rating < 1 || in.Rating > 5 {
			f.Add("rating", "tt.err.rating")
		}
		checkLen(f, "comment", &in.Comment, MaxComment, false)
	case Close:
		checkLen(f, "note", &in.Note, MaxComment, true)
	}
	return f
}

// Act takes one action on a consultation in the actor's scope. An action
// the actor may not take in the consultation's state is a conflict naming
// the ones they may; bad input names its fields; either way nothing is
// written. An expert never sees a consultation not assigned to them, so
// answering one is not found.
func (s *Service) Act(ctx context.Context, a access.Actor, id int64, in ActInput) (Consultation, error) {
	f := in.validate()
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		k, err := getConsultation(ctx, tx, a, id)
		if err != nil {
			return err
		}
		if _, bad := f["action"]; !bad && !allowed(a, k, in.Action) {
			e := errs.New(errs.Conflict, "tt.err.action_state")
			for _, act := range Allowed(a, k) {
				e.Allowed = append(e.Allowed, string(act))
			}
			if e.Allowed == nil {
				e.Allowed = []string{}
			}
			return e
		}
		if in.Action == Assign && in.ExpertID > 0 {
			x, err := s.getExpert(ctx, tx, a, in.ExpertID)
			switch {
			case errs.CodeOf(err) == errs.NotFound:
				f.Add("expert_id", "tt.err.expert_unknown")
			case err != nil:
				return err
			case !x.Active:
				f.Add("expert_id", "tt.err.expert_inactive")
			case x.ID == k.ExpertID && k.State == Assigned:
				f.Add("expert_id", "tt.err.expert_same")
			}
		}
		if err := f.Err(); err != nil {
			return err
		}
		was := k
		now := s.now()
		at := db.Micros(now)
		var q string
		var args []any
		switch in.Action {
		case Assign:
			k.State, k.ExpertID = Assigned, in.ExpertID
			q, args = "expert_id = $1, assigned_at = $2", []any{in.ExpertID, at}
		case Answer:
			k.State = Answered
			q, args = "advice = $1, answered_at = $2", []any{in.Advice, at}
		case Rate:
			k.State, k.Rating = Rated, in.Rating
			q, args = "rating = $1, rating_comment = $2, rated_at = $3", []any{in.Rating, in.Comment, at}
		case Withdraw:
			k.State = Withdrawn
			q, args = "closed_at = $1", []any{at}
		case Close:
			k.State = Closed
			q, args = "close_note = $1, closed_at = $2", []any{in.Note, at}
		}
		n := len(args)
		args = append(args, string(k.State), at, id, string(was.State), db.Micros(was.UpdatedAt))
		// #nosec G202 -- the SET clause is one of the constants above, the values placeholders
		res, err := tx.ExecContext(ctx, "UPDATE consultations SET "+q+", state = $"+itoa(n+1)+", updated_at = $"+itoa(n+2)+
			" WHERE id = $"+itoa(n+3)+" AND state = $"+itoa(n+4)+" AND updated_at = $"+itoa(n+5), args...)
		if err != nil {
			return errs.Wrap(err, "consultation update")
		}
		if c, err := res.RowsAffected(); err != nil || c != 1 {
			return errs.New(errs.Conflict, "tt.err.changed")
		}
		if in.Action == Answer && len(in.Attachments) > 0 {
			if s.Files == nil {
				return errs.Wrap(errors.New("no file store wired"), "consultation answer")
			}
			if _, err := s.Files.SaveAttachmentsTx(ctx, tx, a, enterprise.OwnerConsultation, id, in.Attachments); err != nil {
				return err
			}
		}
		if err := addEvent(ctx, tx, a, id, string(in.Action), k.State, k.ExpertID, at); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "consultation." + string(in.Action), Entity: "consultation", EntityID: id,
			Before: was.audit(), After: k.audit()})
	})
	if err != nil {
		return Consultation{}, err
	}
	return s.Consultation(ctx, a, id)
}

func itoa(n int) string { return strconv.Itoa(n) }
