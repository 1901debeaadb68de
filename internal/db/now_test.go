package db_test

import "time"

// timeNow is the only wall-clock read in these tests: the audit trigger
// compares against the database's own clock.
func timeNow() time.Time { return time.Now() }
