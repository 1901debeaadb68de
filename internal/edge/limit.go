package edge

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"pinghu/internal/errs"
)

// Cost is a route's class of expense. A costly route reads or writes far
// more than a page does (a ledger of every appeal, an import of thousands
// of enterprises), so each user gets a budget of such requests per class,
// and one user cannot take the server from everybody else.
type Cost int

const (
	Cheap  Cost = iota // no budget: pages, API reads and writes of one record
	Export             // a ledger as .xlsx or .csv
	Import             // a bulk import
	// PublicForm is a form anyone may send without login (a resident's
	// proposal): its budget is per client address, and keeps a flood from
	// filling the database.
	PublicForm
	// PublicRead is a page anyone may read without login (the public
	// micro-projects, the stations' map): its budget is per client address,
	// far larger than a person reads, and keeps a scraper from occupying
	// the server.
	PublicRead
)

// String names the class, for messages and logs.
func (c Cost) String() string {
	switch c {
	case Export:
		return "export"
	case Import:
		return "import"
	case PublicForm:
		return "public_form"
	case PublicRead:
		return "public_read"
	}
	return "cheap"
}

// Budget is N requests per period: a user may make N at once, and gets one
// more back every Per/N. N == 0 means no limit.
type Budget struct {
	N   int
	Per time.Duration
}

// String is the budget as the configuration writes it: "20/10m", or "off".
func (b Budget) String() string {
	if b.N <= 0 {
		return "off"
	}
	return strconv.Itoa(b.N) + "/" + b.Per.String()
}

// maxBudget bounds N, so that the refill interval Per/N stays meaningful.
const maxBudget = 1_000_000

// Set reads "N/DURATION" (e.g. "20/10m"), or "off" (or "0") for no limit;
// it makes a Budget a flag.Value, so the configuration reads it directly.
func (b *Budget) Set(s string) error {
	s = strings.TrimSpace(s)
	if s == "off" || s == "0" {
		*b = Budget{}
		return nil
	}
	ns, per, ok := strings.Cut(s, "/")
	if !ok {
		return fmt.Errorf("budget %q: want N/DURATION, e.g. 20/10m, or off", s)
	}
	n, err := strconv.Atoi(strings.TrimSpace(ns))
	if err != nil || n <= 0 || n > maxBudget {
		return fmt.Errorf("budget %q: N must be a whole number from 1 to %d", s, maxBudget)
	}
	d, err := time.ParseDuration(strings.TrimSpace(per))
	if err != nil || d < time.Second || d > 7*24*time.Hour {
		return fmt.Errorf("budget %q: the period must be a duration from 1s to 168h", s)
	}
	*b = Budget{N: n, Per: d}
	return nil
}

// every is the time in which one request of the budget comes back.
func (b Budget) every() time.Duration { return b.Per / time.Duration(b.N) }

// Limiter keeps each user's budget of costly requests, per class, as a
// token bucket: full at first, one token spent per request, refilled
// evenly over the budget's period. Its clock is injected, so that tests
// can move time instead of waiting.
//
// The buckets live in the process: with several instances behind a load
// balancer each grants its own budget. That is enough for what the limit
// is for, keeping one user from occupying the server.
type Limiter struct {
	Now     func() time.Time
	Budgets map[Cost]Budget

	mu      sync.Mutex
	buckets map[bucketKey]bucket
}

type bucketKey struct {
	who  string
	cost Cost
}

// bucket is stored as the moment it will be full again: a bucket whose
// moment has passed is full and need not be kept at all.
type bucket struct{ full time.Time }

// pruneAt is how many buckets the limiter keeps before it drops the full
// ones; each is a few dozen bytes, and a sweep costs one pass.
const pruneAt = 10_000

// Allow spends one request of who's budget for the class, or reports how
// long until one comes back.
func (l *Limiter) Allow(who string, c Cost) (ok bool, retry time.Duration) {
	b, limited := l.Budgets[c]
	if c == Cheap || !limited || b.N <= 0 || b.Per <= 0 {
		return true, 0
	}
	now := l.Now()
	every := b.every()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.buckets == nil {
		l.buckets = map[bucketKey]bucket{}
	}
	k := bucketKey{who, c}
	full := l.buckets[k].full
	if full.Before(now) {
		full = now
	}
	// Spending a token moves the moment of fullness one interval later;
	// the bucket holds N tokens, so it may be at most Per ahead of now.
	next := full.Add(every)
	if over := next.Sub(now) - b.Per; over > 0 {
		return false, over
	}
	if len(l.buckets) >= pruneAt {
		l.prune(now)
	}
	l.buckets[k] = bucket{full: next}
	return true, 0
}

func (l *Limiter) prune(now time.Time) {
	for k, b := range l.buckets {
		if !b.full.After(now) {
			delete(l.buckets, k)
		}
	}
}

// RetryAfter is the Retry-After header's value for a wait: whole seconds,
// rounded up, at least 1.
func RetryAfter(wait time.Duration) string {
	s := int64((wait + time.Second - 1) / time.Second)
	if s < 1 {
		s = 1
	}
	return strconv.FormatInt(s, 10)
}

// unknownWait is the Retry-After of a rate_limited error that does not
// say how long to wait.
const unknownWait = time.Minute

// SetRetryAfter sets the Retry-After header of an answer refusing a
// request as rate limited, pages and API alike; other errors set nothing.
func SetRetryAfter(w http.ResponseWriter, err error) {
	e := errs.As(err)
	if e.Code != errs.RateLimited {
		return
	}
	wait := e.RetryAfter
	if wait <= 0 {
		wait = unknownWait
	}
	w.Header().Set("Retry-After", RetryAfter(wait))
}

// tooMany is the error of a request over its class's budget. The message
// says which class and for how many seconds, in the reader's language.
func tooMany(c Cost, wait time.Duration) error {
	return &errs.Error{Code: errs.RateLimited, Message: "err.too_many_" + c.String(), Args: []any{RetryAfter(wait)},
		RetryAfter: wait}
}
