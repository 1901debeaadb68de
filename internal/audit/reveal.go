package audit

import (
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// A reveal (显示完整号码) shows one personal-information value in full to
// someone the inventory allows (docs/personal-information.md). It is a
// read, but an audited one: PIPL art. 6 and GB/T 35273 §7 ask that
// personal information be used only for a stated purpose and that its use
// be traceable, so the reader states why and the audit log records who
// looked at whose field, and why — never the value itself.

// RevealAction is the audit action of a reveal.
const RevealAction = "pi.reveal"

// RevealReasons are the purposes a reveal may state; "other" needs the
// note to say what it is, as every reason does.
var RevealReasons = []string{"contact", "verify", "follow_up", "other"}

// Limits of a reveal's note and of how many values one account may reveal
// in an hour: enough for a morning of calls, too few to copy out a list.
const (
	MinRevealNote  = 4
	MaxRevealNote  = 200
	RevealsPerHour = 20
)

// Reveal says what is shown and why.
type Reveal struct {
	Entity   string // the table's entity name, as in other audit records
	EntityID int64
	Field    string
	Reason   string // one of RevealReasons
	Note     string // free text, at least MinRevealNote characters
}

// revealRecord is what the audit record keeps of a reveal.
type revealRecord struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
	Note   string `json:"note"`
}

func (r *Reveal) validate() error {
	f := errs.Fields{}
	r.Reason = strings.TrimSpace(r.Reason)
	r.Note = strings.TrimSpace(r.Note)
	if !slices.Contains(RevealReasons, r.Reason) {
		f.Add("reason", "err.reveal_reason")
	}
	switch n := utf8.RuneCountInString(r.Note); {
	case n < MinRevealNote:
		f.Add("note", "err.reveal_note_short")
	case n > MaxRevealNote:
		f.Add("note", "err.reveal_note_long")
	}
	return f.Err()
}

// Reveal records, inside the caller's transaction, that a is shown the
// field of r in full. The caller has already found the record in a's scope
// (404 otherwise); this checks the stated reason (422) and the hourly cap
// (429), and appends the record. The caller shows the value only if it
// returns nil.
func (l *Log) Reveal(ctx context.Context, tx *sql.Tx, a access.Actor, r Reveal) error {
	if err := r.validate(); err != nil {
		return err
	}
	// The chain's lock, taken before counting, makes the cap exact when one
	// account reveals from two servers at once.
	if err := l.DB.LockAuditChain(ctx, tx); err != nil {
		return errs.Wrap(err, "audit lock")
	}
	since := l.Now().Add(-time.Hour)
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE actor_id = $1 AND action = $2 AND at >= $3`,
		a.UserID, RevealAction, db.Micros(since)).Scan(&n); err != nil {
		return errs.Wrap(err, "reveal count")
	}
	if n >= RevealsPerHour {
		return errs.New(errs.RateLimited, "err.reveal_rate", RevealsPerHour)
	}
	return l.Append(ctx, tx, a, Entry{Action: RevealAction, Entity: r.Entity, EntityID: r.EntityID,
		After: revealRecord{Field: r.Field, Reason: r.Reason, Note: r.Note}})
}
