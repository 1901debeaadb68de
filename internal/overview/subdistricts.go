package overview

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/errs"
	"pinghu/internal/org"
)

// Subdistrict is one row of the comparison of the sub-districts in a
// district reader's scope: the key figures of its overview.
type Subdistrict struct {
	UnitID                int64    `json:"unit_id"`
	Name                  string   `json:"name"`
	AboveScaleEnterprises int      `json:"above_scale_enterprises"`
	EnterprisesVisited    int      `json:"enterprises_visited"`
	AppealsCollected      int      `json:"appeals_collected"`
	AppealsResolved       int      `json:"appeals_resolved"`
	AppealsInProgress     int      `json:"appeals_in_progress"`
	ClosureRate           *float64 `json:"closure_rate"`
	Projects              int      `json:"projects"`
	MilestonesOverdue     int      `json:"milestones_overdue"`
	SupervisionOpen       int      `json:"supervision_open"`
	Communities           int      `json:"communities"`
	PartyOrganisations    *int     `json:"party_organisations"`
}

// Comparison is the sub-districts of a reader's scope side by side.
type Comparison struct {
	From         string        `json:"from"`
	To           string        `json:"to"`
	AsOf         string        `json:"as_of"`
	Subdistricts []Subdistrict `json:"subdistricts"`
}

// Subdistricts compares the active sub-districts in the reader's scope,
// each by its own overview. A reader of one sub-district gets that one
// row; the page shows the comparison only when there are several.
func (s *Service) Subdistricts(ctx context.Context, a access.Actor, q Query) (Comparison, error) {
	if !Sees(a) {
		return Comparison{}, errs.E(errs.NotFound)
	}
	q.UnitID = 0
	q, period, at, err := q.resolve(s.Now())
	if err != nil {
		return Comparison{}, err
	}
	tree, err := s.Units.Tree(ctx, a)
	if err != nil {
		return Comparison{}, err
	}
	out := Comparison{From: q.From, To: q.To, AsOf: q.AsOf, Subdistricts: []Subdistrict{}}
	for _, u := range tree {
		if u.Kind != org.Subdistrict || !u.Active {
			continue
		}
		f, err := s.figures(ctx, a, q, period, at, u)
		if err != nil {
			return out, err
		}
		es := f.EnterpriseService
		row := Subdistrict{UnitID: u.ID, Name: u.Name, AboveScaleEnterprises: es.AboveScaleEnterprises,
			EnterprisesVisited: es.EnterprisesVisited, AppealsCollected: es.AppealsCollected, AppealsResolved: es.AppealsResolved,
			AppealsInProgress: es.AppealsInProgress, ClosureRate: es.ClosureRate, Projects: f.Projects.Total,
			MilestonesOverdue: f.Projects.MilestonesOverdue, SupervisionOpen: f.Projects.Supervision.Open,
			Communities: f.Community.Communities}
		if f.Party != nil {
			row.PartyOrganisations = &f.Party.Organisations
		}
		out.Subdistricts = append(out.Subdistricts, row)
	}
	return out, nil
}
