package campaign

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
)

// Board is a campaign's phase board: one column per phase with its
// activities, the phase of today marked.
type Board struct {
	Campaign Campaign `json:"campaign"`
	Today    string   `json:"today"`
	Columns  []Column `json:"columns"`
}

// Column is one phase on the board.
type Column struct {
	Phase      Phase      `json:"phase"`
	Current    bool       `json:"current"`
	Past       bool       `json:"past"`
	Activities []Activity `json:"activities"`
}

// MaxBoardActivities caps the activities shown per phase; the list of the
// phase holds the rest.
const MaxBoardActivities = 50

// Board reads the phase board of a campaign the actor may see, with the
// activities of each phase that the actor may see.
func (s *Service) Board(ctx context.Context, a access.Actor, id int64) (Board, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return Board{}, err
	}
	b := Board{Campaign: c, Today: s.today(), Columns: []Column{}}
	for _, p := range c.Phases {
		l, err := s.ListActivities(ctx, a, Filter{CampaignID: c.ID, PhaseID: p.ID, Page: db.Page{Number: 1, Size: MaxBoardActivities}})
		if err != nil {
			return Board{}, err
		}
		// Within a phase the activities read in order of date.
		items := l.Items
		for i, j := 0, len(items)-1; i < j; i, j = i+1, j-1 {
			items[i], items[j] = items[j], items[i]
		}
		b.Columns = append(b.Columns, Column{Phase: p, Current: p.Holds(b.Today), Past: p.End < b.Today, Activities: items})
	}
	return b, nil
}

// Current is a campaign in scope with the phase it is in today.
type Current struct {
	Campaign Campaign `json:"campaign"`
	Phase    Phase    `json:"phase"`
}

// CurrentPhases lists the campaigns the actor may see that are in a phase
// today, for the home page.
func (s *Service) CurrentPhases(ctx context.Context, a access.Actor) ([]Current, error) {
	cs, err := s.List(ctx, a)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := []Current{}
	for _, c := range cs {
		if p, ok := c.PhaseOn(today); ok {
			out = append(out, Current{Campaign: c, Phase: p})
		}
	}
	return out, nil
}

// Upcoming lists the activities the actor is invited to that are not over
// yet, soonest first, for the home page.
func (s *Service) Upcoming(ctx context.Context, a access.Actor, n int) ([]Activity, error) {
	l, err := s.ListActivities(ctx, a, Filter{Mine: true, Upcoming: true, Page: db.Page{Number: 1, Size: n}})
	return l.Items, err
}
