package overview

import (
	"context"
	"time"

	"pinghu/internal/access"
	"pinghu/internal/appeal"
	"pinghu/internal/community"
	"pinghu/internal/db"
	"pinghu/internal/enterprise"
	"pinghu/internal/errs"
	"pinghu/internal/org"
	"pinghu/internal/project"
	"pinghu/internal/supervision"
)

// Service asks the modules for their figures.
type Service struct {
	Units       *org.Service
	Enterprises *enterprise.Service
	Appeals     *appeal.Service
	Projects    *project.Service
	Supervision *supervision.Service
	Community   *community.Service
	// PartyFigures gives the party organisations' figures of a query in
	// the reader's scope; nil where the party module is not wired, and
	// then the overview has no party figures (Figures.Party is nil), as
	// for a reader it answers not found to.
	PartyFigures func(ctx context.Context, a access.Actor, q Query) (Party, error)
	Now          func() time.Time
}

// Sees tells whether a reader has the overview: the leaders and the
// office for their whole scope, a community for its own, as for the
// community dashboard. Everyone else gets not found.
func Sees(a access.Actor) bool { return community.Sees(a) }

// Overview asks every module for its figures of q in the reader's scope.
// A unit outside the scope is not found.
func (s *Service) Overview(ctx context.Context, a access.Actor, q Query) (Figures, error) {
	if !Sees(a) {
		return Figures{}, errs.E(errs.NotFound)
	}
	q, period, at, err := q.resolve(s.Now())
	if err != nil {
		return Figures{}, err
	}
	unit, err := s.unit(ctx, a, q.UnitID)
	if err != nil {
		return Figures{}, err
	}
	return s.figures(ctx, a, q, period, at, unit)
}

// unit is the unit a query narrows to, or the reader's own.
func (s *Service) unit(ctx context.Context, a access.Actor, id int64) (org.Unit, error) {
	if id == 0 {
		id = a.UnitID
	}
	return s.Units.Get(ctx, a, id)
}

// figures asks the modules for a resolved query of unit u. The modules
// that narrow to a unit themselves (appeals, community) get its id; the
// projects and notices, which answer for a reader's scope only, are asked
// for the scope of a reader of that unit: a part of the reader's own.
func (s *Service) figures(ctx context.Context, a access.Actor, q Query, period community.Period, at time.Time, u org.Unit) (Figures, error) {
	out := Figures{From: q.From, To: q.To, AsOf: q.AsOf, UnitName: u.Name}
	narrowed := readerOf(a, u)
	if u.ID != a.UnitID {
		out.UnitID = u.ID
	}
	q.UnitID = out.UnitID
	var err error
	es := &out.EnterpriseService
	es.Stats, err = s.Appeals.Stats(ctx, a, appeal.StatsQuery{From: q.From, To: q.To, AsOf: at, UnitID: out.UnitID})
	if err != nil {
		return out, err
	}
	one := db.NewPage(1, 1) // the lists' totals are the figures
	ents, err := s.Enterprises.List(ctx, narrowed, enterprise.Filter{Status: enterprise.Operating, Page: one})
	if err != nil {
		return out, err
	}
	visits, err := s.Enterprises.ListVisits(ctx, narrowed, enterprise.VisitFilter{From: q.From, To: min(q.To, q.AsOf), Page: one})
	if err != nil {
		return out, err
	}
	es.Enterprises, es.Visits = ents.Total, visits.Total
	if out.Projects.Stats, err = s.Projects.Stats(ctx, narrowed, q.AsOf); err != nil {
		return out, err
	}
	sup, err := s.Supervision.Stats(ctx, narrowed, q.AsOf)
	if err != nil {
		return out, err
	}
	out.Projects.Supervision = sup.Total
	if out.Community, err = s.Community.Overview(ctx, a, period, out.UnitID); err != nil {
		return out, err
	}
	if s.PartyFigures != nil {
		p, err := s.PartyFigures(ctx, a, q)
		switch {
		case err == nil:
			out.Party = &p
		case errs.As(err).Code == errs.NotFound:
			// The unit is in the reader's scope (checked above): a party
			// module that knows nothing for this reader means the reader
			// has no party figures, and the overview shows the rest.
		default:
			return out, err
		}
	}
	return out, nil
}

// readerOf is a reader of unit u with a's role and identity: the scope
// the figures of u are counted in by the modules that answer for a
// reader's whole scope only. u lies in a's scope, so its scope is a part
// of a's.
func readerOf(a access.Actor, u org.Unit) access.Actor {
	if u.ID != a.UnitID {
		a.UnitID, a.ScopePath = u.ID, u.Path
	}
	return a
}

// Reader is the reader whose scope the project figures of unitID (0: the
// reader's own unit) were counted in, so that a list read with it holds
// exactly the records behind those figures.
func (s *Service) Reader(ctx context.Context, a access.Actor, unitID int64) (access.Actor, error) {
	if !Sees(a) {
		return a, errs.E(errs.NotFound)
	}
	u, err := s.unit(ctx, a, unitID)
	if err != nil {
		return a, err
	}
	return readerOf(a, u), nil
}
