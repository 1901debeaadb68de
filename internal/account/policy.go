package account

import "time"

// Policy holds the session and lockout rules; every figure is configurable.
type Policy struct {
	IdleTimeout     time.Duration // a session unused this long ends
	AbsoluteTimeout time.Duration // a session ends this long after login, used or not
	MaxFailures     int           // wrong passwords in a row that lock an account
	LockFor         time.Duration
	IPFailures      int // failed logins from one address within IPWindow that refuse further attempts
	IPWindow        time.Duration
}

// DefaultPolicy is the policy of the issue: 30 min idle, 12 h absolute,
// 5 failures lock for 15 minutes, 30 failures per address per 15 minutes.
var DefaultPolicy = Policy{
	IdleTimeout:     30 * time.Minute,
	AbsoluteTimeout: 12 * time.Hour,
	MaxFailures:     5,
	LockFor:         15 * time.Minute,
	IPFailures:      30,
	IPWindow:        15 * time.Minute,
}

// touchEvery limits how often a session's last-seen time is written, so a
// burst of page loads costs one write, not one per request.
const touchEvery = time.Minute
