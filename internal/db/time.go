package db

import "time"

// Timestamps are stored as integer microseconds since the Unix epoch (UTC)
// in both dialects. Comparison, ordering and day bucketing are then the same
// arithmetic on SQLite and PostgreSQL, and PostgreSQL's microsecond
// precision is the common precision.

// Micros converts t to stored form.
func Micros(t time.Time) int64 { return t.UnixMicro() }

// Time converts stored microseconds back to a UTC time.
func Time(us int64) time.Time { return time.UnixMicro(us).UTC() }

// NullMicros converts an optional time to stored form (nil for zero).
func NullMicros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

// NullTime converts an optional stored value back (zero for NULL).
func NullTime(us *int64) time.Time {
	if us == nil {
		return time.Time{}
	}
	return Time(*us)
}

// nowMicros is used only to stamp migrations, which are outside the domain
// and its injected clock.
func nowMicros() int64 { return time.Now().UnixMicro() }
