package thinktank

import (
	"context"

	"pinghu/internal/access"
	"pinghu/internal/db"
	"pinghu/internal/errs"
)

// Suggestion is an expert who could answer a consultation, with why.
type Suggestion struct {
	Expert
	SameField     bool `json:"same_field"`
	SameCommunity bool `json:"same_community"`
}

// MaxSuggestions bounds the list a person chooses from.
const MaxSuggestions = 50

// Suggest lists the active experts the actor could assign consultation id
// to: those of its field first, within them those of the requester's
// community, each group by current load (consultations assigned and not
// yet answered), the least loaded first. Experts of other fields follow:
// a question may need a neighbouring field, and the assigner decides.
// Only those who may assign the consultation ask; to anyone else it is
// not found.
func (s *Service) Suggest(ctx context.Context, a access.Actor, id int64) ([]Suggestion, error) {
	k, err := getConsultation(ctx, s.DB.R, a, id)
	if err != nil {
		return nil, err
	}
	if !keepsRegister(a, k.communityPath) {
		return nil, errs.E(errs.NotFound)
	}
	today := s.today()
	var w db.Where
	expertScope(&w, a)
	w.And("x.appointed_from <= ? AND x.appointed_to >= ?", today, today)
	fieldRank := w.Next(string(k.Field))
	communityRank := w.Next(k.CommunityID)
	// #nosec G202 -- columns and FROM are constants, the rest placeholders
	q := "SELECT " + expertColumns + expertFrom + w.SQL() + " ORDER BY CASE WHEN x.field = " + fieldRank + " THEN 0 ELSE 1 END, " +
		"CASE WHEN x.community_id = " + communityRank + " THEN 0 ELSE 1 END, " +
		"(SELECT count(*) FROM consultations l WHERE l.expert_id = x.id AND l.state = 'assigned'), x.name, x.id LIMIT " + w.Next(MaxSuggestions)
	rows, err := s.DB.R.QueryContext(ctx, q, w.Args...)
	if err != nil {
		return nil, errs.Wrap(err, "expert suggestions")
	}
	defer func() { _ = rows.Close() }()
	out := []Suggestion{}
	for rows.Next() {
		x, err := scanExpert(rows, today)
		if err != nil {
			return nil, errs.Wrap(err, "expert suggestions")
		}
		out = append(out, Suggestion{Expert: x, SameField: x.Field == k.Field, SameCommunity: x.CommunityID == k.CommunityID})
	}
	return out, errs.Wrap(rows.Err(), "expert suggestions")
}
