package dbtest

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
)

// Authenticators stands in for the authenticator apps of the accounts a
// test signs in with two-factor login: it keeps the secrets they enrolled
// and gives one-time codes at the test's clock. A code works once, so
// when the code of the clock's 30-second step has been given out already
// the clock moves on to the next step first.
type Authenticators struct {
	clock   *Clock
	mu      sync.Mutex
	secrets map[string]string
	used    map[string]int64
}

// NewAuthenticators returns authenticators reading clock.
func NewAuthenticators(clock *Clock) *Authenticators {
	return &Authenticators{clock: clock, secrets: map[string]string{}, used: map[string]int64{}}
}

// Enrol keeps the secret of username's new authenticator, as shown to a
// person (spaces between groups are dropped).
func (a *Authenticators) Enrol(username, secret string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.secrets[username] = strings.ReplaceAll(secret, " ", "")
}

// Has reports whether username has enrolled an authenticator.
func (a *Authenticators) Has(username string) bool {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.secrets[username] != ""
}

// Code is a one-time code of username's authenticator not given out before.
func (a *Authenticators) Code(t testing.TB, username string) string {
	t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.clock.Now().Unix()/30 <= a.used[username] {
		a.clock.Advance(30 * time.Second)
	}
	a.used[username] = a.clock.Now().Unix() / 30
	c, err := totp.GenerateCode(a.secrets[username], a.clock.Now())
	if err != nil || a.secrets[username] == "" {
		t.Fatalf("one-time code of %s: %v (enrolled: %v)", username, err, a.secrets[username] != "")
	}
	return c
}
