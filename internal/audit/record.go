// Package audit writes the append-only, hash-chained audit log in the same
// transaction as the change it records, lists it for the auditor, verifies
// the chain and deletes records past their retention.
package audit

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"
)

// Results of an audited action.
const (
	OK      = "ok"
	Failure = "failure"
	Denied  = "denied"
)

// Record is one audit entry.
type Record struct {
	Seq       int64     `json:"seq"`
	At        time.Time `json:"at"`
	ActorID   int64     `json:"actor_id"`
	Actor     string    `json:"actor"`
	Role      string    `json:"role"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	EntityID  string    `json:"entity_id"`
	Result    string    `json:"result"`
	IP        string    `json:"ip"`
	RequestID string    `json:"request_id"`
	Before    string    `json:"before"`
	After     string    `json:"after"`
	PrevHash  string    `json:"prev_hash"`
	Hash      string    `json:"hash"`
}

// ComputeHash returns the hash of r over every field but Hash itself. The
// fields are encoded as one JSON array so that no choice of values can make
// two different records encode alike.
func (r Record) ComputeHash() string {
	fields := []any{r.Seq, r.At.UnixMicro(), r.ActorID, r.Actor, r.Role, r.Action, r.Entity,
		r.EntityID, r.Result, r.IP, r.RequestID, r.Before, r.After, r.PrevHash}
	b, _ := json.Marshal(fields)
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
