// Package errs defines the one error type that crosses layers. Domain code
// returns an *Error with a machine code; the edge maps the code to an HTTP
// status exactly once. "Not found" is always an error, never (nil, nil).
package errs

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Code is a machine-readable error class.
type Code string

const (
	Invalid         Code = "invalid"
	NotFound        Code = "not_found"
	Conflict        Code = "conflict"
	Unauthenticated Code = "unauthenticated"
	Forbidden       Code = "forbidden"
	RateLimited     Code = "rate_limited"
	// TOTPRequired: the password was right, and a one-time code (or a
	// recovery code) must come with it; EnrolmentRequired: the account
	// needs two-factor login and has no authenticator yet. Both are
	// unauthenticated, with a code a client can act on.
	TOTPRequired      Code = "totp_required"
	EnrolmentRequired Code = "enrolment_required"
	Internal          Code = "internal"
	// Malformed is a body that cannot be read at all: broken JSON, an
	// unknown field, a body over the size cap. It is not in the domain's
	// vocabulary but the edge's, and maps to 400.
	Malformed Code = "malformed"
)

// Error is an error with a code, a message key from the catalog, and, for
// invalid input, one message key per offending field.
type Error struct {
	Code    Code
	Message string            // a catalog key, e.g. "err.not_found"
	Args    []any             // arguments for the message
	Fields  map[string]string // field name → catalog key
	// Allowed, for a conflict over an action refused in a record's state,
	// lists the actions the caller may take instead (empty when none, nil
	// when the error is not about actions), so that an answer can offer
	// them rather than only refuse.
	Allowed []string
	// RetryAfter, for a rate_limited error, is how long until the same
	// request may succeed; zero when unknown.
	RetryAfter time.Duration
	Err        error // the cause, never shown to users
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(string(e.Code))
	b.WriteString(": ")
	b.WriteString(e.Message)
	if len(e.Fields) > 0 {
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " [%s: %s]", k, e.Fields[k])
		}
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// CodeOf returns the code of err, Internal for any error without one.
func CodeOf(err error) Code {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}

// As returns err as an *Error, wrapping unknown errors as internal ones.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return &Error{Code: Internal, Message: "err.internal", Err: err}
}

// New makes an error with a code and a message key.
func New(code Code, message string, args ...any) *Error {
	return &Error{Code: code, Message: message, Args: args}
}

// E is a shorthand for the common "object not found" error.
func E(code Code) *Error {
	return &Error{Code: code, Message: "err." + string(code)}
}

// Wrap marks an unexpected failure as internal, keeping the cause for logs.
func Wrap(err error, what string) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Code: Internal, Message: "err.internal", Err: fmt.Errorf("%s: %w", what, err)}
}

// Fields collects per-field validation messages; Err returns nil when empty,
// so validation reads as a list of checks followed by one return.
type Fields map[string]string

// Add records msg for field unless the field already has a message: the
// first problem found is the one worth fixing first.
func (f Fields) Add(field, msg string) {
	if _, ok := f[field]; !ok {
		f[field] = msg
	}
}

// Err returns an invalid-input error naming every field, or nil.
func (f Fields) Err() error {
	if len(f) == 0 {
		return nil
	}
	return &Error{Code: Invalid, Message: "err.invalid", Fields: map[string]string(f)}
}

// InvalidField is a one-field invalid-input error.
func InvalidField(field, msg string) error {
	return Fields{field: msg}.Err()
}
