package campaign

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/audit"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// MaxCodeFailures is how many wrong codes one invitee may type for one
// activity. With 31⁶ codes, five guesses make guessing hopeless; after
// them the organiser signs the person in.
const MaxCodeFailures = 5

// SignIn signs the actor in with the code shown at the meeting. It works
// only for an invitee, only from half an hour before the start to the end,
// and only once; a refused sign-in writes nothing, except that a wrong
// code counts towards MaxCodeFailures.
func (s *Service) SignIn(ctx context.Context, a access.Actor, id int64, code string) (Invitation, error) {
	code = strings.ToUpper(strings.TrimSpace(code))
	var out Invitation
	wrong := false
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.getActivity(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		if v.Mine == nil {
			return errs.New(errs.NotFound, "err.activity_not_invited")
		}
		if code == "" {
			return errs.InvalidField("code", "err.required")
		}
		if v.Mine.SignedInAt != nil {
			return errs.New(errs.Conflict, "err.activity_signed_twice")
		}
		now := s.now()
		from, until := v.Window()
		if now.Before(from) || now.After(until) {
			return errs.InvalidField("code", "err.activity_code_window")
		}
		// The attempt is counted before the code is compared, in one
		// statement that also checks the cap: concurrent guesses of one
		// person queue on the invitation's row (PostgreSQL) or on the one
		// writer (SQLite), so that no more than MaxCodeFailures are ever
		// compared. A right code gives its attempt back.
		res, err := tx.ExecContext(ctx, `UPDATE activity_invitations SET code_failures = code_failures + 1
			WHERE activity_id = $1 AND user_id = $2 AND code_failures < $3`, id, a.UserID, MaxCodeFailures)
		if err != nil {
			return errs.Wrap(err, "activity code attempt")
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errs.New(errs.RateLimited, "err.activity_code_attempts")
		}
		var stored string
		if err := tx.QueryRowContext(ctx, "SELECT code FROM activities WHERE id = $1", id).Scan(&stored); err != nil {
			return errs.Wrap(err, "activity code")
		}
		if subtle.ConstantTimeCompare([]byte(code), []byte(stored)) != 1 {
			wrong = true
			return nil
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activity_invitations SET code_failures = code_failures - 1
			WHERE activity_id = $1 AND user_id = $2`, id, a.UserID); err != nil {
			return errs.Wrap(err, "activity code attempt")
		}
		if err := markSignedIn(ctx, tx, id, a.UserID, a.UserID, "code", now); err != nil {
			return err
		}
		if out, err = invitationOf(ctx, tx, id, a.UserID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "activity.signin", Entity: "activity", EntityID: id,
			After: map[string]any{"user_id": a.UserID, "method": "code"}})
	})
	if err != nil {
		return Invitation{}, err
	}
	if wrong {
		// The failure is counted (committed above) and the sign-in refused.
		return Invitation{}, errs.InvalidField("code", "err.activity_code_wrong")
	}
	return out, nil
}

// markSignedIn records a sign-in if there is none yet; a sign-in clears a
// leave taken before, since the person came after all.
func markSignedIn(ctx context.Context, q db.Querier, activityID, userID, by int64, method string, at time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE activity_invitations SET signed_in_at = $1, signed_in_by = $2, sign_method = $3,
		leave_at = NULL, leave_reason = '' WHERE activity_id = $4 AND user_id = $5 AND signed_in_at IS NULL`,
		db.Micros(at), by, method, activityID, userID)
	if err != nil {
		return errs.Wrap(err, "activity sign-in")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.New(errs.Conflict, "err.activity_signed_twice")
	}
	return nil
}

// SignInFor is the organiser signing someone in: an invitee, or a walk-in
// who is then added as an invitee. It works from half an hour before the
// start, also after the meeting (a sign-in sheet typed in later).
func (s *Service) SignInFor(ctx context.Context, a access.Actor, id, userID int64) (Invitation, error) {
	var out Invitation
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.managed(ctx, tx, a, id)
		if err != nil {
			return err
		}
		now := s.now()
		if from, _ := v.Window(); now.Before(from) {
			return errs.InvalidField("user_id", "err.activity_not_started")
		}
		_, err = invitationOf(ctx, tx, id, userID)
		walkIn := errs.CodeOf(err) == errs.NotFound
		switch {
		case walkIn:
			p, err := inviteeOf(ctx, tx, a, userID)
			if err != nil {
				return err
			}
			if err := invite(ctx, tx, id, p, now, true); err != nil {
				return err
			}
		case err != nil:
			return err
		}
		if err := markSignedIn(ctx, tx, id, userID, a.UserID, "organiser", now); err != nil {
			return err
		}
		if out, err = invitationOf(ctx, tx, id, userID); err != nil {
			return err
		}
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "activity.signin", Entity: "activity", EntityID: id,
			After: map[string]any{"user_id": userID, "method": "organiser", "walk_in": walkIn}})
	})
	if err != nil {
		return Invitation{}, err
	}
	return out, nil
}

