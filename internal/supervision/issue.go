package supervision

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Input is a new notice. ReceiverUnitID nil means the unit answerable for
// the target; ReceiverUserID names one person of that unit, optionally.
type Input struct {
	TargetKind     Kind   `json:"target_kind"`
	TargetID       int64  `json:"target_id"`
	Title          string `json:"title"`
	Content        string `json:"content"`
	Deadline       string `json:"deadline"` // YYYY-MM-DD, CST
	ReceiverUnitID *int64 `json:"receiver_unit_id"`
	ReceiverUserID *int64 `json:"receiver_user_id"`
}

// Limits of the free text, in characters.
const (
	MaxTitle   = 100
	MaxContent = 5000
	MaxReply   = 5000
	MaxNote    = 1000
)

// validate trims in and checks what needs no database; today is the CST
// date of now, before which no deadline may fall.
func (in *Input) validate(today string) errs.Fields {
	f := errs.Fields{}
	in.Title = strings.TrimSpace(in.Title)
	in.Content = strings.TrimSpace(in.Content)
	in.Deadline = strings.TrimSpace(in.Deadline)
	switch {
	case in.TargetKind == "":
		f.Add("target_kind", "err.required")
	case !in.TargetKind.Valid():
		f.Add("target_kind", "err.supervision_kind")
	}
	if in.TargetID <= 0 {
		f.Add("target_id", "err.required")
	}
	switch n := utf8.RuneCountInString(in.Title); {
	case n == 0:
		f.Add("title", "err.required")
	case n > MaxTitle:
		f.Add("title", "err.too_long")
	}
	if utf8.RuneCountInString(in.Content) > MaxContent {
		f.Add("content", "err.too_long")
	}
	switch _, ok := parseDate(in.Deadline); {
	case in.Deadline == "":
		f.Add("deadline", "err.supervision_deadline_required")
	case !ok:
		f.Add("deadline", "err.bad_date")
	case in.Deadline < today:
		f.Add("deadline", "err.supervision_deadline_past")
	}
	if in.ReceiverUnitID != nil && *in.ReceiverUnitID <= 0 {
		f.Add("receiver_unit_id", "err.unit_unknown")
	}
	if in.ReceiverUserID != nil && *in.ReceiverUserID <= 0 {
		f.Add("receiver_user_id", "err.supervision_receiver_user")
	}
	return f
}

// Issue sends a new notice. Only a leader or the office issues; anyone
// else gets not found. The target must be one the issuer sees, the receiver
// an active unit in their scope, the receiver user an active account of
// that unit. The notice, its event and the audit record are written
// together or not at all.
func (s *Service) Issue(ctx context.Context, a access.Actor, in Input) (Notice, error) {
	if !canIssue(a.Role) || !a.HasScope() {
		return Notice{}, errs.E(errs.NotFound)
	}
	now := s.now()
	f := in.validate(dateOf(now))
	if err := f.Err(); err != nil {
		return Notice{}, err
	}
	info, err := s.lookup(ctx, a, in.TargetKind, in.TargetID)
	if err != nil {
		return Notice{}, err
	}
	day, _ := parseDate(in.Deadline)
	n := Notice{TargetKind: in.TargetKind, TargetID: in.TargetID, TargetTitle: info.Title, TargetPath: info.Path,
		Title: in.Title, Content: in.Content, Deadline: in.Deadline, DueAt: endOfDate(day), ReceiverUnitID: info.UnitID,
		IssuerID: a.UserID, IssuedAt: now, State: Open, UpdatedAt: now}
	if in.ReceiverUnitID != nil {
		n.ReceiverUnitID = *in.ReceiverUnitID
	}
	if in.ReceiverUserID != nil {
		n.ReceiverUserID = *in.ReceiverUserID
	}
	var out Notice
	err = s.DB.Tx(ctx, func(tx *sql.Tx) error {
		if err := checkReceiver(ctx, tx, a, n.ReceiverUnitID, n.ReceiverUserID); err != nil {
			return err
		}
		if err := insertNotice(ctx, tx, &n); err != nil {
			return err
		}
		if err := insertEvent(ctx, tx, a, n.ID, n, ActionIssue, "", ""); err != nil {
			return err
		}
		var err error
		if out, err = getByID(ctx, tx, n.ID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "supervision.issue", Entity: "supervision", EntityID: n.ID,
			After: out.auditView()})
	})
	if err != nil {
		return Notice{}, err
	}
	out.computed(now)
	return out, nil
}

// checkReceiver checks the receiver unit (active, in the issuer's scope;
// an answerable unit, not the sub-district itself) and the receiver user
// (active, of a unit in the receiver unit's subtree).
func checkReceiver(ctx context.Context, q db.Querier, a access.Actor, unit, user int64) error {
	var path string
	var active bool
	err := q.QueryRowContext(ctx, "SELECT path, active FROM units WHERE id = $1 AND path LIKE $2", unit, a.ScopePattern()).
		Scan(&path, &active)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && !active) {
		return errs.InvalidField("receiver_unit_id", "err.unit_unknown")
	}
	if err != nil {
		return errs.Wrap(err, "supervision receiver")
	}
	if user <= 0 {
		return nil
	}
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM users s JOIN units su ON su.id = s.unit_id
		WHERE s.id = $1 AND s.active AND su.path LIKE $2`, user, path+"%").Scan(&n); err != nil {
		return errs.Wrap(err, "supervision receiver user")
	}
	if n == 0 {
		return errs.InvalidField("receiver_user_id", "err.supervision_receiver_user")
	}
	return nil
}
