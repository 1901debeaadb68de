package proposal

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Figures are the proposal counts of a period for a dashboard: those
// submitted in it and those adopted in it, in the actor's scope. Each
// figure's list is List with the filter of SubmittedIn or AdoptedIn.
type Figures struct {
	From      time.Time `json:"from"`
	To        time.Time `json:"to"`
	Submitted int       `json:"submitted"`
	Adopted   int       `json:"adopted"`
}

// SubmittedIn is the filter of the proposals submitted in [from, to).
func SubmittedIn(from, to time.Time) Filter { return Filter{From: from, To: to} }

// AdoptedIn is the filter of the proposals adopted in [from, to).
func AdoptedIn(from, to time.Time) Filter { return Filter{AdoptedFrom: from, AdoptedTo: to} }

// Count returns the figures of [from, to) in the actor's scope. They are
// counted by the same conditions as the lists, so a figure always equals
// the total of the list behind it.
func (s *Service) Count(ctx context.Context, a access.Actor, from, to time.Time) (Figures, error) {
	out := Figures{From: from, To: to}
	for _, c := range []struct {
		f Filter
		n *int
	}{{SubmittedIn(from, to), &out.Submitted}, {AdoptedIn(from, to), &out.Adopted}} {
		var w db.Where
		s.where(&w, a, c.f)
		if err := s.DB.R.QueryRowContext(ctx, "SELECT count(*)"+proposalFrom+w.SQL(), w.Args...).Scan(c.n); err != nil {
			return out, errs.Wrap(err, "proposal figures")
		}
	}
	return out, nil
}