// Leave reasons, in characters.
const (
	MinLeaveReason = 2
	MaxLeaveReason = 200
)

// Leave records the actor's leave (请假) from an activity they are invited
// to, with a reason, before the meeting ends and unless they signed in.
// The reason is personal (it may tell of illness or family): the audit
// record keeps its length and hash only, and it is shown to the person
// and the organisers alone.
func (s *Service) Leave(ctx context.Context, a access.Actor, id int64, reason string) (Invitation, error) {
	reason = strings.TrimSpace(reason)
	var out Invitation
	err := s.DB.Tx(ctx, func(tx *sql.Tx) error {
		v, err := s.getActivity(ctx, tx, a, id, false)
		if err != nil {
			return err
		}
		if v.Mine == nil {
			return errs.New(errs.NotFound, "err.activity_not_invited")
		}
		switch n := utf8.RuneCountInString(reason); {
		case n == 0:
			return errs.InvalidField("reason", "err.required")
		case n < MinLeaveReason:
			return errs.InvalidField("reason", "err.activity_leave_reason")
		case n > MaxLeaveReason:
			return errs.InvalidField("reason", "err.too_long")
		}
		if v.Mine.SignedInAt != nil {
			return errs.New(errs.Conflict, "err.activity_leave_signed")
		}
		if v.Mine.LeaveAt != nil {
			return errs.New(errs.Conflict, "err.activity_leave_twice")
		}
		now := s.now()
		if !now.Before(v.EndsAt) {
			return errs.InvalidField("reason", "err.activity_over")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE activity_invitations SET leave_at = $1, leave_reason = $2
			WHERE activity_id = $3 AND user_id = $4`, db.Micros(now), reason, id, a.UserID); err != nil {
			return errs.Wrap(err, "activity leave")
		}
		if out, err = invitationOf(ctx, tx, id, a.UserID); err != nil {
			return err
		}
		sum := sha256.Sum256([]byte(reason))
		return s.Audit.Append(ctx, tx, a, audit.Entry{Action: "activity.leave", Entity: "activity", EntityID: id,
			After: map[string]any{"user_id": a.UserID, "reason_chars": utf8.RuneCountInString(reason),
				"reason_sha256": hex.EncodeToString(sum[:])}})
	})
	if err != nil {
		return Invitation{}, err
	}
	return out, nil
}

// LeaveReason reads a person's leave reason for the person or an
// organiser; for anyone else the activity does not exist or is forbidden.
func (s *Service) LeaveReason(ctx context.Context, a access.Actor, id, userID int64) (string, error) {
	if userID != a.UserID {
		if _, err := s.managed(ctx, s.DB.R, a, id); err != nil {
			return "", err
		}
	} else if _, err := s.getActivity(ctx, s.DB.R, a, id, false); err != nil {
		return "", err
	}
	var r string
	err := s.DB.R.QueryRowContext(ctx, "SELECT leave_reason FROM activity_invitations WHERE activity_id = $1 AND user_id = $2",
		id, userID).Scan(&r)
	if err == sql.ErrNoRows {
		return "", errs.E(errs.NotFound)
	}
	return r, errs.Wrap(err, "activity leave reason")
}
