package audit

import (
	"context"
	"fmt"

	"pinghu/internal/db"
)

// BrokenError names the first record at which the chain does not hold.
type BrokenError struct {
	Seq    int64
	Reason string
}

func (e *BrokenError) Error() string {
	return fmt.Sprintf("audit record %d: %s", e.Seq, e.Reason)
}

// Verify walks the whole chain in order and returns the number of records
// checked, or a *BrokenError for the first record that was altered,
// removed, or inserted out of turn. The chain starts at record 1, or right
// after the anchor that retention left when it removed older records.
func (l *Log) Verify(ctx context.Context) (int64, error) {
	const batch = 5000
	var checked, after int64
	anchorSeq, prevHash, err := anchor(ctx, l.DB.R)
	if err != nil {
		return 0, err
	}
	prevSeq := anchorSeq
	for {
		rows, err := l.DB.R.QueryContext(ctx, `SELECT seq, at, COALESCE(actor_id, 0), actor, role, action, entity, entity_id,
			result, ip, request_id, before_data, after_data, prev_hash, hash
			FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2`, after, batch)
		if err != nil {
			return checked, err
		}
		n := 0
		for rows.Next() {
			var r Record
			var at int64
			if err := rows.Scan(&r.Seq, &at, &r.ActorID, &r.Actor, &r.Role, &r.Action, &r.Entity, &r.EntityID,
				&r.Result, &r.IP, &r.RequestID, &r.Before, &r.After, &r.PrevHash, &r.Hash); err != nil {
				_ = rows.Close()
				return checked, err
			}
			r.At = db.Time(at)
			n++
			after = r.Seq
			if r.Seq != prevSeq+1 {
				_ = rows.Close()
				return checked, &BrokenError{r.Seq, fmt.Sprintf("records %d to %d are missing", prevSeq+1, r.Seq-1)}
			}
			if r.PrevHash != prevHash {
				_ = rows.Close()
				return checked, &BrokenError{r.Seq, "does not link to the record before it"}
			}
			if got := r.ComputeHash(); got != r.Hash {
				_ = rows.Close()
				return checked, &BrokenError{r.Seq, "its content does not match its hash (altered)"}
			}
			prevSeq, prevHash = r.Seq, r.Hash
			checked++
		}
		err = rows.Err()
		_ = rows.Close()
		if err != nil {
			return checked, err
		}
		if n < batch {
			return checked, nil
		}
	}
}
