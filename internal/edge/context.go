package edge

import (
	"context"
	"io"
	"net/http"

	"pinghu/internal/access"
	"pinghu/internal/account"
)

type ctxKey int

const (
	keyState ctxKey = iota
)

// State is what the middleware learns about a request. It is one mutable
// value per request so that inner layers (routing, authentication) can
// tell outer ones (logging, metrics) what they found.
type State struct {
	RequestID string
	Pattern   string // the matched route, for logs and metrics
	Lang      string
	IP        string
	Actor     access.Actor
	User      account.User
	Signed    bool // a valid session or token came with the request
	Status    int
	body      io.ReadCloser // the request body before LimitBody capped it
}

// StateOf returns the request's state; a zero State when the middleware
// did not run (which only tests of single handlers do).
func StateOf(r *http.Request) *State {
	if s, ok := r.Context().Value(keyState).(*State); ok {
		return s
	}
	return &State{}
}

func withState(r *http.Request, s *State) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), keyState, s))
}

// Actor returns the actor of the request, with its address and request id
// filled in even when nobody is signed in (for audit records of logins).
func Actor(r *http.Request) access.Actor {
	s := StateOf(r)
	a := s.Actor
	a.IP, a.RequestID, a.Lang = s.IP, s.RequestID, s.Lang
	return a
}
